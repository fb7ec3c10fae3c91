import { expectOnly } from './fixture';

test('image-registry: a violating fixture is reported, and only that', () => {
  expectOnly('image-registry', (o) => {
    const cm = o.find((x) => x.kind === 'ConfigMap' && x.metadata.name === 'rel-a-flyte-binary-config');
    cm.data['001-plugins.yaml'] = cm.data['001-plugins.yaml'].replace('mirror.corp.example:5443/', 'cr.flyte.org/');
    return [
      '[image-registry] ConfigMap/rel-a-flyte-binary-config data.001-plugins.yaml:plugins.k8s.co-pilot.image: image "cr.flyte.org/flyteorg/flytecopilot-release:v9.8.7" is not in mirror.corp.example:5443',
      // An image from elsewhere is also one the inventory does not list.
      '[image-inventory] ConfigMap/rel-a-flyte-binary-config data.001-plugins.yaml:plugins.k8s.co-pilot.image: image "cr.flyte.org/flyteorg/flytecopilot-release:v9.8.7" is not in the image inventory',
    ];
  });
});

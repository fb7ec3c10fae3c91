import { generate } from '../../src/synth/generate';
import { tmpProject, validInput } from '../helpers';

const withoutRegistry = () => {
  const env: any = validInput();
  delete env.registry;
  return env;
};

describe('policy at synth', () => {
  test('an environment that breaks a rule fails before anything is written, listing each violation on one line', async () => {
    const root = tmpProject({ lab: withoutRegistry() });
    await expect(generate(root)).rejects.toThrow(
      'config/environments/lab.yaml: policy check failed with 3 violations (waive a rule only with a reason, in policy.waivers): ' +
        '1) [image-registry] Deployment/rel-a-flyte-binary spec.template.spec.initContainers[wait-for-db].image: image "docker.io/library/postgres:15-alpine" is not in a private registry (none is configured); fix: set registry.host in the environment file so every image is mirrored there ' +
        '2) [image-registry] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].image: image "cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7" is not in a private registry (none is configured); fix: set registry.host in the environment file so every image is mirrored there ' +
        '3) [image-registry] ConfigMap/rel-a-flyte-binary-config data.001-plugins.yaml:plugins.k8s.co-pilot.image: image "cr.flyte.org/flyteorg/flytecopilot-release:v9.8.7" is not in a private registry (none is configured); fix: set registry.host in the environment file so every image is mirrored there',
    );
  });

  test('a waiver with a reason lets it through and is reported', async () => {
    const root = tmpProject({ lab: { ...withoutRegistry(), policy: { waivers: [{ rule: 'image-registry', reason: 'the lab pulls public images directly' }] } } });
    const result = await generate(root);
    expect(result.warnings).toEqual(['config/environments/lab.yaml: 3 findings waived by image-registry: the lab pulls public images directly']);
  });

  test('a stale waiver is reported, an unknown rule is an error', async () => {
    const stale = tmpProject({ lab: { ...validInput(), policy: { waivers: [{ rule: 'image-tag', object: 'Deployment/x', reason: 'kept from an older release' }] } } });
    expect((await generate(stale)).warnings.filter((w) => w.includes('waiver'))).toEqual(['config/environments/lab.yaml: waiver of image-tag for Deployment/x matches nothing; remove it']);
    const typo = tmpProject({ lab: { ...validInput(), policy: { waivers: [{ rule: 'imagetag', reason: 'a typo in the rule id' }] } } });
    await expect(generate(typo)).rejects.toThrow('config/environments/lab.yaml: policy.waivers: rule "imagetag" does not exist; expected one of');
  });
});

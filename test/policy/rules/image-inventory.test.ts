import { expectOnly, init } from './fixture';

test('image-inventory: a violating fixture is reported, and only that', () => {
  expectOnly('image-inventory', (o) => {
    init(o).image = 'mirror.corp.example:5443/library/busybox:1.36';
    return '[image-inventory] Deployment/rel-a-flyte-binary spec.template.spec.initContainers[wait-for-db].image: image "mirror.corp.example:5443/library/busybox:1.36" is not in the image inventory';
  });
});

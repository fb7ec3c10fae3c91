import { expectOnly, init } from './fixture';

test('resources: a violating fixture is reported, and only that', () => {
  expectOnly('resources', (o) => {
    delete init(o).resources.limits.memory;
    return '[resources] Deployment/rel-a-flyte-binary spec.template.spec.initContainers[wait-for-db].resources.limits.memory: limits.memory is not set';
  });
});

import { expectOnly, flyte } from './fixture';

test('read-only-root-filesystem: a violating fixture is reported, and only that', () => {
  expectOnly('read-only-root-filesystem', (o) => {
    flyte(o).securityContext.readOnlyRootFilesystem = false;
    return '[read-only-root-filesystem] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].securityContext.readOnlyRootFilesystem: the root filesystem is writable';
  });
});

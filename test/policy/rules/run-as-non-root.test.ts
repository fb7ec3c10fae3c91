import { deployment, expectOnly, init } from './fixture';

test('run-as-non-root: a violating fixture is reported, and only that', () => {
  expectOnly('run-as-non-root', (o) => {
    delete deployment(o).spec.template.spec.securityContext.runAsNonRoot;
    delete init(o).securityContext.runAsNonRoot;
    return '[run-as-non-root] Deployment/rel-a-flyte-binary spec.template.spec.initContainers[wait-for-db].securityContext.runAsNonRoot: runAsNonRoot is not true';
  });
});

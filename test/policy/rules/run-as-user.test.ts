import { expectOnly, flyte } from './fixture';

test('run-as-user: a violating fixture is reported, and only that', () => {
  expectOnly('run-as-user', (o) => {
    flyte(o).securityContext.runAsUser = 0;
    return '[run-as-user] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].securityContext.runAsUser: runAsUser is 0';
  });
});

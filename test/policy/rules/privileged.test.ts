import { expectOnly, flyte } from './fixture';

test('privileged: a violating fixture is reported, and only that', () => {
  expectOnly('privileged', (o) => {
    flyte(o).securityContext.privileged = true;
    return '[privileged] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].securityContext.privileged: the container is privileged';
  });
});

import { expectOnly, flyte } from './fixture';

test('capabilities: a violating fixture is reported, and only that', () => {
  expectOnly('capabilities', (o) => {
    flyte(o).securityContext.capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] };
    return '[capabilities] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].securityContext.capabilities.add: capabilities add SYS_ADMIN';
  });
});

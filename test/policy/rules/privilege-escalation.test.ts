import { expectOnly, init } from './fixture';

test('privilege-escalation: a violating fixture is reported, and only that', () => {
  expectOnly('privilege-escalation', (o) => {
    delete init(o).securityContext.allowPrivilegeEscalation;
    return '[privilege-escalation] Deployment/rel-a-flyte-binary spec.template.spec.initContainers[wait-for-db].securityContext.allowPrivilegeEscalation: allowPrivilegeEscalation is not false';
  });
});

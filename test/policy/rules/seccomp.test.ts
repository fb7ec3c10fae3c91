import { deployment, expectOnly, flyte } from './fixture';

test('seccomp: a violating fixture is reported, and only that', () => {
  expectOnly('seccomp', (o) => {
    delete deployment(o).spec.template.spec.securityContext.seccompProfile;
    delete flyte(o).securityContext.seccompProfile;
    return '[seccomp] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].securityContext.seccompProfile: seccompProfile is not set';
  });
});

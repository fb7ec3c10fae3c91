import { deployment, expectOnly } from './fixture';

test('host-namespaces: a violating fixture is reported, and only that', () => {
  expectOnly('host-namespaces', (o) => {
    deployment(o).spec.template.spec.hostNetwork = true;
    return '[host-namespaces] Deployment/rel-a-flyte-binary spec.template.spec.hostNetwork: hostNetwork is true';
  });
});

import { expectOnly, flyte } from './fixture';

test('host-ports: a violating fixture is reported, and only that', () => {
  expectOnly('host-ports', (o) => {
    flyte(o).ports[0].hostPort = 8088;
    return '[host-ports] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].ports: a port binds a host port';
  });
});

import { expectOnly, flyte } from './fixture';

test('probes: a violating fixture is reported, and only that', () => {
  expectOnly('probes', (o) => {
    delete flyte(o).readinessProbe;
    return '[probes] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].readinessProbe: no readiness probe';
  });
});

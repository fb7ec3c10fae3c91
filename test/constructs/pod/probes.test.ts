import { flyteProbes } from '../../../src/constructs/pod/probes';

// IntOrString as cdk8s holds it before synthesis.
const check = { httpGet: { path: '/healthcheck', port: { value: 'http' } } };
const plain = (p: unknown) => JSON.parse(JSON.stringify(p));

describe('flyteProbes', () => {
  test('without settings: the upstream chart\'s probes (30 s delay), no startup probe', () => {
    const p = plain(flyteProbes());
    expect(p).toEqual({ livenessProbe: { ...check, initialDelaySeconds: 30 }, readinessProbe: { ...check, initialDelaySeconds: 30 } });
  });

  test('a startup probe (even {}) gets 30 x 10 s and lets the others start without delay', () => {
    const p = plain(flyteProbes({ startup: {} }));
    expect(p.startupProbe).toEqual({ ...check, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 30 });
    expect(p.livenessProbe).toEqual({ ...check, initialDelaySeconds: 0 });
    expect(p.readinessProbe).toEqual({ ...check, initialDelaySeconds: 0 });
  });

  test('each timing reaches its own probe only', () => {
    const p = plain(flyteProbes({
      startup: { failureThreshold: 90, periodSeconds: 5 },
      readiness: { periodSeconds: 7, timeoutSeconds: 2, failureThreshold: 4 },
      liveness: { initialDelaySeconds: 11, timeoutSeconds: 6 },
    }));
    expect(p.startupProbe).toEqual({ ...check, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 90 });
    expect(p.readinessProbe).toEqual({ ...check, initialDelaySeconds: 0, periodSeconds: 7, timeoutSeconds: 2, failureThreshold: 4 });
    expect(p.livenessProbe).toEqual({ ...check, initialDelaySeconds: 11, timeoutSeconds: 6 });
  });

  test.each([
    [{ readiness: { periodSeconds: 0 } }, 'pod.probes.readiness.periodSeconds: 0 is not allowed; expected an integer from 1 to 3600'],
    [{ liveness: { initialDelaySeconds: -1 } }, 'pod.probes.liveness.initialDelaySeconds: -1 is not allowed; expected an integer from 0 to 3600'],
    [{ startup: { failureThreshold: 1.5 } }, 'pod.probes.startup.failureThreshold: 1.5 is not allowed; expected an integer from 1 to 1000'],
    [{ startup: { timeoutSeconds: 3601 } }, 'pod.probes.startup.timeoutSeconds: 3601 is not allowed; expected an integer from 1 to 3600'],
  ])('refuses %j', (settings, message) => {
    expect(() => flyteProbes(settings)).toThrow(message);
  });
});

import type { IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { propsError } from '../errors';

export interface ProbeTimings {
  /** @default 30 for readiness and liveness without a startup probe, else 0 */
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 1 */
  readonly timeoutSeconds?: number;
  /** @default 30 for the startup probe, 3 for the others */
  readonly failureThreshold?: number;
}

export interface FlyteProbeSettings {
  /** @default - no startup probe (like the upstream chart) */
  readonly startup?: ProbeTimings;
  /** @default - the upstream chart's probe: after 30 s, then Kubernetes' defaults */
  readonly readiness?: ProbeTimings;
  /** @default - the upstream chart's probe: after 30 s, then Kubernetes' defaults */
  readonly liveness?: ProbeTimings;
}

const LIMITS: Record<keyof ProbeTimings, [number, number]> = {
  initialDelaySeconds: [0, 3600],
  periodSeconds: [1, 3600],
  timeoutSeconds: [1, 3600],
  failureThreshold: [1, 1000],
};

/**
 * The probes of the Flyte container: GET /healthcheck on the http port. Without settings they are
 * the upstream chart's (a 30 s delay, Kubernetes' defaults otherwise); only what is set is written.
 * A startup probe gives a slow first start (database migrations) its own budget: 30 x 10 s.
 * Errors name FlyteBinary's fields (`pod.probes`), after the path of `scope` when given.
 */
export function flyteProbes(settings: FlyteProbeSettings = {}, scope?: IConstruct): { startupProbe?: k8s.Probe; livenessProbe: k8s.Probe; readinessProbe: k8s.Probe } {
  for (const which of ['startup', 'readiness', 'liveness'] as const) {
    for (const [field, [min, max]] of Object.entries(LIMITS)) {
      const v = settings[which]?.[field as keyof ProbeTimings];
      if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) {
        throw propsError(scope, `pod.probes.${which}.${field}`, `${JSON.stringify(v)} is not allowed; expected an integer from ${min} to ${max}`);
      }
    }
  }
  const check = { httpGet: { path: '/healthcheck', port: k8s.IntOrString.fromString('http') } };
  const startup = settings.startup;
  const delay = startup ? 0 : 30;
  const probe = (t: ProbeTimings | undefined): k8s.Probe => ({ ...check, initialDelaySeconds: delay, ...t });
  return {
    startupProbe: startup && { ...check, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 30, ...startup },
    livenessProbe: probe(settings.liveness),
    readinessProbe: probe(settings.readiness),
  };
}

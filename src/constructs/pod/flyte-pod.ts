import type { IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { propsError } from '../errors';
import { FLYTE_PATHS, FLYTE_PORTS } from '../flyte-config';
import { PodContainer } from './container';
import { EnvVarSetting } from './container-env';
import { FlyteAffinity, podAffinity } from './pod-affinity';
import { FlyteProbeSettings } from './probes';

/** Non-root user and group of the upstream chart's optional pod security context (nobody). */
export const FLYTE_UID = 65534;

/**
 * Seconds between SIGTERM and SIGKILL. The binary does not exit on SIGTERM by itself (propeller,
 * the scheduler and data catalog keep running); only admin's servers drain, for at most
 * `server.gracefulShutdownTimeoutSeconds` (10 s by default, flyteadmin/pkg/config/config.go and
 * flyteadmin/pkg/server/service.go, v1.16.8). 10 s plus a margin: every Recreate rollout waits this
 * long, and nothing is lost at SIGKILL (workflow state is in the FlyteWorkflow objects and the database).
 */
export const FLYTE_TERMINATION_GRACE_SECONDS = 15;

export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface FlyteToleration {
  /** @default - every key (operator Exists) */
  readonly key?: string;
  /** @default 'Equal' */
  readonly operator?: 'Equal' | 'Exists';
  /** @default - none */
  readonly value?: string;
  /** @default - every effect */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** @default - for ever */
  readonly tolerationSeconds?: number;
}

export interface FlyteTopologySpread {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** @default 'ScheduleAnyway' */
  readonly whenUnsatisfiable?: 'DoNotSchedule' | 'ScheduleAnyway';
}

/** Where the Flyte pod runs, and its own metadata. */
export interface FlytePodOptions {
  /** @default - any node */
  readonly nodeSelector?: Record<string, string>;
  /** @default - none */
  readonly tolerations?: readonly FlyteToleration[];
  /** Spread constraints over the Flyte pods (the selector). @default - none */
  readonly topologySpreadConstraints?: readonly FlyteTopologySpread[];
  /** @default - the cluster's default priority */
  readonly priorityClassName?: string;
  /** Pod template annotations, besides the checksums. @default - none */
  readonly annotations?: Record<string, string>;
  /** Pod template labels; the chart's own labels win. @default - none */
  readonly labels?: Record<string, string>;
  /** Node affinity and pod (anti-)affinity. @default - none */
  readonly affinity?: FlyteAffinity;
  /** Extra environment variables of the Flyte container (after the chart's own). @default - none */
  readonly env?: readonly EnvVarSetting[];
  /** Probe timings. @default - the upstream chart's probes, no startup probe */
  readonly probes?: FlyteProbeSettings;
}

/** Every container of the pod: non-root, read-only root file system, no privilege, no capability ("restricted"). */
export const FLYTE_CONTAINER_SECURITY: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: FLYTE_UID,
  runAsGroup: FLYTE_UID,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The pod's security context: the files of its volumes belong to FLYTE_UID's group. */
export const FLYTE_POD_SECURITY: k8s.PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: FLYTE_UID,
  runAsGroup: FLYTE_UID,
  fsGroup: FLYTE_UID,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Requests and limits in the Kubernetes shape. */
export function containerResources(r: ContainerResources): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(r.requests.cpu), memory: k8s.Quantity.fromString(r.requests.memory) },
    limits: { cpu: k8s.Quantity.fromString(r.limits.cpu), memory: k8s.Quantity.fromString(r.limits.memory) },
  };
}

/** The init container that waits until the database answers (as upstream's wait-for-db). */
export function waitForDbContainer(options: { readonly image: string; readonly host: string; readonly port: number; readonly username: string; readonly resources: k8s.ResourceRequirements }): PodContainer {
  return new PodContainer({
    name: 'wait-for-db',
    image: options.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-ec'],
    // The values reach the script as variables, quoted: a "$" in a user name (PostgreSQL
    // allows it) is never expanded by the shell.
    args: [
      ['until pg_isready \\', '  -h "$DB_HOST" \\', '  -p "$DB_PORT" \\', '  -U "$DB_USER"', 'do', '  echo waiting for database', '  sleep 0.1', 'done', ''].join('\n'),
    ],
    env: [
      { name: 'DB_HOST', value: options.host },
      { name: 'DB_PORT', value: String(options.port) },
      { name: 'DB_USER', value: options.username },
    ],
    resources: options.resources,
    securityContext: FLYTE_CONTAINER_SECURITY,
  });
}

/** The `flyte` container: `flyte start` over the config folder, on the four ports of the binary; mounts are added by the caller. */
export function flyteContainer(options: {
  readonly image: string;
  readonly env: readonly k8s.EnvVar[];
  readonly probes: { readonly startupProbe?: k8s.Probe; readonly livenessProbe: k8s.Probe; readonly readinessProbe: k8s.Probe };
  readonly resources: k8s.ResourceRequirements;
}): PodContainer {
  return new PodContainer({
    name: 'flyte',
    image: options.image,
    imagePullPolicy: 'IfNotPresent',
    args: ['start', '--config', `${FLYTE_PATHS.config}/*.yaml`],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      ...options.env,
    ],
    ports: (['http', 'grpc', 'webhook', 'metrics'] as const).map((name) => ({ name, containerPort: FLYTE_PORTS[name] })),
    startupProbe: options.probes.startupProbe,
    livenessProbe: options.probes.livenessProbe,
    readinessProbe: options.probes.readinessProbe,
    resources: options.resources,
    securityContext: FLYTE_CONTAINER_SECURITY,
  });
}

/** Where the pod runs: node selector, tolerations, spread over the pods `selector` selects, priority, affinity. */
export function podPlacement(pod: FlytePodOptions | undefined, selector: Readonly<Record<string, string>>, scope?: IConstruct): Pick<k8s.PodSpec, 'nodeSelector' | 'tolerations' | 'topologySpreadConstraints' | 'priorityClassName' | 'affinity'> {
  for (const c of pod?.topologySpreadConstraints ?? []) {
    if (!Number.isInteger(c.maxSkew) || c.maxSkew < 1) throw propsError(scope, 'pod.topologySpreadConstraints maxSkew', `${JSON.stringify(c.maxSkew)} is not allowed; expected an integer of at least 1`);
  }
  return {
    nodeSelector: pod?.nodeSelector && Object.keys(pod.nodeSelector).length > 0 ? pod.nodeSelector : undefined,
    tolerations: pod?.tolerations?.map((t) => ({ ...t, operator: t.operator ?? 'Equal' })),
    topologySpreadConstraints: pod?.topologySpreadConstraints?.map((c) => ({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      whenUnsatisfiable: c.whenUnsatisfiable ?? 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...selector } },
    })),
    priorityClassName: pod?.priorityClassName,
    affinity: pod?.affinity ? podAffinity(pod.affinity, scope) : undefined,
  };
}

import type { Chart } from 'cdk8s';
import { compareStrings } from './compare';
import { toYaml } from './yaml';

/** A rendered Kubernetes object. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

// Helm's install order: objects that others need come first, so `kubectl apply -f manifests/`
// and the file listing read in a sensible order. Kinds not listed (custom resources) go last.
const KIND_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodDisruptionBudget', 'ServiceAccount', 'Secret',
  'ConfigMap', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'Role',
  'RoleBinding', 'Service', 'DaemonSet', 'Pod', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet',
  'Job', 'CronJob', 'IngressClass', 'Ingress',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
}

/** The chart's objects, sorted by install order, then kind, then name. */
export function chartObjects(chart: Chart): KubeObject[] {
  const objects = chart.toJson() as KubeObject[];
  return objects.sort(
    (a, b) =>
      kindRank(a.kind) - kindRank(b.kind) ||
      compareStrings(a.kind, b.kind) ||
      compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
      compareStrings(a.metadata.name, b.metadata.name),
  );
}

/** `NN-<kind>-<name>.yaml`: the prefix is the kind's install-order rank, stable per kind. */
export function manifestFileName(obj: KubeObject): string {
  const rank = String(kindRank(obj.kind)).padStart(2, '0');
  return `${rank}-${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`;
}

const serialised = new WeakMap<KubeObject, string>();

/** Serialises an object as a manifest file (once: the chart and the bundle reuse the text). */
export function manifestYaml(obj: KubeObject): string {
  let text = serialised.get(obj);
  if (text === undefined) {
    text = toYaml(obj);
    serialised.set(obj, text);
  }
  return text;
}

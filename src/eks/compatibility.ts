import { kubernetesMinor } from './cluster-facts';

/**
 * When an API version of built-in kinds is served, in Kubernetes 1.x minors. From the Kubernetes
 * "Deprecated API Migration Guide" (removals, and the version each replacement is available
 * since). `since` is left out where the API predates every cluster EKS has run.
 */
export interface ApiServed {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** First minor that serves it as GA. @default - every minor */
  readonly since?: number;
  /** First minor that no longer serves it. @default - still served */
  readonly removedIn?: number;
}

export const API_TABLE: readonly ApiServed[] = [
  // Generally available.
  { apiVersion: 'v1', kinds: ['ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ResourceQuota', 'Secret', 'Service', 'ServiceAccount'] },
  { apiVersion: 'apps/v1', kinds: ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'], since: 9 },
  { apiVersion: 'batch/v1', kinds: ['Job'] },
  { apiVersion: 'batch/v1', kinds: ['CronJob'], since: 21 },
  { apiVersion: 'autoscaling/v1', kinds: ['HorizontalPodAutoscaler'] },
  { apiVersion: 'autoscaling/v2', kinds: ['HorizontalPodAutoscaler'], since: 23 },
  { apiVersion: 'policy/v1', kinds: ['PodDisruptionBudget'], since: 21 },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], since: 8 },
  { apiVersion: 'networking.k8s.io/v1', kinds: ['NetworkPolicy'], since: 8 },
  { apiVersion: 'networking.k8s.io/v1', kinds: ['Ingress', 'IngressClass'], since: 19 },
  { apiVersion: 'apiextensions.k8s.io/v1', kinds: ['CustomResourceDefinition'], since: 16 },
  { apiVersion: 'admissionregistration.k8s.io/v1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], since: 16 },
  { apiVersion: 'apiregistration.k8s.io/v1', kinds: ['APIService'], since: 10 },
  { apiVersion: 'scheduling.k8s.io/v1', kinds: ['PriorityClass'], since: 14 },
  { apiVersion: 'coordination.k8s.io/v1', kinds: ['Lease'], since: 14 },
  { apiVersion: 'certificates.k8s.io/v1', kinds: ['CertificateSigningRequest'], since: 19 },
  { apiVersion: 'discovery.k8s.io/v1', kinds: ['EndpointSlice'], since: 21 },
  { apiVersion: 'events.k8s.io/v1', kinds: ['Event'], since: 19 },
  { apiVersion: 'node.k8s.io/v1', kinds: ['RuntimeClass'], since: 20 },
  { apiVersion: 'storage.k8s.io/v1', kinds: ['StorageClass'], since: 6 },
  { apiVersion: 'storage.k8s.io/v1', kinds: ['VolumeAttachment'], since: 13 },
  { apiVersion: 'storage.k8s.io/v1', kinds: ['CSINode'], since: 17 },
  { apiVersion: 'storage.k8s.io/v1', kinds: ['CSIDriver'], since: 19 },
  { apiVersion: 'storage.k8s.io/v1', kinds: ['CSIStorageCapacity'], since: 24 },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], since: 29 },
  // Removed.
  { apiVersion: 'extensions/v1beta1', kinds: ['DaemonSet', 'Deployment', 'NetworkPolicy', 'PodSecurityPolicy', 'ReplicaSet'], removedIn: 16 },
  { apiVersion: 'apps/v1beta1', kinds: ['ControllerRevision', 'Deployment', 'ReplicaSet', 'StatefulSet'], removedIn: 16 },
  { apiVersion: 'apps/v1beta2', kinds: ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'], removedIn: 16 },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: 22 },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], removedIn: 22 },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], removedIn: 22 },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], removedIn: 22 },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], removedIn: 22 },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], removedIn: 22 },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], removedIn: 22 },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], removedIn: 22 },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], removedIn: 22 },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removedIn: 22 },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: 25 },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: 25 },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: 25 },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: 25 },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget', 'PodSecurityPolicy'], removedIn: 25 },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: 25 },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: 26 },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: 26 },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removedIn: 27 },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: 29 },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: 32 },
];

/**
 * The Kubernetes minors EKS supports on 2026-12-01 (standard or extended support: 1.31 left
 * extended support on 2026-11-26, 1.32 keeps it until 2027-03-23; 1.37 is the newest). The
 * manifests are applied to a real 1.34 API server in the tests (test/cluster/), and that server
 * checks API_TABLE; for the other minors the table says what is served. Move the range with
 * the EKS release calendar.
 */
export const SUPPORTED_RANGE = { min: 32, max: 37 } as const;

/** An apiVersion of Kubernetes itself (core, the unsuffixed groups, or a *.k8s.io group). */
function isBuiltIn(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  if (slash === -1) return true;
  const group = apiVersion.slice(0, slash);
  return ['apps', 'batch', 'autoscaling', 'policy', 'extensions'].includes(group) || group.endsWith('.k8s.io');
}

export interface CompatibilityReport {
  /** Objects that the cluster does not serve: the synth fails. */
  readonly errors: string[];
  /** Things to look at: a version outside the tested range, an API this table does not know. */
  readonly warnings: string[];
}

/**
 * Checks that a cluster of `kubernetesVersion` serves every built-in apiVersion/kind of `objects`.
 * Custom resources are not checked: their CRD (checked itself) says what they serve.
 */
export function checkCompatibility(objects: ReadonlyArray<{ apiVersion: string; kind: string }>, kubernetesVersion: string): CompatibilityReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  const minor = kubernetesMinor(kubernetesVersion);
  if (minor === undefined) return { errors: [`Kubernetes version ${JSON.stringify(kubernetesVersion)} is not "1.<minor>"`], warnings };
  if (minor < SUPPORTED_RANGE.min || minor > SUPPORTED_RANGE.max) {
    warnings.push(
      `the cluster runs Kubernetes ${kubernetesVersion}, outside 1.${SUPPORTED_RANGE.min}-1.${SUPPORTED_RANGE.max} that EKS supports and the manifests are checked against; check them with "kubectl apply --dry-run=server" before deploying`,
    );
  }
  const seen = new Set<string>();
  for (const { apiVersion, kind } of objects) {
    const key = `${apiVersion} ${kind}`;
    if (seen.has(key) || !isBuiltIn(apiVersion)) continue;
    seen.add(key);
    const entry = API_TABLE.find((e) => e.apiVersion === apiVersion && e.kinds.includes(kind));
    if (!entry) {
      warnings.push(`${kind} ${apiVersion} is not in the API table of src/eks/compatibility.ts, so whether Kubernetes ${kubernetesVersion} serves it is not checked`);
    } else if (entry.removedIn !== undefined && minor >= entry.removedIn) {
      errors.push(`${kind} ${apiVersion} is no longer served from Kubernetes 1.${entry.removedIn}, and the cluster runs ${kubernetesVersion}`);
    } else if (entry.since !== undefined && minor < entry.since) {
      errors.push(`${kind} ${apiVersion} is served from Kubernetes 1.${entry.since} only, and the cluster runs ${kubernetesVersion}; upgrade the cluster`);
    }
  }
  return { errors, warnings };
}

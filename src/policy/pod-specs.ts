import type { KubeObject } from '../synth/manifests';

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly securityContext?: Record<string, any>;
  readonly resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  readonly livenessProbe?: unknown;
  readonly readinessProbe?: unknown;
  readonly ports?: Array<{ name?: string; containerPort: number; hostPort?: number }>;
  readonly env?: Array<{ name: string; value?: string }>;
}

export interface PodSpecAt {
  readonly object: KubeObject;
  readonly path: string;
  readonly spec: Record<string, any>;
  readonly labels: Record<string, string>;
  /** The pod template's metadata, for workloads (a bare Pod's is the object's own). */
  readonly templateMetadata?: { readonly path: string; readonly metadata: Record<string, any> };
  readonly containers: Array<{ c: Container; path: string; init: boolean }>;
}

const podSpecsOf = new WeakMap<readonly KubeObject[], PodSpecAt[]>();

/** Pod specs of workloads and bare pods, with where they sit in the object (computed once per list). */
export function podSpecs(objects: readonly KubeObject[]): PodSpecAt[] {
  const known = podSpecsOf.get(objects);
  if (known) return known;
  const out: PodSpecAt[] = [];
  podSpecsOf.set(objects, out);
  for (const o of objects) {
    const any = o as any;
    let spec: Record<string, any> | undefined;
    let path = '';
    let labels: Record<string, string> = {};
    if (o.kind === 'Pod') {
      spec = any.spec;
      path = 'spec';
      labels = any.metadata.labels ?? {};
    } else if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(o.kind)) {
      spec = any.spec?.template?.spec;
      path = 'spec.template.spec';
      labels = any.spec?.template?.metadata?.labels ?? {};
    } else if (o.kind === 'CronJob') {
      spec = any.spec?.jobTemplate?.spec?.template?.spec;
      path = 'spec.jobTemplate.spec.template.spec';
      labels = any.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
    }
    if (!spec) continue;
    const containers = [
      ...((spec.initContainers ?? []) as Container[]).map((c) => ({ c, path: `${path}.initContainers[${c.name}]`, init: true })),
      ...((spec.containers ?? []) as Container[]).map((c) => ({ c, path: `${path}.containers[${c.name}]`, init: false })),
    ];
    const template = o.kind === 'Pod' ? undefined : path.replace(/\.spec$/, '');
    const templateMetadata = template ? { path: `${template}.metadata`, metadata: (template.split('.').reduce((x: any, k) => x?.[k], any)?.metadata ?? {}) as Record<string, any> } : undefined;
    out.push({ object: o, path, spec, labels, templateMetadata, containers });
  }
  return out;
}

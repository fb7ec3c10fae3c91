import { CORE_SCHEMA, load } from 'js-yaml';
import type { KubeObject } from '../synth/manifests';
import { credentialIn } from '../config/credentials';

/** One broken rule, on one field of one object. */
export interface Violation {
  readonly rule: string;
  /** `<Kind>/<name>` */
  readonly object: string;
  /** Dotted path of the offending field, containers named in brackets. */
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

/** What the rules know besides the objects. */
export interface PolicyContext {
  /** The environment's private registry host; undefined when it has none. */
  readonly registry?: string;
  /** Every image reference the image inventory lists (mirrored targets). */
  readonly inventory: readonly string[];
}

export interface Rule {
  readonly id: string;
  /** One line for README and reports. */
  readonly description: string;
  check(objects: readonly KubeObject[], ctx: PolicyContext): Violation[];
}

interface Container {
  readonly name: string;
  readonly image?: string;
  readonly securityContext?: Record<string, any>;
  readonly resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  readonly livenessProbe?: unknown;
  readonly readinessProbe?: unknown;
  readonly ports?: Array<{ name?: string; containerPort: number; hostPort?: number }>;
  readonly env?: Array<{ name: string; value?: string }>;
}

interface PodSpecAt {
  readonly object: KubeObject;
  readonly path: string;
  readonly spec: Record<string, any>;
  readonly labels: Record<string, string>;
  /** The pod template's metadata, for workloads (a bare Pod's is the object's own). */
  readonly templateMetadata?: { readonly path: string; readonly metadata: Record<string, any> };
  readonly containers: Array<{ c: Container; path: string; init: boolean }>;
}

const id = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;

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

/** A rule that looks at every container of every pod spec. */
function containerRule(ruleId: string, description: string, fix: string, test: (c: Container, pod: PodSpecAt, init: boolean) => { field: string; message: string } | undefined): Rule {
  return {
    id: ruleId,
    description,
    check: (objects) =>
      podSpecs(objects).flatMap((pod) =>
        pod.containers.flatMap(({ c, path, init }) => {
          const r = test(c, pod, init);
          return r ? [{ rule: ruleId, object: id(pod.object), field: `${path}.${r.field}`, message: r.message, fix }] : [];
        }),
      ),
  };
}

/** The effective security setting: the container's, else the pod's. */
const effective = (c: Container, pod: PodSpecAt, key: string) => c.securityContext?.[key] ?? pod.spec.securityContext?.[key];

const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const CREDENTIAL_KEY = /(password|passwd|pwd|token|api[-_]?key|secret[-_]?key|access[-_]?key|private[-_]?key|client[-_]?secret|credentials?)$/i;
const CREDENTIAL_VALUE = { test: (v: string) => credentialIn(v) !== undefined };
// In YAML files the keys are checked one by one (CREDENTIAL_KEY), so assignments are left to that.
const CREDENTIAL_IN_FILE = { test: (v: string) => credentialIn(v, { assignments: false }) !== undefined };

const configImagesOf = new WeakMap<KubeObject, Array<{ field: string; image: string }>>();

/** Every `image:` value inside the YAML files of a ConfigMap (Flyte's co-pilot image lives there). */
export function configImages(o: KubeObject): Array<{ field: string; image: string }> {
  const known = configImagesOf.get(o);
  if (known) return known;
  const out: Array<{ field: string; image: string }> = [];
  configImagesOf.set(o, out);
  for (const [file, text] of Object.entries(((o as any).data ?? {}) as Record<string, string>)) {
    // Parse only files that can hold an image reference.
    if (!/\.ya?ml$/.test(file) || !text.includes('image')) continue;
    let doc: unknown;
    try {
      doc = load(text, { schema: CORE_SCHEMA });
    } catch {
      continue;
    }
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'image' && typeof x === 'string') out.push({ field: `data.${file}:${path}${path ? '.' : ''}image`, image: x });
          else walk(x, `${path}${path ? '.' : ''}${k}`);
        }
      }
    };
    walk(doc, '');
  }
  return out;
}

/** Every image reference in the objects: containers, then images inside ConfigMap config files. */
function allImages(objects: readonly KubeObject[]): Array<{ object: string; field: string; image: string }> {
  const out: Array<{ object: string; field: string; image: string }> = [];
  for (const pod of podSpecs(objects)) for (const { c, path } of pod.containers) out.push({ object: id(pod.object), field: `${path}.image`, image: c.image ?? '' });
  for (const o of objects.filter((x) => x.kind === 'ConfigMap')) for (const i of configImages(o)) out.push({ object: id(o), ...i });
  return out;
}

/** Tag of a reference: undefined when untagged. The registry port's colon is not a tag. */
function tagOf(image: string): string | undefined {
  const name = image.split('@')[0];
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > lastSlash ? name.slice(colon + 1) : undefined;
}

export const RULES: readonly Rule[] = [
  containerRule('run-as-non-root', 'Containers must run as a non-root user (runAsNonRoot: true).', 'set securityContext.runAsNonRoot: true on the pod or the container',
    (c, pod) => (effective(c, pod, 'runAsNonRoot') === true ? undefined : { field: 'securityContext.runAsNonRoot', message: 'runAsNonRoot is not true' })),
  containerRule('run-as-user', 'Containers must run with a non-zero runAsUser and runAsGroup.', 'set securityContext.runAsUser and runAsGroup to a non-zero id (65534 for the Flyte image)',
    (c, pod) => {
      for (const key of ['runAsUser', 'runAsGroup']) {
        const v = effective(c, pod, key);
        if (typeof v !== 'number' || v === 0) return { field: `securityContext.${key}`, message: `${key} is ${v === undefined ? 'not set' : v}` };
      }
      return undefined;
    }),
  containerRule('privilege-escalation', 'Containers must set allowPrivilegeEscalation: false.', 'set securityContext.allowPrivilegeEscalation: false on the container',
    (c) => (c.securityContext?.allowPrivilegeEscalation === false ? undefined : { field: 'securityContext.allowPrivilegeEscalation', message: 'allowPrivilegeEscalation is not false' })),
  containerRule('privileged', 'Containers must not be privileged.', 'remove securityContext.privileged or set it to false',
    (c) => (c.securityContext?.privileged === true ? { field: 'securityContext.privileged', message: 'the container is privileged' } : undefined)),
  containerRule('capabilities', 'Containers must drop ALL capabilities and add none but NET_BIND_SERVICE.', 'set securityContext.capabilities.drop: [ALL]',
    (c) => {
      const caps = c.securityContext?.capabilities ?? {};
      if (!(caps.drop ?? []).includes('ALL')) return { field: 'securityContext.capabilities.drop', message: 'capabilities do not drop ALL' };
      const added = (caps.add ?? []).filter((a: string) => a !== 'NET_BIND_SERVICE');
      return added.length > 0 ? { field: 'securityContext.capabilities.add', message: `capabilities add ${added.join(', ')}` } : undefined;
    }),
  containerRule('seccomp', 'Pods must use the RuntimeDefault (or a Localhost) seccomp profile.', 'set securityContext.seccompProfile.type: RuntimeDefault on the pod',
    (c, pod) => {
      const type = effective(c, pod, 'seccompProfile')?.type;
      return type === 'RuntimeDefault' || type === 'Localhost' ? undefined : { field: 'securityContext.seccompProfile', message: `seccompProfile is ${type ?? 'not set'}` };
    }),
  containerRule('read-only-root-filesystem', 'Containers must have a read-only root filesystem (writable paths are emptyDir mounts).', 'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes',
    (c) => (c.securityContext?.readOnlyRootFilesystem === true ? undefined : { field: 'securityContext.readOnlyRootFilesystem', message: 'the root filesystem is writable' })),
  containerRule('resources', 'Every container must request and limit CPU and memory.', 'set resources.requests and resources.limits for cpu and memory',
    (c) => {
      for (const kind of ['requests', 'limits'] as const) {
        for (const r of ['cpu', 'memory']) {
          if (c.resources?.[kind]?.[r] === undefined) return { field: `resources.${kind}.${r}`, message: `${kind}.${r} is not set` };
        }
      }
      return undefined;
    }),
  containerRule('probes', 'Main containers must have liveness and readiness probes.', 'add livenessProbe and readinessProbe (the Flyte binary serves /healthcheck on its http port)',
    (c, _pod, init) => {
      if (init) return undefined;
      if (!c.livenessProbe) return { field: 'livenessProbe', message: 'no liveness probe' };
      if (!c.readinessProbe) return { field: 'readinessProbe', message: 'no readiness probe' };
      return undefined;
    }),
  containerRule('host-ports', 'Containers must not use host ports.', 'remove hostPort from the container ports',
    (c) => (c.ports?.some((p) => p.hostPort) ? { field: 'ports', message: 'a port binds a host port' } : undefined)),
  {
    id: 'host-namespaces',
    description: 'Pods must not share the host network, PID or IPC namespace.',
    check: (objects) =>
      podSpecs(objects).flatMap((pod) =>
        ['hostNetwork', 'hostPID', 'hostIPC']
          .filter((k) => pod.spec[k] === true)
          .map((k) => ({ rule: 'host-namespaces', object: id(pod.object), field: `${pod.path}.${k}`, message: `${k} is true`, fix: `remove ${k}` })),
      ),
  },
  {
    id: 'volume-types',
    description: 'Pods may only use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes.',
    check: (objects) =>
      podSpecs(objects).flatMap((pod) =>
        ((pod.spec.volumes ?? []) as Array<Record<string, unknown>>).flatMap((v) => {
          const type = Object.keys(v).find((k) => k !== 'name');
          return type && ALLOWED_VOLUMES.includes(type)
            ? []
            : [{ rule: 'volume-types', object: id(pod.object), field: `${pod.path}.volumes[${v.name}]`, message: `volume type ${type} is not allowed`, fix: `use one of ${ALLOWED_VOLUMES.join(', ')}` }];
        }),
      ),
  },
  {
    id: 'service-account-token',
    description: 'ServiceAccounts do not mount API tokens; a pod that needs the API says so itself.',
    check: (objects) => [
      ...objects
        .filter((o) => o.kind === 'ServiceAccount' && (o as any).automountServiceAccountToken !== false)
        .map((o) => ({ rule: 'service-account-token', object: id(o), field: 'automountServiceAccountToken', message: 'the ServiceAccount mounts its token into every pod', fix: 'set automountServiceAccountToken: false on the ServiceAccount' })),
      ...podSpecs(objects)
        .filter((pod) => typeof pod.spec.automountServiceAccountToken !== 'boolean')
        .map((pod) => ({ rule: 'service-account-token', object: id(pod.object), field: `${pod.path}.automountServiceAccountToken`, message: 'the pod does not say whether it needs an API token', fix: 'set automountServiceAccountToken: true only if the pod calls the Kubernetes API, else false' })),
    ],
  },
  {
    id: 'image-tag',
    description: 'Images are pinned: a tag other than "latest", or a digest.',
    check: (objects) =>
      allImages(objects).flatMap((i) => {
        const tag = tagOf(i.image);
        const pinned = i.image.includes('@sha256:') || (tag !== undefined && tag !== 'latest');
        return pinned ? [] : [{ rule: 'image-tag', object: i.object, field: i.field, message: `image ${JSON.stringify(i.image)} ${tag === 'latest' ? 'uses the "latest" tag' : 'has no tag'}`, fix: 'pin the image to a release tag (flyte.version) or lock its digest' }];
      }),
  },
  {
    id: 'image-registry',
    description: "Images come only from the environment's private registry.",
    check: (objects, ctx) =>
      allImages(objects).flatMap((i) =>
        ctx.registry !== undefined && i.image.startsWith(`${ctx.registry}/`)
          ? []
          : [{ rule: 'image-registry', object: i.object, field: i.field, message: `image ${JSON.stringify(i.image)} is not in ${ctx.registry ?? 'a private registry (none is configured)'}`, fix: 'set registry.host in the environment file so every image is mirrored there' }],
      ),
  },
  {
    id: 'image-inventory',
    description: 'Every image a pod can run is listed in the image inventory (images.json), so it gets mirrored.',
    check: (objects, ctx) =>
      allImages(objects).flatMap((i) =>
        ctx.inventory.includes(i.image) ? [] : [{ rule: 'image-inventory', object: i.object, field: i.field, message: `image ${JSON.stringify(i.image)} is not in the image inventory`, fix: 'declare the image through the constructs so it is inventoried and mirrored' }],
      ),
  },
  {
    id: 'secret-data',
    description: 'No Secret with data is rendered: secrets are created at deploy time or by an operator.',
    check: (objects) =>
      objects
        .filter((o) => o.kind === 'Secret' && (Object.keys((o as any).data ?? {}).length > 0 || Object.keys((o as any).stringData ?? {}).length > 0))
        .map((o) => ({ rule: 'secret-data', object: id(o), field: 'data', message: 'the Secret carries data into Git', fix: 'reference the Secret by name and create it at deploy time (deploy.sh) or with an ExternalSecret' })),
  },
  {
    id: 'plaintext-credential',
    description: 'No credential-looking value in ConfigMaps, container environment variables, annotations or labels.',
    check: (objects) => {
      const out: Violation[] = [];
      const flag = (o: KubeObject, field: string, what: string) =>
        out.push({ rule: 'plaintext-credential', object: id(o), field, message: `${what} looks like a plaintext credential`, fix: 'put the value in a Secret and reference it (passwordPath, secretKeyRef)' });
      for (const o of objects.filter((x) => x.kind === 'ConfigMap')) {
        for (const [file, text] of Object.entries(((o as any).data ?? {}) as Record<string, string>)) {
          if (CREDENTIAL_KEY.test(file) || CREDENTIAL_IN_FILE.test(text)) flag(o, `data.${file}`, `data ${file}`);
          else if (/\.ya?ml$/.test(file)) {
            for (const line of text.split('\n')) {
              const m = /^\s*([\w.-]+):\s*(\S.*)$/.exec(line);
              if (m && CREDENTIAL_KEY.test(m[1])) flag(o, `data.${file}:${m[1]}`, `key ${m[1]}`);
            }
          }
        }
      }
      for (const o of objects) {
        for (const where of ['annotations', 'labels'] as const) {
          for (const [k, v] of Object.entries((o.metadata?.[where] ?? {}) as Record<string, string>)) {
            if (typeof v === 'string' && CREDENTIAL_VALUE.test(v)) flag(o, `metadata.${where}[${k}]`, `${where === 'labels' ? 'label' : 'annotation'} ${k}`);
          }
        }
      }
      for (const pod of podSpecs(objects)) {
        const template = pod.templateMetadata;
        for (const where of template ? (['annotations', 'labels'] as const) : []) {
          for (const [k, v] of Object.entries((template!.metadata[where] ?? {}) as Record<string, string>)) {
            if (typeof v === 'string' && CREDENTIAL_VALUE.test(v)) flag(pod.object, `${template!.path}.${where}[${k}]`, `pod ${where === 'labels' ? 'label' : 'annotation'} ${k}`);
          }
        }
        for (const { c, path } of pod.containers) {
          for (const e of c.env ?? []) {
            if (e.value !== undefined && (CREDENTIAL_KEY.test(e.name) || CREDENTIAL_VALUE.test(e.value))) flag(pod.object, `${path}.env[${e.name}]`, `variable ${e.name}`);
          }
        }
      }
      return out;
    },
  },
  {
    id: 'service-selects-pod',
    description: "Every Service selects a pod of the release, on ports the pod declares.",
    check: (objects) =>
      objects.filter((o) => o.kind === 'Service').flatMap((svc) => {
        const spec = (svc as any).spec ?? {};
        const selector: Record<string, string> = spec.selector ?? {};
        const fix = 'make the Service selector match the pod template labels and targetPort name a container port';
        if (Object.keys(selector).length === 0) return [{ rule: 'service-selects-pod', object: id(svc), field: 'spec.selector', message: 'the Service has no selector', fix }];
        const pods = podSpecs(objects).filter((p) => (p.object.metadata.namespace ?? '') === (svc.metadata.namespace ?? '') && Object.entries(selector).every(([k, v]) => p.labels[k] === v));
        if (pods.length === 0) return [{ rule: 'service-selects-pod', object: id(svc), field: 'spec.selector', message: 'the selector matches no pod', fix }];
        const names = new Set(pods.flatMap((p) => p.containers.flatMap(({ c }) => (c.ports ?? []).map((port) => port.name ?? String(port.containerPort)))));
        const numbers = new Set(pods.flatMap((p) => p.containers.flatMap(({ c }) => (c.ports ?? []).map((port) => String(port.containerPort)))));
        return ((spec.ports ?? []) as Array<{ name?: string; targetPort?: string | number; port: number }>)
          .filter((p) => !names.has(String(p.targetPort ?? p.port)) && !numbers.has(String(p.targetPort ?? p.port)))
          .map((p) => ({ rule: 'service-selects-pod', object: id(svc), field: `spec.ports[${p.name ?? p.port}].targetPort`, message: `targetPort ${p.targetPort ?? p.port} is not a port of the selected pod`, fix }));
      }),
  },
  {
    id: 'namespace-restricted',
    description: 'A Namespace the release creates enforces the restricted Pod Security Standard.',
    check: (objects) =>
      objects
        .filter((o) => o.kind === 'Namespace' && (o as any).metadata.labels?.['pod-security.kubernetes.io/enforce'] !== 'restricted')
        .map((o) => ({ rule: 'namespace-restricted', object: id(o), field: 'metadata.labels', message: 'the Namespace does not enforce the restricted profile', fix: 'label it pod-security.kubernetes.io/enforce: restricted' })),
  },
  {
    id: 'rbac-least-privilege',
    description: 'RBAC grants no wildcards, no escalation verbs (except bind, by name, on ClusterRoles of the release) and no right to write CRDs (the release ships its CRD).',
    check: (objects) =>
      objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role').flatMap((role) =>
        (((role as any).rules ?? []) as Array<{ apiGroups?: string[]; resources?: string[]; verbs?: string[]; resourceNames?: string[] }>).flatMap((r, i) => {
          const field = `rules[${i}]`;
          const v = (message: string, fix: string) => [{ rule: 'rbac-least-privilege', object: id(role), field, message, fix }];
          const verbs = r.verbs ?? [];
          if (verbs.includes('*') || (r.resources ?? []).includes('*') || (r.apiGroups ?? []).includes('*')) return v('the rule uses a wildcard', 'list the API groups, resources and verbs the binary needs');
          // Binding a ClusterRole the release itself ships, named, grants no more than that role's rules.
          const ownClusterRoles = new Set(objects.filter((o) => o.kind === 'ClusterRole').map((o) => o.metadata.name));
          const namedBind = (r.resources ?? []).every((x) => x === 'clusterroles') && (r.resourceNames ?? []).length > 0 && r.resourceNames!.every((n) => ownClusterRoles.has(n));
          const escalating = verbs.filter((x) => ['escalate', 'bind', 'impersonate'].includes(x) && !(x === 'bind' && namedBind));
          if (escalating.length > 0) return v(`the rule grants ${escalating.join(', ')}`, 'remove the escalation verbs');
          if ((r.apiGroups ?? []).includes('apiextensions.k8s.io') && verbs.some((x) => ['create', 'update', 'patch', 'delete'].includes(x))) {
            return v('the rule lets the binary create or change CustomResourceDefinitions', 'ship the CRD with the release, set propeller.create-flyteworkflow-crd: false and drop the rule');
          }
          return [];
        }),
      ),
  },
];

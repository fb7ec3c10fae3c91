import { CORE_SCHEMA, load } from 'js-yaml';
import type { KubeObject } from '../synth/manifests';

export interface DeploymentDiagramProps {
  /**
   * S3 buckets the workloads' IAM role reaches.
   * @default - none drawn
   */
  readonly buckets?: readonly string[];
  /**
   * EKS Pod Identity associations: they give a ServiceAccount its IAM role from outside the
   * cluster's objects (IRSA's role is read from the ServiceAccount's annotation).
   * @default - none
   */
  readonly podIdentityAssociations?: readonly PodIdentityLink[];
}

/** A ServiceAccount and the IAM role an EKS Pod Identity association gives it. */
export interface PodIdentityLink {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
}

/** Flyte's domains when the config names none (flyteadmin's defaults). */
const DEFAULT_DOMAINS = ['development', 'staging', 'production'];
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

type Obj = KubeObject & Record<string, any>;

/**
 * A Mermaid flowchart of what an environment deploys and how it links, read from the rendered
 * objects only (so new objects and references show up without changes here): Ingress to
 * Service to workload, ServiceAccount and its IAM role (IRSA, or an EKS Pod Identity association
 * given in `props`) to the buckets, the ConfigMaps
 * and Secrets the pods reference (also those nobody renders), RBAC, NetworkPolicy,
 * ServiceMonitor, ExternalSecret, and the task namespaces that the cluster resource templates
 * create. Every object is a node, named "<Kind> <name>".
 */
export function deploymentDiagram(objects: readonly KubeObject[], props: DeploymentDiagramProps = {}): string {
  const g = new Graph(objects as Obj[]);
  for (const o of g.objs) {
    const link = LINKS[o.kind] ?? (WORKLOADS.has(o.kind) ? workloadLinks : undefined);
    link?.(g, o, props);
  }
  taskNamespaceLinks(g);
  return g.mermaid();
}

type Shape = 'box' | 'db' | 'ref';

/** The nodes (ids in order of creation) and edges of the diagram. */
class Graph {
  readonly nodes = new Map<string, { id: string; label: string; shape: Shape; group: string }>();
  readonly edges = new Set<string>();

  /** Every object is a node, grouped by its namespace. */
  constructor(readonly objs: Obj[]) {
    for (const o of objs) this.node(keyOf(o.kind, o.metadata.namespace, o.metadata.name), `${o.kind} ${o.metadata.name}`, o.metadata.namespace ?? (o.kind === 'Namespace' ? o.metadata.name : ''));
  }

  node(key: string, label: string, group: string, shape: Shape = 'box'): string {
    if (!this.nodes.has(key)) this.nodes.set(key, { id: `n${this.nodes.size}`, label, shape, group });
    return this.nodes.get(key)!.id;
  }

  edge(from: string, to: string, label: string): void {
    this.edges.add(`  ${from} -->|${label}| ${to}`);
  }

  idOf(o: Obj): string {
    return this.nodes.get(keyOf(o.kind, o.metadata.namespace, o.metadata.name))!.id;
  }

  /** A Secret's node; one nobody renders is drawn as referenced. */
  secret(namespace: string | undefined, name: string): string {
    return this.nodes.get(keyOf('Secret', namespace, name))?.id ?? this.node(keyOf('Secret', namespace, name), `Secret ${name} (referenced)`, namespace ?? '', 'ref');
  }

  configMap(namespace: string | undefined, name: string): string {
    return this.nodes.get(keyOf('ConfigMap', namespace, name))?.id ?? this.node(keyOf('ConfigMap', namespace, name), `ConfigMap ${name} (referenced)`, namespace ?? '', 'ref');
  }

  inNs(kind: string, ns: string | undefined): Obj[] {
    return this.objs.filter((x) => x.kind === kind && x.metadata.namespace === ns);
  }

  workloadsIn(ns: string | undefined): Obj[] {
    return this.objs.filter((x) => WORKLOADS.has(x.kind) && x.metadata.namespace === ns);
  }

  /** The Mermaid flowchart: one subgraph per namespace and one for AWS, the edges sorted. */
  mermaid(): string {
    const lines = ['```mermaid', 'flowchart LR'];
    const groups = [...new Set([...this.nodes.values()].map((n) => n.group))];
    const shapeOf = (n: { id: string; label: string; shape: string }) =>
      n.shape === 'db' ? `${n.id}[("${n.label}")]` : n.shape === 'ref' ? `${n.id}(["${n.label}"])` : `${n.id}["${n.label}"]`;
    for (const g of groups) {
      const members = [...this.nodes.values()].filter((n) => n.group === g);
      if (g === '') {
        lines.push(...members.map((n) => `  ${shapeOf(n)}`));
        continue;
      }
      lines.push(`  subgraph ${g === 'AWS' ? 'aws["AWS"]' : `ns_${g.replace(/[^a-z0-9]/g, '_')}["namespace ${g}"]`}`);
      lines.push(...members.map((n) => `    ${shapeOf(n)}`));
      lines.push('  end');
    }
    lines.push(...[...this.edges].sort(), '```');
    return lines.join('\n');
  }
}

const keyOf = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

type Links = (g: Graph, o: Obj, props: DeploymentDiagramProps) => void;

/** One edge per Service and host (the path list would bury the picture), and the TLS Secret. */
function ingressLinks(g: Graph, o: Obj): void {
  const id = g.idOf(o);
  const ns = o.metadata.namespace;
  const routes = new Map<string, { target: string; host: string; paths: number }>();
  const backends = [o.spec?.defaultBackend, ...(o.spec?.rules ?? []).flatMap((r: any) => (r.http?.paths ?? []).map((p: any) => ({ ...p.backend, host: r.host })))];
  for (const b of backends) {
    if (!b?.service?.name) continue;
    const target = g.inNs('Service', ns).find((x) => x.metadata.name === b.service.name);
    const to = target ? g.idOf(target) : g.node(keyOf('Service', ns, b.service.name), `Service ${b.service.name} (missing)`, ns ?? '', 'ref');
    const host = b.host ?? '*';
    const route = routes.get(`${to} ${host}`) ?? { target: to, host, paths: 0 };
    route.paths++;
    routes.set(`${to} ${host}`, route);
  }
  for (const r of routes.values()) g.edge(id, r.target, `${r.host}, ${r.paths} path${r.paths > 1 ? 's' : ''}`);
  for (const t of o.spec?.tls ?? []) if (t.secretName) g.edge(id, g.secret(ns, t.secretName), 'TLS');
}

function serviceLinks(g: Graph, o: Obj): void {
  for (const w of g.workloadsIn(o.metadata.namespace)) {
    if (matches(o.spec?.selector, w.spec?.template?.metadata?.labels)) g.edge(g.idOf(o), g.idOf(w), (o.spec?.ports ?? []).map((p: any) => `${p.name ?? ''} ${p.port}`.trim()).join(', ') || 'selects');
  }
}

/** The ServiceAccount a workload runs as, and the ConfigMaps and Secrets it mounts or reads. */
function workloadLinks(g: Graph, o: Obj): void {
  const id = g.idOf(o);
  const ns = o.metadata.namespace;
  const pod = o.spec?.template?.spec ?? {};
  const sa = g.inNs('ServiceAccount', ns).find((s) => s.metadata.name === (pod.serviceAccountName ?? 'default'));
  if (sa) g.edge(id, g.idOf(sa), 'runs as');
  for (const v of pod.volumes ?? []) {
    if (v.configMap?.name) g.edge(id, g.configMap(ns, v.configMap.name), `mounts ${v.name}`);
    if (v.secret?.secretName) g.edge(id, g.secret(ns, v.secret.secretName), `mounts ${v.name}`);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap?.name) g.edge(id, g.configMap(ns, s.configMap.name), `mounts ${v.name}`);
      if (s.secret?.name) g.edge(id, g.secret(ns, s.secret.name), `mounts ${v.name}`);
    }
  }
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef?.name) g.edge(id, g.secret(ns, e.valueFrom.secretKeyRef.name), `env ${e.name}`);
      if (e.valueFrom?.configMapKeyRef?.name) g.edge(id, g.configMap(ns, e.valueFrom.configMapKeyRef.name), `env ${e.name}`);
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef?.name) g.edge(id, g.secret(ns, e.secretRef.name), 'env');
      if (e.configMapRef?.name) g.edge(id, g.configMap(ns, e.configMapRef.name), 'env');
    }
  }
  for (const p of pod.imagePullSecrets ?? []) if (p.name) g.edge(id, g.secret(ns, p.name), 'pulls images with');
}

/** The IAM role (IRSA annotation or Pod Identity association) and the buckets it reaches; pull Secrets. */
function serviceAccountLinks(g: Graph, o: Obj, props: DeploymentDiagramProps): void {
  const id = g.idOf(o);
  const ns = o.metadata.namespace;
  const irsa = o.metadata.annotations && (o.metadata.annotations as Record<string, string>)['eks.amazonaws.com/role-arn'];
  const roles = [
    ...(irsa ? [{ arn: irsa, via: 'IRSA' }] : []),
    ...(props.podIdentityAssociations ?? []).filter((a) => a.namespace === ns && a.serviceAccount === o.metadata.name).map((a) => ({ arn: a.roleArn, via: 'Pod Identity' })),
  ];
  for (const role of roles) {
    const roleId = g.node(`iam/${role.arn}`, `IAM role ${role.arn}`, 'AWS');
    g.edge(id, roleId, role.via);
    for (const b of props.buckets ?? []) g.edge(roleId, g.node(`s3/${b}`, `S3 bucket ${b}`, 'AWS', 'db'), 'read/write');
  }
  for (const p of o.imagePullSecrets ?? []) if (p.name) g.edge(id, g.secret(ns, p.name), 'pulls images with');
}

function networkPolicyLinks(g: Graph, o: Obj): void {
  for (const w of g.workloadsIn(o.metadata.namespace)) {
    const selector = o.spec?.podSelector?.matchLabels ?? {};
    if (Object.keys(selector).length === 0 || matches(selector, w.spec?.template?.metadata?.labels)) g.edge(g.idOf(o), g.idOf(w), 'isolates');
  }
}

function serviceMonitorLinks(g: Graph, o: Obj): void {
  for (const s of g.inNs('Service', o.metadata.namespace)) {
    if (matches(o.spec?.selector?.matchLabels, s.metadata.labels as Record<string, string>)) g.edge(g.idOf(o), g.idOf(s), 'scrapes');
  }
}

function bindingLinks(g: Graph, o: Obj): void {
  const id = g.idOf(o);
  const role = g.objs.find((x) => x.kind === o.roleRef?.kind && x.metadata.name === o.roleRef?.name);
  if (role) g.edge(id, g.idOf(role), 'grants');
  for (const s of o.subjects ?? []) {
    const sa = g.objs.find((x) => x.kind === s.kind && x.metadata.name === s.name && x.metadata.namespace === s.namespace);
    if (sa) g.edge(id, g.idOf(sa), 'to');
  }
}

/** The CustomResourceDefinitions whose resources a role grants. */
function roleLinks(g: Graph, o: Obj): void {
  for (const crd of g.objs.filter((x) => x.kind === 'CustomResourceDefinition')) {
    const granted = (o.rules ?? []).some((r: any) => (r.apiGroups ?? []).some((x: string) => x === '*' || x === crd.spec?.group) && (r.resources ?? []).some((x: string) => x === '*' || x === crd.spec?.names?.plural));
    if (granted) g.edge(g.idOf(o), g.idOf(crd), `on ${crd.spec?.names?.plural}`);
  }
}

const LINKS: Readonly<Record<string, Links>> = {
  Ingress: ingressLinks,
  Service: serviceLinks,
  ServiceAccount: serviceAccountLinks,
  NetworkPolicy: networkPolicyLinks,
  ServiceMonitor: serviceMonitorLinks,
  ExternalSecret: (g, o) => g.edge(g.idOf(o), g.secret(o.metadata.namespace, o.spec?.target?.name ?? o.metadata.name), 'writes'),
  ClusterRoleBinding: bindingLinks,
  RoleBinding: bindingLinks,
  ClusterRole: roleLinks,
  Role: roleLinks,
};

/**
 * Task namespaces: a ConfigMap holding a Namespace template is the cluster resource templates
 * folder; Flyte creates one namespace per project and domain from it and runs task pods there.
 */
function taskNamespaceLinks(g: Graph): void {
  const templates = g.objs.filter((o) => o.kind === 'ConfigMap' && Object.values(o.data ?? {}).some((v) => /^kind: Namespace$/m.test(String(v))));
  if (templates.length === 0) return;
  const { projects, domains } = projectsAndDomains(g.objs);
  const examples = projects.flatMap((p) => domains.map((d) => `${p}-${d}`));
  const tasks = g.node('tasks', `task namespaces, one per project and domain${examples.length > 0 ? `: ${examples.join(', ')}` : ''}`, '');
  for (const t of templates) g.edge(g.idOf(t), tasks, 'templates for');
  const namespaces = new Set(templates.map((t) => t.metadata.namespace));
  for (const w of g.objs.filter((x) => WORKLOADS.has(x.kind) && namespaces.has(x.metadata.namespace))) g.edge(g.idOf(w), tasks, 'creates, runs task pods in');
}

/** Seed projects and domains from the Flyte config in a ConfigMap, if any. */
function projectsAndDomains(objs: Obj[]): { projects: string[]; domains: string[] } {
  let projects: string[] = [];
  let domains = DEFAULT_DOMAINS;
  for (const o of objs.filter((x) => x.kind === 'ConfigMap')) {
    for (const text of Object.values(o.data ?? {})) {
      let doc: any;
      try {
        doc = load(String(text), { schema: CORE_SCHEMA });
      } catch {
        continue;
      }
      const seeds = doc?.flyte?.admin?.seedProjects;
      if (Array.isArray(seeds)) projects = seeds.map(String);
      if (Array.isArray(doc?.domains)) domains = doc.domains.map((d: any) => String(d.id ?? d.name ?? d));
    }
  }
  return { projects, domains };
}

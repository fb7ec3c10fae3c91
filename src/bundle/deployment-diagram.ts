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
  const nodes = new Map<string, { id: string; label: string; shape: 'box' | 'db' | 'ref'; group: string }>();
  const edges = new Set<string>();
  const node = (key: string, label: string, group: string, shape: 'box' | 'db' | 'ref' = 'box') => {
    if (!nodes.has(key)) nodes.set(key, { id: `n${nodes.size}`, label, shape, group });
    return nodes.get(key)!.id;
  };
  const edge = (from: string, to: string, label: string) => edges.add(`  ${from} -->|${label}| ${to}`);
  const keyOf = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;
  const objs = objects as Obj[];
  for (const o of objs) node(keyOf(o.kind, o.metadata.namespace, o.metadata.name), `${o.kind} ${o.metadata.name}`, o.metadata.namespace ?? (o.kind === 'Namespace' ? o.metadata.name : ''));
  const idOf = (o: Obj) => nodes.get(keyOf(o.kind, o.metadata.namespace, o.metadata.name))!.id;
  const secret = (namespace: string | undefined, name: string) =>
    nodes.get(keyOf('Secret', namespace, name))?.id ?? node(keyOf('Secret', namespace, name), `Secret ${name} (referenced)`, namespace ?? '', 'ref');
  const configMap = (namespace: string | undefined, name: string) =>
    nodes.get(keyOf('ConfigMap', namespace, name))?.id ?? node(keyOf('ConfigMap', namespace, name), `ConfigMap ${name} (referenced)`, namespace ?? '', 'ref');
  const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
    selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
  const inNs = (kind: string, ns: string | undefined) => objs.filter((x) => x.kind === kind && x.metadata.namespace === ns);

  for (const o of objs) {
    const id = idOf(o);
    const ns = o.metadata.namespace;
    if (o.kind === 'Ingress') {
      // One edge per Service and host: the path list would bury the picture.
      const routes = new Map<string, { target: string; host: string; paths: number }>();
      const backends = [o.spec?.defaultBackend, ...(o.spec?.rules ?? []).flatMap((r: any) => (r.http?.paths ?? []).map((p: any) => ({ ...p.backend, host: r.host })))];
      for (const b of backends) {
        if (!b?.service?.name) continue;
        const target = inNs('Service', ns).find((x) => x.metadata.name === b.service.name);
        const to = target ? idOf(target) : node(keyOf('Service', ns, b.service.name), `Service ${b.service.name} (missing)`, ns ?? '', 'ref');
        const host = b.host ?? '*';
        const route = routes.get(`${to} ${host}`) ?? { target: to, host, paths: 0 };
        route.paths++;
        routes.set(`${to} ${host}`, route);
      }
      for (const r of routes.values()) edge(id, r.target, `${r.host}, ${r.paths} path${r.paths > 1 ? 's' : ''}`);
      for (const t of o.spec?.tls ?? []) if (t.secretName) edge(id, secret(ns, t.secretName), 'TLS');
    }
    if (o.kind === 'Service') {
      for (const w of objs.filter((x) => WORKLOADS.has(x.kind) && x.metadata.namespace === ns)) {
        if (matches(o.spec?.selector, w.spec?.template?.metadata?.labels)) edge(id, idOf(w), (o.spec?.ports ?? []).map((p: any) => `${p.name ?? ''} ${p.port}`.trim()).join(', ') || 'selects');
      }
    }
    if (WORKLOADS.has(o.kind)) {
      const pod = o.spec?.template?.spec ?? {};
      const sa = inNs('ServiceAccount', ns).find((s) => s.metadata.name === (pod.serviceAccountName ?? 'default'));
      if (sa) edge(id, idOf(sa), 'runs as');
      for (const v of pod.volumes ?? []) {
        if (v.configMap?.name) edge(id, configMap(ns, v.configMap.name), `mounts ${v.name}`);
        if (v.secret?.secretName) edge(id, secret(ns, v.secret.secretName), `mounts ${v.name}`);
        for (const s of v.projected?.sources ?? []) {
          if (s.configMap?.name) edge(id, configMap(ns, s.configMap.name), `mounts ${v.name}`);
          if (s.secret?.name) edge(id, secret(ns, s.secret.name), `mounts ${v.name}`);
        }
      }
      for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
        for (const e of c.env ?? []) {
          if (e.valueFrom?.secretKeyRef?.name) edge(id, secret(ns, e.valueFrom.secretKeyRef.name), `env ${e.name}`);
          if (e.valueFrom?.configMapKeyRef?.name) edge(id, configMap(ns, e.valueFrom.configMapKeyRef.name), `env ${e.name}`);
        }
        for (const e of c.envFrom ?? []) {
          if (e.secretRef?.name) edge(id, secret(ns, e.secretRef.name), 'env');
          if (e.configMapRef?.name) edge(id, configMap(ns, e.configMapRef.name), 'env');
        }
      }
      for (const p of pod.imagePullSecrets ?? []) if (p.name) edge(id, secret(ns, p.name), 'pulls images with');
    }
    if (o.kind === 'ServiceAccount') {
      const irsa = o.metadata.annotations && (o.metadata.annotations as Record<string, string>)['eks.amazonaws.com/role-arn'];
      const roles = [
        ...(irsa ? [{ arn: irsa, via: 'IRSA' }] : []),
        ...(props.podIdentityAssociations ?? []).filter((a) => a.namespace === ns && a.serviceAccount === o.metadata.name).map((a) => ({ arn: a.roleArn, via: 'Pod Identity' })),
      ];
      for (const role of roles) {
        const roleId = node(`iam/${role.arn}`, `IAM role ${role.arn}`, 'AWS');
        edge(id, roleId, role.via);
        for (const b of props.buckets ?? []) edge(roleId, node(`s3/${b}`, `S3 bucket ${b}`, 'AWS', 'db'), 'read/write');
      }
      for (const p of o.imagePullSecrets ?? []) if (p.name) edge(id, secret(ns, p.name), 'pulls images with');
    }
    if (o.kind === 'NetworkPolicy') {
      for (const w of objs.filter((x) => WORKLOADS.has(x.kind) && x.metadata.namespace === ns)) {
        const selector = o.spec?.podSelector?.matchLabels ?? {};
        if (Object.keys(selector).length === 0 || matches(selector, w.spec?.template?.metadata?.labels)) edge(id, idOf(w), 'isolates');
      }
    }
    if (o.kind === 'ServiceMonitor') {
      for (const s of objs.filter((x) => x.kind === 'Service' && x.metadata.namespace === ns)) {
        if (matches(o.spec?.selector?.matchLabels, s.metadata.labels as Record<string, string>)) edge(id, idOf(s), 'scrapes');
      }
    }
    if (o.kind === 'ExternalSecret') edge(id, secret(ns, o.spec?.target?.name ?? o.metadata.name), 'writes');
    if (o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') {
      const role = objs.find((x) => x.kind === o.roleRef?.kind && x.metadata.name === o.roleRef?.name);
      if (role) edge(id, idOf(role), 'grants');
      for (const s of o.subjects ?? []) {
        const sa = objs.find((x) => x.kind === s.kind && x.metadata.name === s.name && x.metadata.namespace === s.namespace);
        if (sa) edge(id, idOf(sa), 'to');
      }
    }
    if (o.kind === 'ClusterRole' || o.kind === 'Role') {
      for (const crd of objs.filter((x) => x.kind === 'CustomResourceDefinition')) {
        const granted = (o.rules ?? []).some((r: any) => (r.apiGroups ?? []).some((g: string) => g === '*' || g === crd.spec?.group) && (r.resources ?? []).some((x: string) => x === '*' || x === crd.spec?.names?.plural));
        if (granted) edge(id, idOf(crd), `on ${crd.spec?.names?.plural}`);
      }
    }
  }

  // Task namespaces: a ConfigMap holding a Namespace template is the cluster resource templates
  // folder; Flyte creates one namespace per project and domain from it and runs task pods there.
  const templates = objs.filter((o) => o.kind === 'ConfigMap' && Object.values(o.data ?? {}).some((v) => /^kind: Namespace$/m.test(String(v))));
  if (templates.length > 0) {
    const { projects, domains } = projectsAndDomains(objs);
    const examples = projects.flatMap((p) => domains.map((d) => `${p}-${d}`));
    const tasks = node('tasks', `task namespaces, one per project and domain${examples.length > 0 ? `: ${examples.join(', ')}` : ''}`, '');
    for (const t of templates) edge(idOf(t), tasks, 'templates for');
    const namespaces = new Set(templates.map((t) => t.metadata.namespace));
    for (const w of objs.filter((x) => WORKLOADS.has(x.kind) && namespaces.has(x.metadata.namespace))) edge(idOf(w), tasks, 'creates, runs task pods in');
  }

  const lines = ['```mermaid', 'flowchart LR'];
  const groups = [...new Set([...nodes.values()].map((n) => n.group))];
  const shapeOf = (n: { id: string; label: string; shape: string }) =>
    n.shape === 'db' ? `${n.id}[("${n.label}")]` : n.shape === 'ref' ? `${n.id}(["${n.label}"])` : `${n.id}["${n.label}"]`;
  for (const g of groups) {
    const members = [...nodes.values()].filter((n) => n.group === g);
    if (g === '') {
      lines.push(...members.map((n) => `  ${shapeOf(n)}`));
      continue;
    }
    lines.push(`  subgraph ${g === 'AWS' ? 'aws["AWS"]' : `ns_${g.replace(/[^a-z0-9]/g, '_')}["namespace ${g}"]`}`);
    lines.push(...members.map((n) => `    ${shapeOf(n)}`));
    lines.push('  end');
  }
  lines.push(...[...edges].sort(), '```');
  return lines.join('\n');
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

import { credentialIn } from './credentials';
import { DNS_SUBDOMAIN, LABEL_KEY, LABEL_VALUE, matches } from './formats';
import { Shown } from './shown';
import type { RuleIssue } from './task-rules';

/** An object Flyte creates in every project-domain namespace, as written in the environment file. */
export interface NamespaceObject {
  readonly apiVersion: string;
  readonly kind: string;
  /** Name, labels and annotations only: Flyte sets the namespace. */
  readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly [field: string]: unknown;
}

/**
 * The kinds a namespace object may be, each with what the ClusterRole gains so that flyteadmin can
 * create it: the kind's resource, with the verbs of the cluster resource manager. Namespaced,
 * holding no credential, granting no right: what Flyte can create without escalation.
 */
export const NAMESPACE_OBJECT_KINDS = {
  ConfigMap: { apiVersion: 'v1', group: '', resource: 'configmaps' },
  PodTemplate: { apiVersion: 'v1', group: '', resource: 'podtemplates' },
  ServiceAccount: { apiVersion: 'v1', group: '', resource: 'serviceaccounts' },
  LimitRange: { apiVersion: 'v1', group: '', resource: 'limitranges' },
  ResourceQuota: { apiVersion: 'v1', group: '', resource: 'resourcequotas' },
  NetworkPolicy: { apiVersion: 'networking.k8s.io/v1', group: 'networking.k8s.io', resource: 'networkpolicies' },
} as const;

export type NamespaceObjectKind = keyof typeof NAMESPACE_OBJECT_KINDS;

/** Objects of the chart's own templates (task-namespaces.ts), whose names a site object may not take. */
export const CHART_TEMPLATE_OBJECTS: readonly string[] = ['ServiceAccount/default', 'ServiceAccount/spark', 'ResourceQuota/project-quota', 'LimitRange/task-defaults'];

/** Kinds refused, with the reason given to the user. */
const REFUSED: Readonly<Record<string, string>> = {
  Secret: 'a Secret would put its data in Git and in Flyte\'s configuration; create Secrets at deploy time',
  Role: 'Flyte would need every right the Role grants (RBAC escalation prevention); bind a ClusterRole of the release instead, as the spark plugin does',
  RoleBinding: 'Flyte would need every right of the role it binds, or "bind" on it',
  ClusterRole: 'cluster-scoped: the same object for every namespace',
  ClusterRoleBinding: 'cluster-scoped: the same object for every namespace',
  Namespace: 'Flyte creates the namespace itself (001_namespace.yaml)',
};

/**
 * Text flyteadmin replaces in every template, literally with one space inside the braces
 * (`createResourceFromTemplate` in flyteadmin/pkg/clusterresource/controller.go, v1.16.8); any
 * other `{{` is refused (the chart's customData variables are its own).
 */
const TEMPLATE_VARIABLE = /\{\{ (namespace|project|domain) \}\}/g;

function strings(value: unknown, path: PropertyKey[], out: Array<{ path: PropertyKey[]; value: string }>): void {
  if (typeof value === 'string') out.push({ path, value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, [...path, k], out);
}

/** What is wrong with the envelope of one object (kind, apiVersion, metadata), or undefined. */
function envelopeIssue(o: NamespaceObject): { path: PropertyKey[]; input: unknown; message: string } | undefined {
  const kinds = Object.keys(NAMESPACE_OBJECT_KINDS).join(', ');
  if (REFUSED[o.kind] !== undefined) return { path: ['kind'], input: o.kind, message: `expected one of ${kinds}: ${REFUSED[o.kind]}` };
  const known = NAMESPACE_OBJECT_KINDS[o.kind as NamespaceObjectKind];
  if (known === undefined) return { path: ['kind'], input: o.kind, message: `expected one of ${kinds} (what Flyte can create in a namespace without rights it does not need)` };
  if (o.apiVersion !== known.apiVersion) return { path: ['apiVersion'], input: o.apiVersion, message: `expected "${known.apiVersion}" for ${o.kind}` };
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (meta === undefined || typeof meta !== 'object') return { path: ['metadata'], input: meta, message: 'expected a map with name (and optionally labels, annotations)' };
  const extra = Object.keys(meta).find((k) => !['name', 'labels', 'annotations'].includes(k));
  if (extra !== undefined) return { path: ['metadata', extra], input: meta[extra], message: extra === 'namespace' ? 'expected no namespace: Flyte creates the object in each project-domain namespace' : 'expected only name, labels and annotations' };
  if (typeof meta.name !== 'string' || !matches(DNS_SUBDOMAIN, meta.name)) return { path: ['metadata', 'name'], input: meta.name, message: `expected ${DNS_SUBDOMAIN.allowed}` };
  for (const which of ['labels', 'annotations'] as const) {
    for (const [k, v] of Object.entries((meta[which] ?? {}) as Record<string, unknown>)) {
      if (!matches(LABEL_KEY, k)) return { path: ['metadata', which, k], input: k, message: `expected keys that are ${LABEL_KEY.allowed}` };
      if (typeof v !== 'string' || (which === 'labels' && !matches(LABEL_VALUE, v))) return { path: ['metadata', which, k], input: v, message: which === 'labels' ? `expected ${LABEL_VALUE.allowed}` : 'expected a string' };
    }
  }
  return undefined;
}

/**
 * Problems of `tasks.namespaceObjects`, each with its path: kinds Flyte may not or cannot create,
 * metadata other than name, labels and annotations, a name another template of the same kind takes
 * (`reserved`, "Kind/name"), credentials, template variables other than `{{ namespace }}`, and the
 * Kubernetes schema of the kind (kubernetes-models). The API server checks the rest on apply.
 */
export function namespaceObjectIssues(objects: readonly NamespaceObject[], reserved: readonly string[] = []): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set(reserved);
  objects.forEach((o, i) => {
    const at = (path: PropertyKey[]) => ['tasks', 'namespaceObjects', i, ...path];
    const envelope = envelopeIssue(o);
    if (envelope) {
      issues.push({ ...envelope, path: at(envelope.path) });
      return;
    }
    const id = `${o.kind}/${o.metadata.name}`;
    if (seen.has(id)) issues.push({ path: at(['metadata', 'name']), input: o.metadata.name, message: `expected a name no other template of kind ${o.kind} takes (${id} is taken)` });
    seen.add(id);
    const found: Array<{ path: PropertyKey[]; value: string }> = [];
    strings(o, [], found);
    for (const s of found) {
      if (s.value.replace(TEMPLATE_VARIABLE, '').includes('{{')) issues.push({ path: at(s.path), input: s.value, message: 'expected no template variable other than {{ namespace }}, {{ project }} and {{ domain }}, written so (flyteadmin would leave any other as it is)' });
      const credential = credentialIn(s.value);
      if (credential) issues.push({ path: at(s.path), input: Shown.hidden(s.value), message: `expected no credential in an environment file (found ${credential}); keep it in a Secret and reference the Secret` });
    }
    const schema = schemaIssue(o);
    if (schema) issues.push({ path: at(schema.path), input: valueAt(o, schema.path), message: `expected what the Kubernetes schema of ${o.kind} allows (${schema.rule})` });
  });
  return issues;
}

function valueAt(o: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), o);
}

/**
 * The Kubernetes schema's first complaint about the object (kubernetes-models, whose messages read
 * "data/<path> <rule>"), as a path and the rule; undefined when it has none. Loaded only when needed.
 */
function schemaIssue(o: NamespaceObject): { path: string[]; rule: string } | undefined {
  const models: Record<NamespaceObjectKind, () => new (data: unknown) => { validate(): void }> = {
    ConfigMap: () => require('kubernetes-models/v1/ConfigMap').ConfigMap,
    PodTemplate: () => require('kubernetes-models/v1/PodTemplate').PodTemplate,
    ServiceAccount: () => require('kubernetes-models/v1/ServiceAccount').ServiceAccount,
    LimitRange: () => require('kubernetes-models/v1/LimitRange').LimitRange,
    ResourceQuota: () => require('kubernetes-models/v1/ResourceQuota').ResourceQuota,
    NetworkPolicy: () => require('kubernetes-models/networking.k8s.io/v1/NetworkPolicy').NetworkPolicy,
  };
  const Model = models[o.kind as NamespaceObjectKind]();
  try {
    // The namespace Flyte will set, so that the object is complete.
    new Model({ ...o, metadata: { ...o.metadata, namespace: 'project-domain' } }).validate();
    return undefined;
  } catch (e) {
    const first = String((e as Error).message).split('\n')[0].split(', data')[0];
    const m = /^data(\S*) (.*)$/.exec(first);
    return m ? { path: m[1].split('/').filter((p) => p !== ''), rule: m[2] } : { path: [], rule: first };
  }
}

import type { KubeObject } from './manifests';

/**
 * Limits the Kubernetes API server enforces on every object it stores, checked on what synth
 * renders so that synth refuses what `kubectl apply` would (Kubernetes v1.34 sources):
 * - names: DNS-1123 subdomains of at most 253 characters; Namespaces and Services DNS labels of
 *   at most 63 (pkg/apis/core/validation: ValidateNamespaceName, ValidateServiceName);
 * - labels: keys a qualified name (optional DNS prefix of at most 253, name of at most 63), values
 *   at most 63 (k8s.io/apimachinery/pkg/util/validation: IsQualifiedName, IsValidLabelValue);
 * - annotations: keys and values of one object together at most 256 KiB
 *   (k8s.io/apimachinery/pkg/api/validation/objectmeta.go: TotalAnnotationSizeLimitB);
 * - ConfigMap data and binaryData together, Secret data, at most 1 MiB
 *   (pkg/apis/core/validation: ValidateConfigMap, ValidateSecret; core.MaxSecretSize);
 * - a label selector requirement In or NotIn has values
 *   (k8s.io/apimachinery/pkg/apis/meta/v1/validation: ValidateLabelSelectorRequirement);
 * - a whole object at most 1.5 MiB, etcd's default request limit (--max-request-bytes 1572864),
 *   which the API server cannot go beyond.
 */
export const LIMITS = {
  name: 253,
  labelName: 63,
  labelPrefix: 253,
  labelValue: 63,
  annotations: 256 * 1024,
  data: 1024 * 1024,
  object: 1536 * 1024,
} as const;

const LABEL_NAMED = new Set(['Namespace', 'Service']);
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const bytes = (s: string) => Buffer.byteLength(s);

/** The first limit an object breaks, as "<Kind>/<name> <field>: <what>", or undefined. */
export function apiLimitIssue(o: KubeObject): string | undefined {
  const id = `${o.kind}/${o.metadata.name}`;
  const name = o.metadata.name ?? '';
  const nameMax = LABEL_NAMED.has(o.kind) ? LIMITS.labelName : LIMITS.name;
  if (name.length > nameMax) return `${id} metadata.name: ${name.length} characters, over the ${nameMax} Kubernetes allows in the name of a ${o.kind}`;
  const json = JSON.stringify(o);
  if (bytes(json) > LIMITS.object) return `${id}: ${bytes(json)} bytes, over the ${LIMITS.object} bytes etcd stores in one object`;
  for (const { path, meta } of metadataOf(o)) {
    const problem = labelIssue(meta.labels) ?? annotationIssue(meta.annotations);
    if (problem) return `${id} ${path}.${problem}`;
  }
  const data = dataBytes(o);
  if (data > LIMITS.data) return `${id} data: ${data} bytes, over the ${LIMITS.data} bytes Kubernetes allows in a ${o.kind}`;
  const empty = emptyRequirement(o, '');
  if (empty) return `${id} ${empty}: operator ${'In or NotIn'} with no values, which Kubernetes refuses`;
  return undefined;
}

/** The object's metadata and, for workloads, its pod template's. */
function metadataOf(o: KubeObject): Array<{ path: string; meta: { labels?: Record<string, string>; annotations?: Record<string, string> } }> {
  const out = [{ path: 'metadata', meta: o.metadata as { labels?: Record<string, string>; annotations?: Record<string, string> } }];
  const spec = (o as { spec?: Record<string, any> }).spec;
  if (spec?.template?.metadata) out.push({ path: 'spec.template.metadata', meta: spec.template.metadata });
  if (spec?.jobTemplate?.spec?.template?.metadata) out.push({ path: 'spec.jobTemplate.spec.template.metadata', meta: spec.jobTemplate.spec.template.metadata });
  return out;
}

function labelIssue(labels: Record<string, string> | undefined): string | undefined {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const slash = k.lastIndexOf('/');
    const prefix = slash < 0 ? '' : k.slice(0, slash);
    const key = k.slice(slash + 1);
    if (prefix.length > LIMITS.labelPrefix || key.length > LIMITS.labelName || !QUALIFIED_NAME.test(key)) {
      return `labels[${k}]: not a label key (a name of at most ${LIMITS.labelName} letters, digits, "-", "_" or ".", after an optional DNS prefix of at most ${LIMITS.labelPrefix})`;
    }
    if (v.length > LIMITS.labelValue || !LABEL_VALUE.test(v)) return `labels[${k}]: the value is no label value (at most ${LIMITS.labelValue} letters, digits, "-", "_" or ".")`;
  }
  return undefined;
}

function annotationIssue(annotations: Record<string, string> | undefined): string | undefined {
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) total += bytes(k) + bytes(v);
  return total > LIMITS.annotations ? `annotations: ${total} bytes of keys and values, over the ${LIMITS.annotations} Kubernetes allows on one object` : undefined;
}

function dataBytes(o: KubeObject): number {
  const any = o as { data?: Record<string, string>; binaryData?: Record<string, string>; stringData?: Record<string, string> };
  let total = 0;
  if (o.kind === 'ConfigMap') {
    for (const v of Object.values(any.data ?? {})) total += bytes(v);
    for (const v of Object.values(any.binaryData ?? {})) total += Buffer.from(v, 'base64').length;
  } else if (o.kind === 'Secret') {
    for (const v of Object.values(any.data ?? {})) total += Buffer.from(v, 'base64').length;
    for (const v of Object.values(any.stringData ?? {})) total += bytes(v);
  }
  return total;
}

/** The path of a label selector requirement In/NotIn without values, anywhere in `v`. */
function emptyRequirement(v: unknown, path: string): string | undefined {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const found = emptyRequirement(v[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (v === null || typeof v !== 'object') return undefined;
  const r = v as { operator?: unknown; values?: unknown; key?: unknown };
  if ((r.operator === 'In' || r.operator === 'NotIn') && typeof r.key === 'string' && (!Array.isArray(r.values) || r.values.length === 0)) return path;
  for (const [k, x] of Object.entries(v)) {
    const found = emptyRequirement(x, path ? `${path}.${k}` : k);
    if (found) return found;
  }
  return undefined;
}

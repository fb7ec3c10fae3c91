import type { EnvironmentSpec } from '../config/schema';

/**
 * The site-specific settings a Helm chart exposes as values, by their environment-file path.
 * Each has a marker: a stand-in value that passes the same validation as a real one and cannot
 * occur in rendered output by accident. The chart is rendered from the constructs with markers
 * in place of the values, and each marker is then replaced by its `{{ .Values.<path> }}`.
 */
export interface SiteValue {
  /** Dotted path, identical in the environment file and in values.yaml. */
  readonly path: string;
  /** The n-th candidate marker (n > 0 when an earlier one occurs in the real output). */
  readonly marker: (n: number) => string | number;
  /**
   * Whether the rendered objects use the value at all when the environment sets it.
   * @default - always
   */
  readonly usedWhen?: (spec: EnvironmentSpec) => boolean;
}

// Under EKS Pod Identity the roles live in the associations (dist/<env>/iam/), not in any object.
const annotatedRoles = (spec: EnvironmentSpec) => spec.serviceAccount.credentials !== 'podIdentity';

const word = (id: number) => (n: number) => `zhv${id}${'q'.repeat(n)}z`;

export const SITE_VALUES: readonly SiteValue[] = [
  // ECR-shaped, so that it also stands in for a registry that needs no pull Secret.
  { path: 'registry.host', marker: (n) => `${String(n).padStart(12, '0')}.dkr.ecr.zz-hvregistry${'q'.repeat(n)}-1.amazonaws.com` },
  { path: 'registry.pullSecret', marker: word(2) },
  { path: 'database.host', marker: word(3) },
  { path: 'database.port', marker: (n) => 64101 + n * 7 },
  { path: 'database.name', marker: word(5) },
  { path: 'database.username', marker: word(6) },
  // Verifying, so that it also stands in for options that go with database.caBundle.
  { path: 'database.options', marker: (n) => `sslmode=verify-full application_name=${word(7)(n)}` },
  { path: 'database.passwordSecret.name', marker: word(8) },
  { path: 'database.passwordSecret.key', marker: word(9) },
  { path: 'storage.region', marker: (n) => `zz-hvregion${'q'.repeat(n)}-1` },
  { path: 'storage.metadataBucket', marker: word(11) },
  { path: 'storage.userDataBucket', marker: word(12) },
  { path: 'storage.endpoint', marker: (n) => `https://${word(18)(n)}.example` },
  { path: 'database.caBundle.configMap', marker: word(19) },
  { path: 'database.caBundle.secret', marker: word(20) },
  { path: 'database.caBundle.key', marker: word(21) },
  { path: 'caBundle.configMap', marker: word(22) },
  { path: 'caBundle.secret', marker: word(23) },
  { path: 'caBundle.key', marker: word(24) },
  { path: 'proxy.http', marker: (n) => `http://${word(25)(n)}.example:3128` },
  { path: 'proxy.https', marker: (n) => `http://${word(26)(n)}.example:3128` },
  { path: 'serviceAccount.roleArn', marker: (n) => `arn:aws:iam::000000000000:role/${word(13)(n)}`, usedWhen: annotatedRoles },
  { path: 'tasks.roleArn', marker: (n) => `arn:aws:iam::000000000000:role/${word(17)(n)}`, usedWhen: annotatedRoles },
  { path: 'ingress.host', marker: word(14) },
  { path: 'ingress.className', marker: word(15) },
  { path: 'ingress.tlsSecret', marker: word(16) },
  { path: 'auth.oidc.issuer', marker: (n) => `https://${word(27)(n)}.example/oauth2` },
  { path: 'auth.oidc.clientId', marker: word(28) },
  { path: 'auth.oidc.clientSecret.name', marker: word(29) },
  { path: 'auth.oidc.clientSecret.key', marker: word(30) },
  { path: 'auth.internalClient.clientId', marker: word(31) },
  { path: 'auth.internalClient.clientSecret.name', marker: word(32) },
  { path: 'auth.internalClient.clientSecret.key', marker: word(33) },
  { path: 'auth.authorizationServer.issuer', marker: (n) => `https://${word(34)(n)}.example/oauth2` },
  { path: 'auth.authorizationServer.audience', marker: word(35) },
  // Quantities: requests below limits, so the markers pass the same checks as real values.
  { path: 'resources.requests.cpu', marker: (n) => `${64201 + n * 7}m` },
  { path: 'resources.limits.cpu', marker: (n) => `${64202 + n * 7}m` },
  { path: 'resources.requests.memory', marker: (n) => `${64203 + n * 7}Mi` },
  { path: 'resources.limits.memory', marker: (n) => `${64204 + n * 7}Mi` },
];

/** A site value the environment sets, with the marker chosen for it. */
export interface MarkedValue {
  readonly path: string;
  readonly marker: string | number;
}

export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  let o = obj;
  for (const k of keys) o = o[k] as Record<string, unknown>;
  o[last] = value;
}

/** Rounds of candidates markersFor tries; every marker of these rounds passes its field's validation. */
const ROUNDS = 50;

/**
 * The site values this environment sets (others, such as an absent ingress, are not exposed),
 * with markers that occur nowhere in `realOutput`. One round of candidates for all values keeps
 * their order (requests stay below limits).
 */
export function markersFor(spec: EnvironmentSpec, realOutput: string): MarkedValue[] {
  const present = SITE_VALUES.filter((v) => getPath(spec, v.path) !== undefined && (v.usedWhen?.(spec) ?? true));
  // Past about 57 rounds the longest markers outgrow their formats (63-character bucket names).
  for (let n = 0; n < ROUNDS; n++) {
    const values = present.map((v) => ({ path: v.path, marker: v.marker(n) }));
    if (!markerMatcher(values).pattern.test(realOutput)) return values;
  }
  throw new Error('helm: no free set of markers');
}

/** A copy of `spec` with each marked value replaced by its marker. */
export function markSpec(spec: EnvironmentSpec, values: readonly MarkedValue[]): EnvironmentSpec {
  const marked = structuredClone(spec) as unknown as Record<string, unknown>;
  for (const v of values) setPath(marked, v.path, v.marker);
  return marked as unknown as EnvironmentSpec;
}

const escape = (marker: string | number) => String(marker).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One pattern for all the markers (longest first), with the path each one stands for. It matches
 * a marker only as a whole token, so that digits inside a hash or digest never match.
 */
export function markerMatcher(values: readonly MarkedValue[]): { readonly pattern: RegExp; readonly pathOf: ReadonlyMap<string, string> } {
  const sorted = [...values].sort((a, b) => String(b.marker).length - String(a.marker).length);
  const alternatives = sorted.map((v) => escape(v.marker)).join('|') || '(?!)';
  return {
    pattern: new RegExp(`(?<![0-9A-Za-z])(?:${alternatives})(?![0-9A-Za-z])`, 'g'),
    pathOf: new Map(values.map((v) => [String(v.marker), v.path])),
  };
}

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
  readonly marker: string | number;
}

export const SITE_VALUES: readonly SiteValue[] = [
  { path: 'registry.host', marker: 'zhv01z' },
  { path: 'registry.pullSecret', marker: 'zhv02z' },
  { path: 'database.host', marker: 'zhv03z' },
  { path: 'database.port', marker: 64101 },
  { path: 'database.name', marker: 'zhv05z' },
  { path: 'database.username', marker: 'zhv06z' },
  { path: 'database.options', marker: 'zhv=zhv07z' },
  { path: 'database.passwordSecret.name', marker: 'zhv08z' },
  { path: 'database.passwordSecret.key', marker: 'zhv09z' },
  { path: 'storage.region', marker: 'zz-hvregion-1' },
  { path: 'storage.metadataBucket', marker: 'zhv11z' },
  { path: 'storage.userDataBucket', marker: 'zhv12z' },
  { path: 'serviceAccount.roleArn', marker: 'arn:aws:iam::000000000000:role/zhv13z' },
  { path: 'ingress.host', marker: 'zhv14z' },
  { path: 'ingress.className', marker: 'zhv15z' },
  { path: 'ingress.tlsSecret', marker: 'zhv16z' },
  // Quantities: requests below limits, so the markers pass the same checks as real values.
  { path: 'resources.requests.cpu', marker: '64201m' },
  { path: 'resources.requests.memory', marker: '64203Mi' },
  { path: 'resources.limits.cpu', marker: '64202m' },
  { path: 'resources.limits.memory', marker: '64204Mi' },
];

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

/** The site values this environment sets (others, such as an absent ingress, are not exposed). */
export function presentSiteValues(spec: EnvironmentSpec): SiteValue[] {
  return SITE_VALUES.filter((v) => getPath(spec, v.path) !== undefined);
}

/** A copy of `spec` with every present site value replaced by its marker. */
export function markSpec(spec: EnvironmentSpec): EnvironmentSpec {
  const marked = structuredClone(spec) as unknown as Record<string, unknown>;
  for (const v of presentSiteValues(spec)) setPath(marked, v.path, v.marker);
  return marked as unknown as EnvironmentSpec;
}

/** Matches a marker only as a whole token, so that digits inside a hash or digest never match. */
export function markerPattern(marker: string | number): RegExp {
  const escaped = String(marker).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`, 'g');
}

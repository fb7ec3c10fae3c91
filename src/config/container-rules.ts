import { credentialIn } from './credentials';
import { sslMode } from './database-options';
import type { RuleIssue } from './task-rules';

/**
 * Environment variables the chart sets on the Flyte container itself; `pod.env` may not set them
 * (compared without case: Go's proxy settings read both spellings).
 */
export const MANAGED_ENV_NAMES: Readonly<Record<string, string>> = {
  POD_NAME: 'the chart (the pod name)',
  POD_NAMESPACE: 'the chart (the namespace)',
  SSL_CERT_FILE: 'caBundle',
  AWS_CA_BUNDLE: 'caBundle',
  HTTP_PROXY: 'proxy.http',
  HTTPS_PROXY: 'proxy.https',
  NO_PROXY: 'proxy.noProxy',
};

export interface KeyReference {
  readonly name: string;
  readonly key: string;
}

/** One extra environment variable: a literal value, or a key of a Secret or ConfigMap. */
export interface EnvVarSetting {
  readonly name: string;
  /** @default - none (exactly one of value, secretKeyRef and configMapKeyRef) */
  readonly value?: string;
  /** @default - none */
  readonly secretKeyRef?: KeyReference;
  /** @default - none */
  readonly configMapKeyRef?: KeyReference;
}

/** A file from a ConfigMap or a Secret (exactly one of the two names). */
export interface FileSource {
  readonly configMap?: string;
  readonly secret?: string;
  readonly key: string;
}

/** The parts of an environment these rules read. */
export interface ContainerSettings {
  readonly pod?: { readonly env?: readonly EnvVarSetting[] };
  readonly caBundle?: FileSource;
  readonly database: { readonly options: string; readonly caBundle?: FileSource };
}

/** Problems of the extra environment variables, with paths relative to the list. */
export function envVarIssues(env: readonly EnvVarSetting[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  env.forEach((v, i) => {
    const managed = MANAGED_ENV_NAMES[v.name.toUpperCase()];
    if (managed !== undefined) issues.push({ path: [i, 'name'], input: v.name, message: `expected a name the chart does not set (${v.name} is set by ${managed})` });
    if (seen.has(v.name)) issues.push({ path: [i, 'name'], input: v.name, message: 'expected each name once' });
    seen.add(v.name);
    const sources = [v.value, v.secretKeyRef, v.configMapKeyRef].filter((s) => s !== undefined).length;
    if (sources !== 1) issues.push({ path: [i], input: v.name, message: 'expected exactly one of value, secretKeyRef and configMapKeyRef' });
    if (v.value !== undefined) {
      // The name counts too: "API_TOKEN" with any literal value is a credential.
      const found = credentialIn(v.value) ?? credentialIn(`${v.name}=${v.value}`);
      if (found) issues.push({ path: [i, 'value'], input: `<the value of ${v.name}>`, message: `expected no credential in an environment file (found ${found}); put it in a Secret and use secretKeyRef` });
    }
  });
  return issues;
}

/** The problem of a file source, or undefined: exactly one of configMap and secret. */
export function fileSourceIssue(source: FileSource): string | undefined {
  return (source.configMap === undefined) === (source.secret === undefined) ? 'expected exactly one of configMap and secret (and key)' : undefined;
}

/** Cross-field rules of the Flyte container: extra variables, CA bundles. */
export function checkContainer(settings: ContainerSettings): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const issue of envVarIssues(settings.pod?.env ?? [])) issues.push({ ...issue, path: ['pod', 'env', ...issue.path] });
  for (const [path, source] of [[['caBundle'], settings.caBundle], [['database', 'caBundle'], settings.database.caBundle]] as const) {
    const problem = source && fileSourceIssue(source);
    if (problem) issues.push({ path: [...path], input: source, message: problem });
  }
  const mode = sslMode(settings.database.options);
  if (settings.database.caBundle && mode !== 'verify-full' && mode !== 'verify-ca') {
    issues.push({ path: ['database', 'options'], input: settings.database.options, message: 'expected sslmode=verify-full (or verify-ca) with database.caBundle: the CA is only used to verify the server' });
  }
  return issues;
}

export type RequirementKind = 'node' | 'label';

/** The problem of a node or label selector requirement's operator and values, or undefined. */
export function requirementIssue(kind: RequirementKind, operator: string, values: readonly string[] | undefined): string | undefined {
  if (operator === 'Exists' || operator === 'DoesNotExist') return values === undefined ? undefined : `expected no values with operator "${operator}"`;
  if (operator === 'Gt' || operator === 'Lt') {
    if (kind === 'label') return `expected "In", "NotIn", "Exists" or "DoesNotExist" (not "${operator}") in a label selector`;
    return values?.length === 1 && /^-?[0-9]{1,18}$/.test(values[0]) ? undefined : `expected exactly one integer value with operator "${operator}"`;
  }
  return values !== undefined && values.length > 0 ? undefined : `expected at least one value with operator "${operator}"`;
}

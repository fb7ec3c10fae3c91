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

/**
 * Variables the chart gives every task container (`plugins.k8s.default-env-vars`), with the key
 * that sets them; `tasks.env` may not set them (compared without case, as for the Flyte container).
 */
export const TASK_ENV_NAMES: Readonly<Record<string, string>> = {
  FLYTE_AWS_ENDPOINT: 'storage.endpoint',
  HTTP_PROXY: 'proxy.http',
  HTTPS_PROXY: 'proxy.https',
  NO_PROXY: 'proxy.noProxy',
  SSL_CERT_FILE: 'caBundle (with tasks.podTemplate)',
  AWS_CA_BUNDLE: 'caBundle (with tasks.podTemplate)',
  REQUESTS_CA_BUNDLE: 'caBundle (with tasks.podTemplate)',
};

/**
 * Variables Flyte sets per execution before its default environment (DecorateEnvVars in
 * flyteplugins/go/tasks/pluginmachinery/flytek8s/k8s_resource_adds.go, v1.16.8): a default of the
 * same name comes later in the container's list and the kubelet keeps the last
 * (makeEnvironmentVariables, pkg/kubelet/kubelet_pods.go), so it would replace Flyte's value.
 */
const FLYTE_TASK_ENV = /^(FLYTE_INTERNAL_.*|_F_.*|FLYTE_ATTEMPT_NUMBER|FLYTE_EXECUTION_URL)$/;

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

/** A variable of every task container: a literal (Flyte's default-env-vars are strings). */
export interface TaskEnvVar {
  /** A Kubernetes environment variable name, kept in its case. */
  readonly name: string;
  /** The literal value; never a credential. */
  readonly value: string;
}

/** The parts of an environment these rules read. */
export interface ContainerSettings {
  readonly pod?: { readonly env?: readonly EnvVarSetting[] };
  readonly tasks?: { readonly env?: readonly TaskEnvVar[] };
  readonly caBundle?: FileSource;
  readonly database: { readonly options: string; readonly caBundle?: FileSource };
}

/** Problems of the extra environment variables of the Flyte container, with paths relative to the list. */
export function envVarIssues(env: readonly EnvVarSetting[]): RuleIssue[] {
  return listIssues(env, {
    reserved: (name) => {
      const managed = MANAGED_ENV_NAMES[name.toUpperCase()];
      return managed && `expected a name the chart does not set (${name} is set by ${managed})`;
    },
    sources: (v) => ([v.value, v.secretKeyRef, v.configMapKeyRef].filter((s) => s !== undefined).length === 1 ? undefined : 'expected exactly one of value, secretKeyRef and configMapKeyRef'),
    instead: 'put it in a Secret and use secretKeyRef',
  });
}

/** Problems of `tasks.env` (literal values only), with paths relative to the list. */
export function taskEnvIssues(env: readonly TaskEnvVar[]): RuleIssue[] {
  return listIssues(env, {
    reserved: (name) => {
      const managed = TASK_ENV_NAMES[name.toUpperCase()];
      if (managed) return `expected a name the chart does not set in task pods (${name} is set by ${managed})`;
      return FLYTE_TASK_ENV.test(name) ? `expected a name Flyte does not set (${name} is set by Flyte for each execution)` : undefined;
    },
    instead: 'a task reads a credential from a Secret of its namespace through flytekit\'s secret requests',
  });
}

interface ListRules<T> {
  /** The problem of a name something else sets. */
  readonly reserved: (name: string) => string | undefined;
  /** The problem of a variable's sources. @default - none */
  readonly sources?: (v: T) => string | undefined;
  /** Where a credential belongs instead, completing the credential message. */
  readonly instead: string;
}

/** Reserved names, duplicates, sources and literal credentials of a list of variables. */
function listIssues<T extends { readonly name: string; readonly value?: string }>(env: readonly T[], rules: ListRules<T>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  env.forEach((v, i) => {
    const reserved = rules.reserved(v.name);
    if (reserved) issues.push({ path: [i, 'name'], input: v.name, message: reserved });
    if (seen.has(v.name)) issues.push({ path: [i, 'name'], input: v.name, message: 'expected each name once' });
    seen.add(v.name);
    const sources = rules.sources?.(v);
    if (sources) issues.push({ path: [i], input: v.name, message: sources });
    if (v.value !== undefined) {
      // The name counts too: "API_TOKEN" with any literal value is a credential.
      const found = credentialIn(v.value) ?? credentialIn(`${v.name}=${v.value}`);
      if (found) issues.push({ path: [i, 'value'], input: `<the value of ${v.name}>`, message: `expected no credential in an environment file (found ${found}); ${rules.instead}` });
    }
  });
  return issues;
}

/** The problem of a file source, or undefined: exactly one of configMap and secret. */
export function fileSourceIssue(source: FileSource): string | undefined {
  return (source.configMap === undefined) === (source.secret === undefined) ? 'expected exactly one of configMap and secret (and key)' : undefined;
}

/** Cross-field rules of the containers: extra variables of the Flyte container and of task pods, CA bundles. */
export function checkContainer(settings: ContainerSettings): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const issue of envVarIssues(settings.pod?.env ?? [])) issues.push({ ...issue, path: ['pod', 'env', ...issue.path] });
  for (const issue of taskEnvIssues(settings.tasks?.env ?? [])) issues.push({ ...issue, path: ['tasks', 'env', ...issue.path] });
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

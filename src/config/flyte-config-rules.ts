import type { RuleIssue } from './task-rules';

/**
 * Keys of Flyte's configuration that the environment schema owns, by dotted path (a prefix covers
 * everything below it), with the key to set instead. Set in two places, the later file would win
 * silently and the typed validation would be bypassed.
 */
export const OWNED_FLYTE_KEYS: Readonly<Record<string, string>> = {
  database: 'database',
  storage: 'storage',
  'propeller.rawoutput-prefix': 'storage.userDataBucket',
  'flyte.admin.seedProjects': 'projects',
  'flyte.admin.seedProjectsWithDetails': 'projects',
  domains: 'domains',
  task_resources: 'tasks.resources',
  'cluster_resources.customData': 'tasks.roleArn, tasks.quota and tasks.domains',
  'cluster_resources.templatePath': 'tasks (the templates are generated)',
  'tasks.task-plugins': 'plugins',
  'plugins.logs': 'logs',
  'plugins.k8s-array.logs': 'logs',
  'plugins.k8s.co-pilot.image': 'images.coPilot',
  // A later list replaces the whole list: the S3 endpoint, proxy and CA variables would be lost.
  'plugins.k8s.default-env-vars': 'tasks.env (storage.endpoint, proxy and caBundle set the chart\'s own)',
  'plugins.k8s.default-pod-template-name': 'tasks.podTemplate',
  logger: 'flyte.logLevel',
  auth: 'auth',
  'server.security': 'auth',
  admin: 'auth.internalClient',
  namespace_mapping: 'projects and domains (task namespaces are <project>-<domain>)',
};

/**
 * Keys the release sets to fixed values that other parts of it depend on, or that decide who may
 * do what (security-relevant), with the reason: no environment key sets them.
 */
export const FIXED_FLYTE_KEYS: Readonly<Record<string, string>> = {
  flyte: 'every component of the single binary runs',
  'catalog-cache': 'the binary reaches its own datacatalog on localhost:8081',
  'cluster_resources.standaloneDeployment': 'the cluster resource manager runs inside the binary',
  'propeller.create-flyteworkflow-crd': 'the CRD ships with the release and the binary may not create CRDs',
  'propeller.prof-port': 'the metrics container port and Service are 10254',
  'server.httpPort': 'the Services, probes and NetworkPolicy use 8088',
  'server.grpcPort': 'the Services and NetworkPolicy use 8089',
  'server.grpc.port': 'the Services and NetworkPolicy use 8089',
  'server.kube-config': 'Flyte manages its own cluster with its ServiceAccount',
  'server.master': 'Flyte manages its own cluster with its ServiceAccount',
  clusters: 'Flyte manages its own cluster with its ServiceAccount',
  webhook: 'the release names the webhook Service, its port and its certificate Secret',
  secrets: 'Flyte reads its secrets from the mounted /etc/secrets',
  'flyteadmin.roleNameKey': 'the IAM role annotation key (README "Differences from the upstream chart")',
  'plugins.k8s.inject-finalizer': 'task pods keep a finalizer until propeller has read their end',
};

/**
 * The entry that covers a path (the path itself or an ancestor), compared as Flyte's loader does
 * (case-insensitively); undefined while a more specific entry of `within` lies below the path, so
 * that the walk reaches it (`flyte.admin.seedProjects` under `flyte`).
 */
function ownerOf(table: Readonly<Record<string, string>>, path: readonly string[], within: Readonly<Record<string, string>> = table): string | undefined {
  const dotted = path.join('.').toLowerCase();
  if (Object.keys(within).some((k) => k.toLowerCase().startsWith(`${dotted}.`))) return undefined;
  return Object.keys(table).find((k) => dotted === k.toLowerCase() || dotted.startsWith(`${k.toLowerCase()}.`));
}

// Names that carry a secret by convention in Flyte's and its plugins' configuration.
const CREDENTIAL_KEY = /(password|passwd|secret|token|credential|private[-_]?key|access[-_]?key|api[-_]?key)/i;
// An AWS access key id anywhere in a value.
const ACCESS_KEY_ID = /(^|[^A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}([^A-Z0-9]|$)/;

/** True for a key whose string value Flyte uses as a container image. */
export function isImageKey(key: string): boolean {
  return key === 'image' || /(-image|Image)$/.test(key);
}

/**
 * Rules of the free-form `flyteConfig`: no credential, no key the schema owns or the release
 * fixes. Keys are compared in any case: Flyte's loader lower-cases them (flytestdlib viper).
 */
export function checkFlyteConfig(config: Readonly<Record<string, unknown>> | undefined): RuleIssue[] {
  if (config === undefined) return [];
  const issues: RuleIssue[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (path.length > 0) {
      const key = path[path.length - 1];
      const owner = ownerOf(OWNED_FLYTE_KEYS, path);
      if (owner) {
        issues.push({ path: ['flyteConfig', ...path], input: key, message: `expected this setting in the typed key ${OWNED_FLYTE_KEYS[owner]} of the environment file, not in flyteConfig` });
        return;
      }
      const fixed = ownerOf(FIXED_FLYTE_KEYS, path, { ...OWNED_FLYTE_KEYS, ...FIXED_FLYTE_KEYS });
      if (fixed) {
        issues.push({ path: ['flyteConfig', ...path], input: key, message: `expected no override of a setting the release fixes: ${FIXED_FLYTE_KEYS[fixed]}` });
        return;
      }
      if (CREDENTIAL_KEY.test(key)) {
        issues.push({ path: ['flyteConfig', ...path], input: key, message: 'expected no credential in Flyte\'s configuration: mount it from a Secret an operator or the External Secrets Operator creates (README "Running workflows")' });
        return;
      }
    }
    if (typeof value === 'string' && ACCESS_KEY_ID.test(value)) {
      issues.push({ path: ['flyteConfig', ...path], input: '<an AWS access key id>', message: 'expected no credential in Flyte\'s configuration: tasks and the binary use IAM roles (IRSA)' });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, String(i)]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  walk(config, []);
  return issues;
}

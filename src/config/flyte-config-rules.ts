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
};

// Names that carry a secret by convention in Flyte's and its plugins' configuration.
const CREDENTIAL_KEY = /(password|passwd|secret|token|credential|private[-_]?key|access[-_]?key|api[-_]?key)/i;
// An AWS access key id anywhere in a value.
const ACCESS_KEY_ID = /(^|[^A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}([^A-Z0-9]|$)/;

/** True for a key whose string value Flyte uses as a container image. */
export function isImageKey(key: string): boolean {
  return key === 'image' || /(-image|Image)$/.test(key);
}

/** Rules of the free-form `flyteConfig`: no credential, no key the schema owns. */
export function checkFlyteConfig(config: Readonly<Record<string, unknown>> | undefined): RuleIssue[] {
  if (config === undefined) return [];
  const issues: RuleIssue[] = [];
  const walk = (value: unknown, path: string[]) => {
    const dotted = path.join('.');
    if (path.length > 0) {
      const key = path[path.length - 1];
      const owner = Object.keys(OWNED_FLYTE_KEYS).find((k) => dotted === k);
      if (owner) {
        issues.push({ path: ['flyteConfig', ...path], input: key, message: `expected this setting in the typed key ${OWNED_FLYTE_KEYS[owner]} of the environment file, not in flyteConfig` });
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

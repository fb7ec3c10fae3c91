import { matches, QUANTITY } from './formats';
import { compareQuantities } from './quantity';

/** A problem found across fields, reported like a schema issue. */
export interface RuleIssue {
  readonly path: PropertyKey[];
  readonly input: unknown;
  readonly message: string;
}

export interface ResourceSet {
  readonly cpu: string;
  readonly memory: string;
  readonly gpu?: string;
  readonly ephemeralStorage?: string;
}

/** The parts of an environment these rules read (the schema's output shape). */
export interface TaskSettings {
  /** The release namespace. @default - not compared with the task namespaces */
  readonly namespace?: string;
  readonly projects: ReadonlyArray<{ readonly name: string }>;
  readonly domains: readonly string[];
  readonly tasks?: {
    readonly roleArn?: string;
    readonly resources?: { readonly defaults: ResourceSet; readonly limits: ResourceSet };
    readonly quota?: ResourceSet;
    readonly domains?: Readonly<Record<string, { readonly roleArn?: string; readonly quota?: ResourceSet }>>;
  };
  readonly plugins?: { readonly enabled: readonly string[]; readonly defaultForTaskTypes: Readonly<Record<string, string>> };
}

export const RESOURCE_KINDS = ['cpu', 'memory', 'gpu', 'ephemeralStorage'] as const;

/** The role of each domain's task pods: its own, else the shared one; undefined when none. */
export function domainRole(settings: TaskSettings, domain: string): string | undefined {
  return settings.tasks?.domains?.[domain]?.roleArn ?? settings.tasks?.roleArn;
}

/** The ResourceQuota of each domain's namespaces: its own, else the shared one. */
export function domainQuota(settings: TaskSettings, domain: string): ResourceSet | undefined {
  return settings.tasks?.domains?.[domain]?.quota ?? settings.tasks?.quota;
}

const valid = (q: string | undefined): q is string => q !== undefined && matches(QUANTITY, q);

/**
 * Namespaces Kubernetes owns: the four it creates ("default", "kube-system", "kube-public",
 * "kube-node-lease") and the prefix "kube-" it reserves for them
 * (kubernetes.io/docs/concepts/overview/working-with-objects/namespaces). deploy.sh labels every
 * task namespace and writes the pull Secret into it: never into one of these.
 */
export const SYSTEM_NAMESPACE = /^(default|kube-.*)$/;

/**
 * The task namespaces "<project>-<domain>" against Kubernetes' own, the release namespace and
 * each other, named by the pair that makes each; the first pair of each namespace wins.
 */
function namespaceIssues(settings: TaskSettings): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const owner = new Map<string, { project: string; domain: string }>();
  settings.projects.forEach((p, i) => {
    for (const d of settings.domains) {
      const ns = `${p.name}-${d}`;
      const pair = `project "${p.name}" with domain "${d}" makes the task namespace "${ns}"`;
      const path = ['projects', i, 'name'];
      const first = owner.get(ns);
      if (SYSTEM_NAMESPACE.test(ns)) {
        issues.push({ path, input: p.name, message: `expected task namespaces outside Kubernetes' own ("default", "kube-*"): ${pair}` });
      } else if (ns === settings.namespace) {
        issues.push({ path: ['namespace'], input: ns, message: `expected a namespace other than every task namespace: ${pair}, whose templates would relabel this one` });
      } else if (first && (first.project !== p.name || first.domain !== d)) {
        issues.push({ path, input: p.name, message: `expected a task namespace of its own per project and domain: ${pair}, as project "${first.project}" with domain "${first.domain}" does` });
      }
      if (!first) owner.set(ns, { project: p.name, domain: d });
    }
  });
  return issues;
}

/** Cross-field rules of projects, domains, task settings and plugins. */
export function checkTasks(settings: TaskSettings): RuleIssue[] {
  return [...projectDomainIssues(settings), ...namespaceIssues(settings), ...taskRoleQuotaIssues(settings), ...taskResourceIssues(settings), ...pluginIssues(settings)];
}

/** Each project and domain once; every "<project>-<domain>" namespace name short enough. */
function projectDomainIssues(settings: TaskSettings): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const add = (path: PropertyKey[], input: unknown, message: string) => issues.push({ path, input, message });
  const seenProjects = new Set<string>();
  settings.projects.forEach((p, i) => {
    if (seenProjects.has(p.name)) add(['projects', i, 'name'], p.name, 'expected each project once');
    seenProjects.add(p.name);
    const longest = settings.domains.reduce((a, d) => (d.length > a.length ? d : a), '');
    if (`${p.name}-${longest}`.length > 63) {
      add(['projects', i, 'name'], p.name, `expected a name short enough that the namespace "${p.name}-${longest}" has at most 63 characters`);
    }
  });
  const seenDomains = new Set<string>();
  settings.domains.forEach((d, i) => {
    if (seenDomains.has(d)) add(['domains', i], d, 'expected each domain once');
    seenDomains.add(d);
  });
  return issues;
}

/** Domain overrides name declared domains; roles and quotas cover every domain or none, with the same quota keys. */
function taskRoleQuotaIssues(settings: TaskSettings): RuleIssue[] {
  const tasks = settings.tasks;
  if (!tasks) return [];
  const issues: RuleIssue[] = [];
  const add = (path: PropertyKey[], input: unknown, message: string) => issues.push({ path, input, message });
  const overrides = tasks.domains ?? {};
  for (const d of Object.keys(overrides)) {
    if (!settings.domains.includes(d)) add(['tasks', 'domains', d], d, `expected one of the declared domains (${settings.domains.join(', ')})`);
  }
  const withoutRole = settings.domains.filter((d) => domainRole(settings, d) === undefined);
  if (withoutRole.length > 0 && withoutRole.length < settings.domains.length) {
    add(['tasks', 'roleArn'], undefined, `expected a role for the domains without their own roleArn (${withoutRole.join(', ')})`);
  }
  if (tasks.roleArn !== undefined && settings.domains.every((d) => overrides[d]?.roleArn !== undefined)) {
    add(['tasks', 'roleArn'], tasks.roleArn, 'expected no shared role when every domain names its own (it would apply to nothing)');
  }
  const withoutQuota = settings.domains.filter((d) => domainQuota(settings, d) === undefined);
  if (withoutQuota.length > 0 && withoutQuota.length < settings.domains.length) {
    add(['tasks', 'quota'], undefined, `expected a quota for the domains without their own (${withoutQuota.join(', ')})`);
  }
  // The quota template is shared: every domain must fill the same keys.
  const quotaKeys = (q: ResourceSet | undefined) => RESOURCE_KINDS.filter((k) => q?.[k] !== undefined).join(',');
  const firstKeys = quotaKeys(domainQuota(settings, settings.domains[0]));
  for (const d of settings.domains.slice(1)) {
    if (withoutQuota.length === 0 && quotaKeys(domainQuota(settings, d)) !== firstKeys) {
      add(['tasks', 'domains', d, 'quota'], domainQuota(settings, d), `expected the same quota keys in every domain (${firstKeys.split(',').join(', ')})`);
    }
  }
  return issues;
}

/** Task defaults within the limits, and every quota large enough for one task at its limits. */
function taskResourceIssues(settings: TaskSettings): RuleIssue[] {
  const tasks = settings.tasks;
  if (!tasks) return [];
  const issues: RuleIssue[] = [];
  const add = (path: PropertyKey[], input: unknown, message: string) => issues.push({ path, input, message });
  const overrides = tasks.domains ?? {};
  const res = tasks.resources;
  if (res) {
    for (const k of RESOURCE_KINDS) {
      const def = res.defaults[k];
      const lim = res.limits[k];
      if (def !== undefined && lim === undefined) add(['tasks', 'resources', 'limits', k], undefined, `expected a limit when defaults.${k} is set`);
      if (valid(def) && valid(lim) && compareQuantities(def, lim) > 0) add(['tasks', 'resources', 'defaults', k], def, `expected at most the limit (${lim})`);
    }
  }
  for (const d of settings.domains) {
    const quota = domainQuota(settings, d);
    if (!quota) continue;
    const where: PropertyKey[] = overrides[d]?.quota ? ['tasks', 'domains', d, 'quota'] : ['tasks', 'quota'];
    if (!res) {
      add(['tasks', 'resources'], undefined, 'expected task resources when a quota is set: their LimitRange gives every container the limits the quota counts');
      break;
    }
    for (const k of RESOURCE_KINDS) {
      const lim = res.limits[k];
      const q = quota[k];
      if (valid(lim) && valid(q) && compareQuantities(lim, q) > 0) add([...where, k], q, `expected at least the task limit (${lim}) so that one task fits`);
    }
  }
  return issues;
}

/** Each plugin enabled once, and every task type's default plugin enabled. */
function pluginIssues(settings: TaskSettings): RuleIssue[] {
  const plugins = settings.plugins;
  if (!plugins) return [];
  const issues: RuleIssue[] = [];
  const add = (path: PropertyKey[], input: unknown, message: string) => issues.push({ path, input, message });
  plugins.enabled.forEach((p, i) => {
    if (plugins.enabled.indexOf(p) !== i) add(['plugins', 'enabled', i], p, 'expected each plugin once');
  });
  for (const [type, plugin] of Object.entries(plugins.defaultForTaskTypes)) {
    if (!plugins.enabled.includes(plugin)) add(['plugins', 'defaultForTaskTypes', type], plugin, `expected an enabled plugin (${plugins.enabled.join(', ')})`);
  }
  return issues;
}

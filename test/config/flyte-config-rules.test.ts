import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { checkFlyteConfig, FIXED_FLYTE_KEYS, isImageKey, OWNED_FLYTE_KEYS } from '../../src/config/flyte-config-rules';
import { TASK_PLUGINS } from '../../src/config/task-plugins';
import { flyteConfigOf } from '../conformance/config-of';
import { effectiveConfig } from '../conformance/harness';
import { objectsOf, ROOT, specOf, validInput } from '../helpers';

const messageOf = (flyteConfig: unknown) => {
  try {
    specOf({ ...validInput(), flyteConfig });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the environment to be rejected');
};

describe('flyteConfig (the escape hatch)', () => {
  test('settings the schema does not model pass through unchanged', () => {
    const flyteConfig = { plugins: { k8s: { 'send-object-events': true, 'default-cpus': '100m' } }, propeller: { 'max-workflow-retries': 7 } };
    expect(specOf({ ...validInput(), flyteConfig }).flyteConfig).toEqual(flyteConfig);
    expect(checkFlyteConfig(flyteConfig)).toEqual([]);
    expect(checkFlyteConfig(undefined)).toEqual([]);
  });

  test.each([
    ['a plugin\'s client secret', { plugins: { databricks: { clientSecret: 'x' } } }, 'clientSecret'],
    ['storage-like password key', { connector: { password: 'x' } }, 'password'],
    ['a token under a list', { plugins: { 'connector-service': { connectors: [{ apiToken: 'x' }] } } }, 'apiToken'],
    ['an access key id in a value', { propeller: { note: 'AKIAABCDEFGHIJKLMNOP' } }, '<an AWS access key id>'],
  ])('refuses a credential: %s', (_name, config, shown) => {
    const message = messageOf(config);
    expect(message).toMatch(new RegExp(`^test\\.yaml: flyteConfig\\.[^ ]+: "${shown.replace(/[<>]/g, '.')}" is not allowed; expected no credential in Flyte's configuration`));
    // The value itself is never echoed.
    expect(message).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(message).not.toContain('\n');
  });

  test.each([
    [{ database: { postgres: { host: 'x' } } }, 'flyteConfig.database', 'database'],
    [{ storage: { container: 'x' } }, 'flyteConfig.storage', 'storage'],
    [{ propeller: { 'rawoutput-prefix': 's3://x' } }, 'flyteConfig.propeller.rawoutput-prefix', 'storage.userDataBucket'],
    [{ flyte: { admin: { seedProjects: ['x'] } } }, 'flyteConfig.flyte.admin.seedProjects', 'projects'],
    [{ domains: [{ id: 'x', name: 'x' }] }, 'flyteConfig.domains', 'domains'],
    [{ task_resources: { defaults: { cpu: 1 } } }, 'flyteConfig.task_resources', 'tasks.resources'],
    [{ cluster_resources: { customData: {} } }, 'flyteConfig.cluster_resources.customData', 'tasks.roleArn, tasks.quota and tasks.domains'],
    [{ tasks: { 'task-plugins': { 'enabled-plugins': ['x'] } } }, 'flyteConfig.tasks.task-plugins', 'plugins'],
    [{ plugins: { logs: { 'cloudwatch-enabled': true } } }, 'flyteConfig.plugins.logs', 'logs'],
    [{ plugins: { 'k8s-array': { logs: {} } } }, 'flyteConfig.plugins.k8s-array.logs', 'logs'],
    [{ plugins: { k8s: { 'co-pilot': { image: 'x:1' } } } }, 'flyteConfig.plugins.k8s.co-pilot.image', 'images.coPilot'],
  ])('points a typed key to the schema: %j', (config, field, typed) => {
    const key = field.split('.').pop();
    expect(messageOf(config)).toBe(`test.yaml: ${field}: "${key}" is not allowed; expected this setting in the typed key ${typed} of the environment file, not in flyteConfig`);
  });

  test.each([
    [{ logger: { level: 5 } }, 'flyteConfig.logger', 'flyte.logLevel'],
    [{ server: { security: { useAuth: false } } }, 'flyteConfig.server.security', 'auth'],
    [{ auth: { appAuth: { authServerType: 'External' } } }, 'flyteConfig.auth', 'auth'],
    [{ admin: { tokenUrl: 'https://evil.example/token' } }, 'flyteConfig.admin', 'auth.internalClient'],
    [{ namespace_mapping: { template: '{{ project }}' } }, 'flyteConfig.namespace_mapping', 'projects and domains (task namespaces are <project>-<domain>)'],
    // Flyte's loader lower-cases keys, so the rule does too.
    [{ Server: { Security: { UseAuth: false } } }, 'flyteConfig.Server.Security', 'auth'],
  ])('points a security-relevant key to the schema: %j', (config, field, typed) => {
    const key = field.split('.').pop();
    expect(messageOf(config)).toBe(`test.yaml: ${field}: "${key}" is not allowed; expected this setting in the typed key ${typed} of the environment file, not in flyteConfig`);
  });

  test.each([
    [{ propeller: { 'prof-port': 9999 } }, 'flyteConfig.propeller.prof-port', 'the metrics container port and Service are 10254'],
    [{ flyte: { admin: { disabled: true } } }, 'flyteConfig.flyte.admin.disabled', 'every component of the single binary runs'],
    [{ webhook: { secretName: 'x' } }, 'flyteConfig.webhook', 'the release names the webhook Service, its port and its certificate Secret'],
    [{ server: { httpPort: 9000 } }, 'flyteConfig.server.httpPort', 'the Services, probes and NetworkPolicy use 8088'],
    [{ clusters: { clusterConfigs: [] } }, 'flyteConfig.clusters', 'Flyte manages its own cluster with its ServiceAccount'],
  ])('refuses a key the release fixes: %j', (config, field, reason) => {
    const key = field.split('.').pop();
    expect(messageOf(config)).toBe(`test.yaml: ${field}: "${key}" is not allowed; expected no override of a setting the release fixes: ${reason}`);
  });

  test('every owned and fixed key is in the tables (each named once)', () => {
    expect(Object.keys(OWNED_FLYTE_KEYS).sort()).toEqual([
      'admin', 'auth', 'cluster_resources.customData', 'cluster_resources.templatePath', 'database', 'domains', 'flyte.admin.seedProjects',
      'flyte.admin.seedProjectsWithDetails', 'logger', 'namespace_mapping', 'plugins.k8s-array.logs', 'plugins.k8s.co-pilot.image',
      'plugins.k8s.default-env-vars', 'plugins.k8s.default-pod-template-name', 'plugins.logs',
      'propeller.rawoutput-prefix', 'server.security', 'storage', 'task_resources', 'tasks.task-plugins',
    ]);
    expect(Object.keys(FIXED_FLYTE_KEYS).filter((k) => k in OWNED_FLYTE_KEYS)).toEqual([]);
  });

  test('the task default environment is the schema\'s (tasks.env): a later list would replace it whole (Flyte\'s loader merges maps, not lists)', () => {
    const message = messageOf({ plugins: { k8s: { 'default-env-vars': [{ AWS_METADATA_SERVICE_TIMEOUT: 5 }] } } });
    expect(message).toBe('test.yaml: flyteConfig.plugins.k8s.default-env-vars: "default-env-vars" is not allowed; expected this setting in the typed key tasks.env (storage.endpoint, proxy and caBundle set the chart\'s own) of the environment file, not in flyteConfig');
    expect(messageOf({ plugins: { k8s: { 'default-pod-template-name': 'mine' } } })).toContain('expected this setting in the typed key tasks.podTemplate');
  });

  test('not a map', () => {
    expect(messageOf(['a'])).toBe('test.yaml: flyteConfig: ["a"] is not allowed; expected a map of Flyte configuration sections');
  });

  test('image keys: "image", "...-image" and "...Image"', () => {
    expect(['image', 'default-image', 'sidecarImage'].map(isImageKey)).toEqual([true, true, true]);
    expect(['images', 'imagePullPolicy', 'name'].map(isImageKey)).toEqual([false, false, false]);
  });
});

/**
 * Generated from what Flyte reads (the conformance harness), not from a hand list: every key the
 * typed schema produces (where an environment with every feature on differs from Flyte's own
 * defaults) and every key of the security-relevant sections (auth, admin, server.security,
 * secrets, webhook, clusters), set through flyteConfig, is refused with one line naming it.
 */
describe('flyteConfig cannot override what the schema or the release sets (walked from Flyte\'s effective configuration)', () => {
  const enterprise = YAML.parse(fs.readFileSync(path.join(ROOT, 'config', 'environments', 'enterprise.yaml'), 'utf8'));
  const everything = {
    ...enterprise,
    flyte: { ...enterprise.flyte, logLevel: 'debug' },
    plugins: { enabled: [...TASK_PLUGINS], defaultForTaskTypes: { container: 'container', spark: 'spark' } },
    logs: { ...enterprise.logs, kubernetes: { templateUri: 'https://k.example/{{ .podName }}' }, custom: [{ displayName: 'Loki', templateUris: ['https://loki.example/{{ .podName }}'] }] },
  };
  const defaultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-defaults-'));
  fs.writeFileSync(path.join(defaultsDir, '000-empty.yaml'), '{}\n');
  const defaults = effectiveConfig(defaultsDir);
  fs.rmSync(defaultsDir, { recursive: true, force: true });
  const ours = flyteConfigOf(objectsOf(everything));

  /** Leaf paths as segment lists (a key may hold a dot: annotations). */
  const leafPaths = (v: unknown, p: string[] = []): string[][] =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0
      ? Object.entries(v).flatMap(([k, c]) => leafPaths(c, [...p, k]))
      : [p];
  const at = (v: any, p: string[]) => p.reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), v);
  const produced = leafPaths(ours).filter((p) => JSON.stringify(at(ours, p)) !== JSON.stringify(at(defaults, p)));
  const SECURITY_SECTIONS = [['auth'], ['admin'], ['server', 'security'], ['secrets'], ['webhook'], ['clusters']];
  const security = SECURITY_SECTIONS.flatMap((s) => leafPaths(at(defaults, s), s));
  const nest = (p: string[], value: unknown): Record<string, unknown> => p.reduceRight((v: unknown, k) => ({ [k]: v }), value) as Record<string, unknown>;

  test('the walk finds what it walks (not vacuous)', () => {
    expect(produced.length).toBeGreaterThan(60);
    expect(security.length).toBeGreaterThan(60);
    for (const key of ['admin.tokenUrl', 'server.security.useAuth', 'propeller.rawoutput-prefix', 'logger.level', 'flyteadmin.roleNameKey', 'plugins.k8s.inject-finalizer']) {
      expect([...produced, ...security].map((p) => p.join('.'))).toContain(key);
    }
  });

  test('each key is refused, in any case, with one line that names it under flyteConfig', () => {
    const accepted: string[] = [];
    for (const p of [...produced, ...security]) {
      for (const keyPath of [p, p.map((k, i) => (i === 0 ? k.toUpperCase() : k))]) {
        const issues = checkFlyteConfig(nest(keyPath, 'x'));
        const hit = issues.find((i) => keyPath.join('.').startsWith(i.path.slice(1).join('.')) && /expected (this setting in the typed key|no override of a setting the release fixes)/.test(i.message));
        if (!hit) accepted.push(keyPath.join('.'));
      }
    }
    expect(accepted).toEqual([]);
  });

  test('through the environment file: the message names the field, the value as written and what to use instead', () => {
    expect(messageOf({ server: { security: { useAuth: false } } })).toBe('test.yaml: flyteConfig.server.security: "security" is not allowed; expected this setting in the typed key auth of the environment file, not in flyteConfig');
  });
});

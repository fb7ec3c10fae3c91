import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { cli, snapshotTree, tmpProject, validInput } from '../helpers';

describe('enterprise-flyte synth (as a process)', () => {
  test('writes every environment into dist/', () => {
    const root = tmpProject({ a: validInput(), b: { ...validInput(), release: 'rel-b' } });
    const r = cli(['synth'], root);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^synthesised a, b into dist\/ \(\d+ files\)\n$/);
    expect(fs.existsSync(path.join(root, 'dist/a/manifests/18-deployment-rel-a-flyte-binary.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'dist/b/manifests/18-deployment-rel-b-flyte-binary.yaml'))).toBe(true);
  });

  test('is byte-identical across runs', () => {
    const root = tmpProject({ a: validInput() });
    cli(['synth'], root);
    const first = snapshotTree(path.join(root, 'dist'));
    cli(['synth'], root);
    expect(snapshotTree(path.join(root, 'dist'))).toEqual(first);
  });

  test('a bad environment file: one line naming file, field, value and rule; exit 2; dist/ untouched', () => {
    const root = tmpProject({ a: validInput() });
    expect(cli(['synth'], root).status).toBe(0);
    const before = snapshotTree(path.join(root, 'dist'));
    fs.writeFileSync(path.join(root, 'config/environments/z.yaml'), YAML.stringify({ ...validInput(), database: { ...validInput().database, port: 99999 } }));
    const r = cli(['synth'], root);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('enterprise-flyte: config/environments/z.yaml: database.port: 99999 is not allowed; expected an integer from 1 to 65535\n');
    expect(snapshotTree(path.join(root, 'dist'))).toEqual(before);
    expect(fs.readdirSync(root).filter((f) => f.startsWith('.dist'))).toEqual([]);
  });

  test('construct validation errors name the file too', () => {
    const root = tmpProject({ a: { ...validInput(), images: { waitForDb: 'postgres' } } });
    const r = cli(['synth'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('enterprise-flyte: config/environments/a.yaml: a/FlyteBinary: images.waitForDb: "postgres" has no tag; expected a tag such as ":v9.8.7" (untagged means "latest")\n');
  });

  test('an invalid image reference is a clear error', () => {
    const root = tmpProject({ a: { ...validInput(), images: { coPilot: 'cr.flyte.org/FlyteOrg/copilot:v1' } } });
    const r = cli(['synth'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('enterprise-flyte: config/environments/a.yaml: a/FlyteBinary: images.coPilot: "cr.flyte.org/FlyteOrg/copilot:v1" is not a valid image reference; expected "[registry[:port]/]path[:tag][@sha256:digest]" with a lowercase path\n');
  });

  test('no environments folder', () => {
    const root = tmpProject({});
    fs.rmSync(path.join(root, 'config'), { recursive: true });
    const r = cli(['synth'], root);
    expect([r.status, r.stderr]).toEqual([2, 'enterprise-flyte: config/environments: no such directory; create it with one <env>.yaml file per environment\n']);
  });

  test('an environment file name that is not a DNS label', () => {
    const root = tmpProject({ Prod_1: validInput() });
    const r = cli(['synth'], root);
    expect([r.status, r.stderr]).toEqual([2, 'enterprise-flyte: config/environments/Prod_1.yaml: environment name "Prod_1" is not allowed; expected a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters\n']);
  });

  test('unknown flags and commands', () => {
    const root = tmpProject({ a: validInput() });
    expect(cli(['synth', '--force'], root)).toEqual({ status: 2, stdout: '', stderr: "enterprise-flyte: synth: Unknown option '--force' (options: none)\n" });
    const r = cli(['deploy'], root);
    expect([r.status, r.stderr]).toEqual([2, 'enterprise-flyte: unknown command "deploy"; expected one of: synth, check, diff, init, bundle, schema, images, cluster (see --help)\n']);
    const help = cli(['--help'], root);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: enterprise-flyte <command>');
  });
});

describe('synth: a bad value of each workflow key ends in one line, exit 2, dist/ untouched', () => {
  let root: string;
  let before: Record<string, string>;
  beforeAll(() => {
    root = tmpProject({ a: validInput() });
    expect(cli(['synth'], root).status).toBe(0);
    before = snapshotTree(path.join(root, 'dist'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['projects', { projects: [{ name: 'Bad_Project' }] }, 'projects.0.name: "Bad_Project" is not allowed; expected a project id'],
    ['domains', { domains: ['dev', 'dev'] }, 'domains.1: "dev" is not allowed; expected each domain once'],
    ['tasks.roleArn', { tasks: { roleArn: 'role/tasks' } }, 'tasks.roleArn: "role/tasks" is not allowed; expected an IAM role ARN'],
    ['tasks.trustLaterProjects', { tasks: { trustLaterProjects: 1 } }, 'tasks.trustLaterProjects: 1 is not allowed; expected true or false'],
    ['tasks.podSecurity', { tasks: { podSecurity: 'none' } }, 'tasks.podSecurity: "none" is not allowed; expected "privileged", "baseline" or "restricted"'],
    ['tasks.resources', { tasks: { resources: { defaults: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } } }, 'tasks.resources.defaults.cpu: "2" is not allowed; expected at most the limit (1)'],
    ['tasks.quota', { tasks: { resources: { defaults: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } }, quota: { cpu: '1', memory: '8Gi' } } }, 'tasks.quota.cpu: "1" is not allowed; expected at least the task limit (2) so that one task fits'],
    ['tasks.domains', { tasks: { domains: { qa: {} } } }, 'tasks.domains.qa: "qa" is not allowed; expected one of the declared domains (development, staging, production)'],
    ['plugins.enabled', { plugins: { enabled: ['athena'] } }, 'plugins.enabled.0: "athena" is not allowed; expected one of container'],
    ['plugins.defaultForTaskTypes', { plugins: { defaultForTaskTypes: { ray: 'ray' } } }, 'plugins.defaultForTaskTypes.ray: "ray" is not allowed; expected an enabled plugin'],
    ['logs.cloudwatch', { logs: { cloudwatch: { region: 'us-east-1', logGroup: 'no spaces' } } }, 'logs.cloudwatch.logGroup: "no spaces" is not allowed; expected a CloudWatch log group name'],
    ['logs.kubernetes', { logs: { kubernetes: { templateUri: 'javascript:alert(1)' } } }, 'logs.kubernetes.templateUri: "javascript:alert(1)" is not allowed; expected an http(s) link template'],
    ['logs.custom', { logs: { custom: [{ displayName: 'X', templateUris: [] }] } }, 'logs.custom.0.templateUris: [] is not allowed; expected at least one link template'],
    ['flyteConfig', { flyteConfig: { storage: { type: 'mem' } } }, 'flyteConfig.storage: "storage" is not allowed; expected this setting in the typed key storage'],
    ['flyteConfig image', { flyteConfig: { plugins: { ray: { 'default-image': 'ray:latest' } } } }, 'z/FlyteBinary: flyteConfig.plugins.ray.default-image: "ray:latest" uses the "latest" tag; expected a fixed tag'],
    ['registry.pullSecret', { registry: { host: 'mirror.corp.example:5443' } }, 'registry.pullSecret: is missing; expected the name of the pull Secret'],
  ];
  test.each(cases)('%s', (_key, change, message) => {
    const file = path.join(root, 'config/environments/z.yaml');
    fs.writeFileSync(file, YAML.stringify({ ...validInput(), ...change }));
    try {
      const r = cli(['synth'], root);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(`enterprise-flyte: config/environments/z.yaml: ${message}`)).toBe(true);
      expect(r.stderr.trimEnd()).not.toContain('\n');
      expect(snapshotTree(path.join(root, 'dist'))).toEqual(before);
    } finally {
      fs.rmSync(file);
    }
  });
});

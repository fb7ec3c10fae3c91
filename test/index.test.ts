/**
 * The construct library as a user gets it: the package is packed with `npm pack`, installed from
 * the tarball into a new cdk8s app (offline, from the npm cache), compiled with tsc and
 * synthesised with the cdk8s CLI.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import * as lib from '../src/index';
import { ROOT } from './helpers';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-library-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(cmd: string, args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 240_000, ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return String(r.stdout);
}

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');

const APP = `import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { environmentSpec, FlyteEnvironment, FlyteEnvironmentProps } from 'enterprise-flyte';

/** A platform team's own chart, with Flyte as one part of it. */
class Platform extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });
    const props: FlyteEnvironmentProps = {
      spec: environmentSpec({
        release: 'ml',
        namespace: 'ml-flyte',
        flyte: { version: 'v1.16.8' },
        registry: { host: 'registry.platform.example', pullSecret: 'platform-pull' },
        database: { host: 'pg.platform.example', username: 'flyte', passwordSecret: { name: 'ml-db', key: 'password' } },
        storage: { provider: 's3', region: 'eu-central-1', metadataBucket: 'platform-ml-meta', userDataBucket: 'platform-ml-data' },
        serviceAccount: { roleArn: 'arn:aws:iam::123456789012:role/platform-ml' },
        resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
      }, 'platform'),
    };
    const flyte = new FlyteEnvironment(this, 'flyte', props);
    new ApiObject(this, 'endpoint', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'flyte-endpoint', namespace: flyte.spec.namespace },
      data: { http: flyte.flyte.httpServiceName, serviceAccount: flyte.serviceAccount.name },
    });
  }
}

const app = new App();
new Platform(app, 'platform');
app.synth();
`;

describe('construct library', () => {
  test('package.json: main, types and exports point at the built library; the CLI stays the bin', () => {
    expect(pkg.main).toBe('lib/index.js');
    expect(pkg.types).toBe('lib/types/src/index.d.ts');
    expect(pkg.exports['.']).toEqual({ types: './lib/types/src/index.d.ts', default: './lib/index.js' });
    expect(pkg.bin).toEqual({ 'enterprise-flyte': 'bin/enterprise-flyte.js' });
    expect(pkg.scripts.prepare).toBe('node scripts/build.js && node scripts/build-types.js');
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  test('src/index.ts exports the environment construct, every other construct and the validation', () => {
    for (const name of ['FlyteEnvironment', 'FlyteBinary', 'RestrictedNamespace', 'FlyteWorkflowCrd', 'PrivateRegistry', 'IrsaServiceAccount', 'DatabasePassword', 'FlyteClusterRole', 'FlyteIngress', 'FlyteNetworkPolicy', 'FlyteServiceMonitor', 'FlyteAuth', 'ReferencedSecret', 'FlyteSecretsRole', 'TaskPodTemplate', 'SparkDriverClusterRole', 'environmentSpec', 'parseEnvironment']) {
      expect([name, typeof (lib as Record<string, unknown>)[name]]).toEqual([name, 'function']);
    }
    expect(() => lib.environmentSpec({ release: 'x' }, 'mine')).toThrow(/^mine: namespace: is missing; /);
  });

  test('packed, installed offline into a new cdk8s app, compiled with tsc and synthesised', () => {
    // The package as `npm pack` builds it: `prepare` builds lib/ and lib/types/; here the same
    // scripts write into a staging copy, so that the tests running beside this one keep lib/.
    const stage = path.join(tmp, 'stage');
    fs.mkdirSync(stage);
    for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'CONTRIBUTING.md', 'bin', 'schemas', 'docs']) fs.cpSync(path.join(ROOT, f), path.join(stage, f), { recursive: true });
    run(process.execPath, [path.join(ROOT, 'scripts', 'build.js'), path.join(stage, 'lib')]);
    run(process.execPath, [path.join(ROOT, 'scripts', 'build-types.js'), path.join(stage, 'lib', 'types')]);
    fs.writeFileSync(path.join(stage, 'lib', '.enterprise-flyte.js.cache'), 'a code cache is not shipped');
    const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: stage }))[0];
    const files: string[] = packed.files.map((f: { path: string }) => f.path);
    for (const f of ['bin/enterprise-flyte.js', 'lib/enterprise-flyte.js', 'lib/index.js', 'lib/types/src/index.d.ts', 'lib/types/src/constructs/flyte-environment.d.ts', 'schemas/environment.schema.json', 'docs/API.md', 'CHANGELOG.md', 'README.md', 'package.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('dist/') || f.includes('.cache'))).toEqual([]);
    // README and the guides travel with the package (npm shows README): every relative link resolves inside it.
    const broken: string[] = [];
    for (const doc of files.filter((f) => f.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(stage, doc), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(doc), target)).replace(/\/$/, '');
        if (!files.includes(resolved) && !files.some((f) => f.startsWith(`${resolved}/`))) broken.push(`${doc} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);

    const app = path.join(tmp, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({
      name: 'platform-app',
      private: true,
      dependencies: { 'enterprise-flyte': `file:../${packed.filename}`, cdk8s: pkg.dependencies.cdk8s, constructs: pkg.dependencies.constructs },
    }));
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, types: [] }, files: ['main.ts'] }));
    fs.writeFileSync(path.join(app, 'main.ts'), APP);
    fs.writeFileSync(path.join(app, 'cdk8s.yaml'), 'language: typescript\napp: node main.js\noutput: dist\n');
    // Offline: `npm ci` from the npm cache that `npm ci` of this project filled. The app's lock is
    // this project's production tree (the same tarballs) plus the packed tarball; npm checks each
    // package against its integrity and the tarball's against `npm pack`'s.
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const packages: Record<string, Record<string, unknown>> = {
      '': { name: 'platform-app', dependencies: JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')).dependencies },
      'node_modules/enterprise-flyte': { version: pkg.version, resolved: `file:../${packed.filename}`, integrity: packed.integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
    };
    for (const [where, entry] of Object.entries(lock.packages as Record<string, Record<string, unknown>>)) {
      if (where === '' || entry.dev) continue;
      const { devOptional, ...rest } = entry;
      packages[where] = devOptional ? { ...rest, optional: true } : rest;
    }
    fs.writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify({ name: 'platform-app', lockfileVersion: 3, requires: true, packages }, null, 2));
    run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: app });
    // One cdk8s and one constructs for the app and the library: a Chart must be the app's Chart.
    expect(fs.existsSync(path.join(app, 'node_modules', 'enterprise-flyte', 'node_modules', 'cdk8s'))).toBe(false);

    run(process.execPath, [TSC, '-p', app]);
    run(CDK8S, ['synth', '--no-check-upgrade'], { cwd: app, env: { ...process.env, HOME: app } });
    const out = fs.readdirSync(path.join(app, 'dist')).sort();
    expect(out.length).toBeGreaterThan(0);
    const objects = out.flatMap((f) => loadAll(fs.readFileSync(path.join(app, 'dist', f), 'utf8'), undefined, { schema: CORE_SCHEMA })) as any[];
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names).toEqual(expect.arrayContaining([
      'Namespace/ml-flyte',
      'Deployment/ml-flyte-binary',
      'Service/ml-flyte-binary-http',
      'ServiceAccount/ml-flyte-binary',
      'CustomResourceDefinition/flyteworkflows.flyte.lyft.com',
      'ConfigMap/flyte-endpoint',
    ]));
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].image).toBe('registry.platform.example/flyteorg/flyte-binary-release:v1.16.8');
    expect(objects.find((o) => o.metadata.name === 'flyte-endpoint').data).toEqual({ http: 'ml-flyte-binary-http', serviceAccount: 'ml-flyte-binary' });

    // The declarations are real: a wrong prop is a compile error.
    fs.writeFileSync(path.join(app, 'bad.ts'), "import { FlyteEnvironment } from 'enterprise-flyte';\nimport { App } from 'cdk8s';\nnew FlyteEnvironment(new App(), 'x', { spec: 42 });\n");
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, types: [] }, files: ['bad.ts'] }));
    const bad = spawnSync(process.execPath, [TSC, '-p', app], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/bad\.ts\(3,\d+\): error TS2322: Type 'number' is not assignable to type/);

    // The CLI still works from the installed package.
    const help = spawnSync(path.join(app, 'node_modules', '.bin', 'enterprise-flyte'), ['--help'], { encoding: 'utf8', cwd: app });
    expect([help.status, help.stdout.split('\n')[0]]).toEqual([0, 'usage: enterprise-flyte <command> [options]']);
    const schema = spawnSync(path.join(app, 'node_modules', '.bin', 'enterprise-flyte'), ['schema'], { encoding: 'utf8', cwd: app });
    expect(schema.stdout).toBe(fs.readFileSync(path.join(app, 'node_modules', 'enterprise-flyte', 'schemas', 'environment.schema.json'), 'utf8'));
  }, 300_000);
});

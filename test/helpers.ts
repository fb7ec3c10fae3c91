import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { parseEnvironment } from '../src/config/load';
import type { EnvironmentInput } from '../src/config/schema';
import { FlyteEnvironment } from '../src/constructs/flyte-environment';
import { chartObjects, KubeObject } from '../src/synth/manifests';

/** A valid environment whose every value differs from the other's, so tests can tell them apart. */
export function validInput(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    release: 'rel-a',
    namespace: 'ns-a',
    flyte: { version: 'v9.8.7' },
    registry: { host: 'mirror.corp.example:5443', pullSecret: 'pull-a' },
    database: {
      host: 'db-a.internal',
      port: 6543,
      name: 'dbname_a',
      username: 'user_a',
      options: 'sslmode=verify-full',
      passwordSecret: { name: 'secret-a', key: 'key-a' },
    },
    storage: { provider: 's3', region: 'eu-west-3', metadataBucket: 'meta-bucket-a', userDataBucket: 'user-bucket-a' },
    serviceAccount: { roleArn: 'arn:aws:iam::210987654321:role/path/role-a' },
    resources: { requests: { cpu: '250m', memory: '768Mi' }, limits: { cpu: '3', memory: '3Gi' } },
    ...overrides,
  };
}

/** Validates an input like an environment file would be. */
export function specOf(input: unknown) {
  return parseEnvironment('test.yaml', YAML.stringify(input));
}

/** The one-line message that rejects an input; throws when the input is accepted. */
export function messageOf(input: unknown): string {
  try {
    specOf(input);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the environment to be rejected');
}

/** Builds the objects of one environment in memory. */
export function objectsOf(input: unknown, digests: Record<string, string> = {}): KubeObject[] {
  const chart = new FlyteEnvironment(new App({ outdir: '.' }), 'test', { spec: specOf(input), digests });
  return chartObjects(chart);
}

export function find(objects: KubeObject[], kind: string, name: string): any {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

/** A throw-away project folder with the given environment files (name -> YAML text or object). */
export function tmpProject(envs: Record<string, unknown>, extra: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-test-'));
  fs.mkdirSync(path.join(root, 'config', 'environments'), { recursive: true });
  for (const [name, env] of Object.entries(envs)) {
    fs.writeFileSync(path.join(root, 'config', 'environments', `${name}.yaml`), typeof env === 'string' ? env : YAML.stringify(env));
  }
  for (const [file, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** The project root of this repository. */
export const ROOT = path.resolve(__dirname, '..');

/** The kubernetes-models class for an apiVersion/kind, or undefined for custom resources. */
export function modelClass(apiVersion: string, kind: string): (new (data: unknown) => { validate(): void }) | undefined {
  try {
    return require(`kubernetes-models/${apiVersion}`)[kind];
  } catch {
    return undefined;
  }
}

/**
 * The path of a real tool of .tools/ (helm, helm3, kubectl, registry, skopeo, shellcheck, kubeconform),
 * built by `node scripts/tools.js` before the tests; a missing one is a failure, never a skip.
 */
export function toolBin(name: string): string {
  const bin = path.join(ROOT, '.tools', name);
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing; run "node scripts/tools.js" (npm test does), which builds it`);
  return bin;
}

/** Runs a real tool from .tools/ (Helm 4 as helm, the newest Helm 3 as helm3, kubectl). */
export function tool(name: 'helm' | 'helm3' | 'kubectl', args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const bin = toolBin(name);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-home-`));
  // An empty kubeconfig: no cluster exists here, and none is needed for what the tests run.
  fs.writeFileSync(`${home}/kubeconfig`, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n', { mode: 0o600 });
  const r = require('child_process').spawnSync(bin, args, {
    encoding: 'utf8',
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: home, HELM_CACHE_HOME: `${home}/cache`, HELM_CONFIG_HOME: `${home}/config`, HELM_DATA_HOME: `${home}/data`, KUBECONFIG: `${home}/kubeconfig`, ...options.env },
  });
  fs.rmSync(home, { recursive: true, force: true });
  return { status: r.status as number, stdout: r.stdout as string, stderr: r.stderr as string };
}

/** Runs the built CLI (lib/, built by `npm test` before jest) as a user would. */
export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = require('child_process').spawnSync(process.execPath, [path.join(ROOT, 'lib', 'enterprise-flyte.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: cwd, ...env },
  });
  return { status: r.status as number, stdout: r.stdout as string, stderr: r.stderr as string };
}

/** Every file under a folder with its content, for before/after comparisons. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = fs.readFileSync(path.join(dir, p)).toString('base64');
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

/**
 * An ajv for CRD openAPIV3Schemas. The formats they name (int32, int64, date-time) sit on fields
 * synth never writes (status, relabel moduli); they are accepted, not checked.
 */
export function crdAjv() {
  const Ajv = require('ajv').default ?? require('ajv');
  return new Ajv({ strict: false, allErrors: true, formats: { 'date-time': true, int32: true, int64: true } });
}

export interface AsyncRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without blocking this process's event loop (for tests that also serve something). */
export function runAsync(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<AsyncRun> {
  return new Promise((resolve, reject) => {
    const child = require('child_process').spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code: number | null) => resolve({ code, stdout, stderr }));
  });
}

/** A loopback port nothing listens on: taken from the kernel, then released. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The CLI as the project's build script bundles it (with its on-demand AWS SDK parts), built into
 * `dir` so that no other suite's build races it, started through the package's bin/ loader as
 * `npx enterprise-flyte` starts it. Returns the path of the loader.
 */
export function builtCli(dir: string): string {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js'), path.join(dir, 'lib')]);
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.copyFileSync(path.join(ROOT, 'bin', 'enterprise-flyte.js'), path.join(dir, 'bin', 'enterprise-flyte.js'));
  return path.join(dir, 'bin', 'enterprise-flyte.js');
}

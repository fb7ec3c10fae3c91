import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import type { EnvironmentInput } from '../../src/config/schema';
import type { EnvironmentModel } from '../../src/synth/model';
import type { OutputFile } from '../../src/synth/output-dir';
import { generate } from '../../src/synth/generate';
import { ROOT, tmpProject, validInput } from '../helpers';

/**
 * The real tools of .tools/, built by `node scripts/tools.js` (scripts/tools/build.sh): Helm 4, the
 * newest Helm 3, kubectl of the control plane's version, shellcheck; and clients older than the
 * oldest supported (Helm 3.12.1, kubectl 1.27.1), which deploy.sh refuses.
 */
export const TOOLS = path.join(ROOT, '.tools');
export const HELM = path.join(TOOLS, 'helm');
export const HELM3 = path.join(TOOLS, 'helm3');
export const KUBECTL = path.join(TOOLS, 'kubectl');
export const OLD_HELM = path.join(TOOLS, 'old', 'helm');
export const OLD_KUBECTL = path.join(TOOLS, 'old', 'kubectl');

/** KEY=VALUE lines of scripts/tools/versions.env and scripts/control-plane/versions.env. */
export function pinnedVersions(): Record<string, string> {
  const text = ['tools', 'control-plane'].map((d) => fs.readFileSync(path.join(ROOT, 'scripts', d, 'versions.env'), 'utf8')).join('\n');
  return Object.fromEntries([...text.matchAll(/^([A-Z0-9_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
}

export function ensureTools(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'tools.js')], { stdio: 'pipe' });
}

const made: string[] = [];

/** A temporary folder, removed by `removeTmpDirs`. */
export function tmpDir(prefix = 'ef-bundle-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder `tmpDir` made; call it from afterAll. */
export function removeTmpDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Environment variables for helm that keep its cache and config inside `dir`. */
export function helmEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    HELM_CACHE_HOME: path.join(dir, 'cache'),
    HELM_CONFIG_HOME: path.join(dir, 'config'),
    HELM_DATA_HOME: path.join(dir, 'data'),
  };
}

/** A real packaged chart, made with `helm create` and `helm package`. */
export function helmChart(name: string, version: string): Buffer {
  const dir = tmpDir('ef-chart-');
  const env = helmEnv(dir);
  execFileSync(HELM, ['create', name], { cwd: dir, env, stdio: 'pipe' });
  execFileSync(HELM, ['package', name, '--version', version, '-d', path.join(dir, 'out')], { cwd: dir, env, stdio: 'pipe' });
  return fs.readFileSync(path.join(dir, 'out', `${name}-${version}.tgz`));
}

/** Environment A: private registry, Namespace manifest, operator-made database Secret. */
export const ENV_A: EnvironmentInput = validInput();

/** Environment B: no registry, no Namespace manifest, different names everywhere. */
export const ENV_B: EnvironmentInput = validInput({
  release: 'rel-b',
  namespace: 'ns-b',
  createNamespace: false,
  registry: undefined,
  database: {
    host: 'db-b.internal',
    username: 'user_b',
    passwordSecret: { name: 'secret-b', key: 'key-b' },
    options: 'sslmode=verify-full',
    caBundle: { secret: 'db-ca-b', key: 'rds-b.pem' },
  },
  caBundle: { configMap: 'corp-ca-b', key: 'ca-b.crt' },
  policy: { waivers: [{ rule: 'image-registry', reason: 'environment B pulls upstream images on purpose' }] },
});

export interface Inputs {
  readonly model: EnvironmentModel;
  /** The environment's files from the real synth, with the chart and image files replaced (see bundleInputs). */
  readonly envFiles: OutputFile[];
  readonly chart: Buffer;
}

/**
 * Generates the environment with the real synth, then, to test the bundle apart from the chart and
 * images modules (and with a version of its own), replaces their files: a chart made by the real
 * `helm create`/`helm package`, and small stand-ins for images.json, the sync file and
 * mirror-images.sh. `extra` adds files such as iam/*.json.
 */
export async function bundleInputs(name: string, input: EnvironmentInput, version: string, extra: OutputFile[] = []): Promise<Inputs> {
  const root = tmpProject({ [name]: input });
  const result = await generate(root);
  fs.rmSync(root, { recursive: true, force: true });
  const model = result.models.find((m) => m.env.name === name)!;
  const envFiles = result.files
    .filter((f) => f.path.startsWith(`${name}/`))
    .map((f) => ({ ...f, path: f.path.slice(name.length + 1) }));
  const chart = helmChart(`enterprise-flyte-${name}`, version);
  return { model, envFiles: withFiles(envFiles, [...standIns(model, name, version, chart), ...extra]), chart };
}

/** `files` with `replacements` instead of any file of the same path. */
export function withFiles(files: readonly OutputFile[], replacements: readonly OutputFile[]): OutputFile[] {
  const paths = new Set(replacements.map((f) => f.path));
  return [...files.filter((f) => !paths.has(f.path)), ...replacements];
}

/** Stand-ins for the files the chart and images modules write into dist/<env>/. */
export function standIns(model: EnvironmentModel, name: string, version: string, chart: Buffer): OutputFile[] {
  const images = model.chart.flyte.images.map((i) => ({ role: i.role, source: i.source.toString(), target: i.target.toString() }));
  const sync: Record<string, { images: Record<string, string[]> }> = {};
  for (const i of model.chart.flyte.images) {
    const entry = (sync[i.source.registry] ??= { images: {} });
    entry.images[i.source.repository] = [i.source.tag!];
  }
  return [
    { path: `enterprise-flyte-${name}-${version}.tgz`, content: chart },
    { path: 'images.json', content: `${JSON.stringify({ images }, null, 2)}\n` },
    { path: 'mirror/images.sync.yaml', content: YAML.stringify(sync) },
    {
      path: 'scripts/mirror-images.sh',
      content: '#!/usr/bin/env bash\n# Stand-in for the images module\'s script: the bundle only carries it.\nset -euo pipefail\necho "mirror-images.sh"\n',
      mode: 0o755,
    },
  ];
}

/** Unpacks an archive with the system tar, as an operator would; returns the folder it made. */
export function unpack(archive: Buffer, folder: string): string {
  const dir = tmpDir('ef-unpack-');
  const file = path.join(dir, 'bundle.tar.gz');
  fs.writeFileSync(file, archive);
  execFileSync('tar', ['-xzf', file], { cwd: dir });
  return path.join(dir, folder);
}

/** A kubeconfig with three contexts; `server` is never contacted unless a test wants it. */
export function kubeconfig(dir: string, options: { current?: string; server?: string } = {}): string {
  const server = options.server ?? 'https://127.0.0.1:9';
  const file = path.join(dir, 'kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'arn:aws:eks:eu-west-3:210987654321:cluster/eks-a', cluster: { server } },
      { name: 'other-cluster', cluster: { server } },
      { name: 'arn:aws:eks:eu-west-3:210987654321:cluster/not-eks-a', cluster: { server } },
    ],
    contexts: [
      { name: 'ctx-a', context: { cluster: 'arn:aws:eks:eu-west-3:210987654321:cluster/eks-a', user: 'nobody' } },
      { name: 'ctx-b', context: { cluster: 'other-cluster', user: 'nobody' } },
      { name: 'ctx-c', context: { cluster: 'arn:aws:eks:eu-west-3:210987654321:cluster/not-eks-a', user: 'nobody' } },
    ],
    // A placeholder token: without any credentials kubectl prompts for a user name instead of connecting.
    users: [{ name: 'nobody', user: { token: 'placeholder-not-a-credential' } }],
    ...(options.current === undefined ? { 'current-context': 'ctx-a' } : options.current ? { 'current-context': options.current } : {}),
  };
  fs.writeFileSync(file, YAML.stringify(config));
  return file;
}

export interface ScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a script with a clean environment: PATH has the real helm and kubectl first. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): ScriptRun {
  const r = spawnSync('bash', [script, ...args], {
    cwd: cwd ?? path.dirname(script),
    env: { PATH: `${TOOLS}:/usr/bin:/bin`, ...env },
    encoding: 'utf8',
    timeout: 60000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Lines of `text`, without the empty last one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
}

/** Runs the real shellcheck of .tools/; a missing shellcheck is a failure, not a skip. */
export function shellcheck(file: string): { status: number | null; output: string } {
  const r = spawnSync(path.join(TOOLS, 'shellcheck'), ['--shell=bash', '--severity=style', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`shellcheck could not run (${r.error.message}); run "node scripts/tools.js" (npm test does), which installs it`);
  return { status: r.status, output: r.stdout + r.stderr };
}

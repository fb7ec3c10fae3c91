/**
 * What Flyte v1.16.8 reads from a config folder, asked of Flyte's own configuration code: the
 * conformance harness (test/conformance/harness, built by scripts/conformance/build.sh, which
 * `npm test` runs before jest). Tests decide what Flyte will do from these answers, never from
 * our YAML.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { KubeObject } from '../../src/synth/manifests';
import { ROOT } from '../helpers';

let binary: string | undefined;

/** The harness binary (built, or found in the cache, by the build script). */
export function harnessBinary(): string {
  binary ??= execFileSync('bash', [path.join(ROOT, 'scripts', 'conformance', 'build.sh')], { encoding: 'utf8' }).trim();
  return binary;
}

/** Runs the harness with an empty environment: only the files given decide the answer. */
function run(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(harnessBinary(), args, { encoding: 'utf8', env: {}, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function mustRun(args: string[]): string {
  const r = run(args);
  if (r.status !== 0) throw new Error(`conformance ${args[0]}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Flyte's effective configuration: every registered section (lower-case keys) with its decoded value. */
export type FlyteConfig = Record<string, any>;

/** Loads a config folder strictly (unknown or mistyped keys fail) and returns every section's value. */
export function effectiveConfig(configDir: string): FlyteConfig {
  return JSON.parse(mustRun(['config', configDir]));
}

/** Loads many folders in one process; returns the one-line error of each folder that fails. */
export function checkConfigDirs(dirs: readonly string[]): Record<string, string> {
  if (dirs.length === 0) return {};
  const r = run(['check', ...dirs]);
  const failures: Record<string, string> = {};
  for (const line of r.stderr.split('\n').filter((l) => l.length > 0)) {
    const dir = dirs.find((d) => line.startsWith(`${d}: `));
    if (dir === undefined) throw new Error(`conformance check: ${line}`);
    failures[dir] = line.slice(dir.length + 2);
  }
  if (r.status !== 0 && Object.keys(failures).length === 0) throw new Error(`conformance check: exit ${r.status}`);
  return failures;
}

/** The cluster-resource templates of a folder as flyteadmin renders them for one project and domain. */
export function renderTemplates(configDir: string, templateDir: string, project: string, domain: string): string {
  return mustRun(['render', configDir, templateDir, project, domain]);
}

export interface TaskLink { readonly name: string; readonly uri: string }

/** The log links flyteplugins' own code makes for the first container of a pod. */
export function taskLogs(configDir: string, pod: unknown): { 'plugins.logs': TaskLink[]; 'plugins.k8s-array.logs.config': TaskLink[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-pod-'));
  try {
    fs.writeFileSync(path.join(dir, 'pod.json'), JSON.stringify(pod));
    return JSON.parse(mustRun(['tasklogs', configDir, path.join(dir, 'pod.json')]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether a secret file matches a static client's hash as the internal authorization server checks it. */
export function checkClientSecret(configDir: string, clientId: string, secretFile: string): { ok: boolean; message: string } {
  const r = run(['client-secret', configDir, clientId, secretFile]);
  return { ok: r.status === 0, message: (r.status === 0 ? r.stdout : r.stderr).trim() };
}

/** Data of the Secrets an operator creates (name -> key -> content); the release does not render them. */
export type OperatorSecrets = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Keys and mounted paths of one projected source, as the kubelet writes them. */
function projectedFiles(data: Readonly<Record<string, string>>, items: ReadonlyArray<{ key: string; path: string }> | undefined, what: string): Array<[string, string]> {
  if (items === undefined) return Object.entries(data);
  return items.map((i) => {
    if (data[i.key] === undefined) throw new Error(`${what} has no key ${i.key}`);
    return [i.path, data[i.key]];
  });
}

/**
 * Writes the Flyte container's config folder (`/etc/flyte/config.d`) as the pod's projected
 * volume would: every ConfigMap and Secret source of the `config` volume, each key (or listed
 * item) as a file. Secrets the release renders are read from `objects`; the others from `secrets`.
 */
export function assembleConfigDir(objects: readonly KubeObject[], secrets: OperatorSecrets = {}, dir?: string): string {
  const out = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ef-config-d-'));
  const deployment: any = objects.find((o) => o.kind === 'Deployment');
  if (!deployment) throw new Error('no Deployment among the objects');
  const container = deployment.spec.template.spec.containers.find((c: any) => c.name === 'flyte');
  const mount = container.volumeMounts.find((m: any) => m.mountPath === '/etc/flyte/config.d');
  const volume = deployment.spec.template.spec.volumes.find((v: any) => v.name === mount.name);
  const sources: any[] = volume.projected?.sources ?? [{ configMap: volume.configMap }];
  for (const source of sources) {
    const ref = source.configMap ?? source.secret;
    const kind = source.configMap ? 'ConfigMap' : 'Secret';
    const rendered: any = objects.find((o) => o.kind === kind && o.metadata.name === ref.name);
    let data: Record<string, string> | undefined;
    if (rendered) data = kind === 'ConfigMap' ? rendered.data : { ...decodeSecretData(rendered.data), ...rendered.stringData };
    else if (kind === 'Secret') data = secrets[ref.name] as Record<string, string> | undefined;
    if (!data) throw new Error(`${kind} ${ref.name} of the config volume is neither rendered nor given`);
    for (const [file, content] of projectedFiles(data, ref.items, `${kind} ${ref.name}`)) fs.writeFileSync(path.join(out, file), content);
  }
  return out;
}

function decodeSecretData(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

/** Writes the cluster-resource templates ConfigMap's files into a folder (the pod's template mount). */
export function assembleTemplateDir(objects: readonly KubeObject[], dir?: string): string {
  const out = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ef-templates-'));
  const cm: any = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-cluster-resource-templates'));
  if (!cm) throw new Error('no cluster-resource-templates ConfigMap among the objects');
  for (const [file, content] of Object.entries(cm.data as Record<string, string>)) fs.writeFileSync(path.join(out, file), content);
  return out;
}

const rendered = new Map<string, string>();

/** An ExternalSecret template entry rendered as the External Secrets Operator renders it. */
export function esoTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const key = JSON.stringify([template, values]);
  let out = rendered.get(key);
  if (out === undefined) rendered.set(key, (out = renderEso(template, values)));
  return out;
}

function renderEso(template: string, values: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-eso-'));
  try {
    fs.writeFileSync(path.join(dir, 'template'), template);
    fs.writeFileSync(path.join(dir, 'values.json'), JSON.stringify(values));
    return mustRun(['eso-template', path.join(dir, 'template'), path.join(dir, 'values.json')]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A task pod merged onto a default PodTemplate's spec by flyteplugins' own MergeBasePodSpecOntoTemplate,
 * as propeller merges every task pod when plugins.k8s.default-pod-template-name is set.
 */
export function mergePodTemplate(template: unknown, base: unknown, primary: string): any {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-pod-merge-'));
  try {
    fs.writeFileSync(path.join(dir, 'input.json'), JSON.stringify({ template, base, primary }));
    return JSON.parse(mustRun(['pod-merge', path.join(dir, 'input.json')]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const hashes = new Map<string, string>();

/** A bcrypt hash of a secret made with fosite's hasher (cost 4: fixtures only; one per secret and run). */
export function bcryptHash(secret: string): string {
  let hash = hashes.get(secret);
  if (hash === undefined) hashes.set(secret, (hash = hashWithFosite(secret)));
  return hash;
}

function hashWithFosite(secret: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-secret-'));
  try {
    fs.writeFileSync(path.join(dir, 'secret'), secret, { mode: 0o600 });
    return mustRun(['bcrypt', path.join(dir, 'secret')]).trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What Flyte reads from a set of config files (name -> text), loaded as one config folder. */
export function flyteReads(files: Readonly<Record<string, string>>): FlyteConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-files-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return effectiveConfig(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The first start with auth, as far as a control plane without kubelets allows: the init container
 * script of dist/enterprise's Deployment runs for real (POSIX sh, as in the Debian-based image)
 * against a real API server, with the Secrets as the release and the operator create them.
 *
 * What stands in, and why: the kubelet (KWOK runs no containers), whose Secret volume is the
 * Secret's data at pod start, written here as files the way the pod spec maps them; and the `flyte`
 * binary's two commands (flyteadmin is not on the Go module proxy, so it cannot be built here), by
 * a script doing what flyteadmin/auth/init_secrets.go (writeSecrets: four files) and
 * flyteadmin/auth/create_secrets.go (persistSecrets: Create; on AlreadyExists Get, add the missing
 * keys, Update) of Flyte v1.16.8 do, through kubectl AS the Flyte ServiceAccount, so that the
 * generated RBAC must allow each call.
 *
 * Flyte's secret manager reads `<secrets.secrets-prefix>/<name>`
 * (flytepropeller/pkg/controller/nodes/task/secretmanager/secrets.go; prefix /etc/secrets by
 * default) with the names of flyteadmin/auth/config/config.go: those are the files checked below.
 */
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ROOT } from '../helpers';
import { ControlPlane, startControlPlane } from './control-plane';

const NS = 'flyte';
const SA = 'system:serviceaccount:flyte:flyte-backend-flyte-binary';
const DIST = path.join(ROOT, 'dist', 'enterprise', 'manifests');
/** flyteadmin/auth/config/config.go (v1.16.8): SecretNameClaimSymmetricKey, ...CookieHashKey, ...CookieBlockKey, ...TokenSigningRSAKey. */
const GENERATED = ['claim_symmetric_key', 'cookie_hash_key', 'cookie_block_key', 'token_rsa_key.pem'];
/** SecretNameOIdCClientSecret, and the internal client's secret at admin.clientSecretLocation (/etc/secrets/client_secret). */
const CLIENT_FILES = ['oidc_client_secret', 'client_secret'];

let cp: ControlPlane;
let work: string;
const manifest = (prefix: string) => YAML.parse(fs.readFileSync(path.join(DIST, fs.readdirSync(DIST).find((f) => f.startsWith(prefix))!), 'utf8'));
const deployment = () => manifest('18-deployment-');
const pod = () => deployment().spec.template.spec;
/** The projected volume of the operator's client secrets (whatever the pod calls it). */
const clientSources = () => pod().volumes
  .find((v: any) => v.projected?.sources.some((s: any) => s.secret?.items?.some((i: any) => i.path === 'oidc_client_secret')))
  .projected.sources.filter((s: any) => s.secret?.items);

beforeAll(async () => {
  cp = await startControlPlane();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-auth-'));
  // The release's objects this needs: the namespace, the ServiceAccount, its roles, the empty Secret.
  const files = fs.readdirSync(DIST).filter((f) => /^(00-namespace|05-serviceaccount|06-secret-|10-clusterrole-|11-clusterrolebinding|12-role-|13-rolebinding-)/.test(f)).sort();
  cp.mustKubectl(['apply', '--server-side', ...files.flatMap((f) => ['-f', path.join(DIST, f)])]);
  // The operator's client Secrets (values made here), as the volume's items name them.
  for (const source of clientSources()) {
    const { name, items } = source.secret;
    const data = Object.fromEntries(items.map((i: any) => [i.key, randomBytes(16).toString('hex')]));
    const existing = cp.kubectl(['get', 'secret', name, '-n', NS, '-o', 'json']);
    const merged = existing.status === 0 ? { ...JSON.parse(existing.stdout).data, ...Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v as string).toString('base64')])) } : undefined;
    cp.kubectl(['delete', 'secret', name, '-n', NS, '--ignore-not-found']);
    cp.mustKubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS }, ...(merged ? { data: merged } : { stringData: data }) }) });
  }
  writeFlyteStandIn();
}, 300_000);
afterAll(async () => {
  await cp?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The two `flyte secrets` commands, as Flyte v1.16.8 does them (see the file comment). */
function writeFlyteStandIn(): void {
  const bin = path.join(work, 'bin');
  fs.mkdirSync(bin);
  const kubectl = path.join(ROOT, '.tools', 'kubectl');
  fs.writeFileSync(path.join(bin, 'flyte'), `#!${process.execPath}
const { execFileSync, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--config='));
const flag = (name) => args[args.indexOf(name) + 1];
const kubectl = (a, input) => spawnSync(${JSON.stringify(kubectl)}, [...a, '--as', ${JSON.stringify(SA)}, '-n', process.env.POD_NAMESPACE], { input, encoding: 'utf8' });
if (args[0] === 'secrets' && args[1] === 'init') {
  const dir = flag('--localPath');
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ['claim_symmetric_key', 'cookie_hash_key', 'cookie_block_key']) fs.writeFileSync(path.join(dir, name), crypto.randomBytes(32).toString('base64').replace(/=+$/, ''));
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(path.join(dir, 'token_rsa_key.pem'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
} else if (args[0] === 'secrets' && args[1] === 'create') {
  const dir = flag('--fromPath');
  const name = flag('--name');
  const data = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));
  const created = kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', data }));
  if (created.status !== 0) {
    if (!/AlreadyExists/.test(created.stderr)) { process.stderr.write(created.stderr); process.exit(1); }
    const got = kubectl(['get', 'secret', name, '-o', 'json']);
    if (got.status !== 0) { process.stderr.write(got.stderr); process.exit(1); }
    const existing = JSON.parse(got.stdout);
    existing.data = existing.data || {};
    const missing = Object.keys(data).filter((k) => !(k in existing.data));
    for (const k of missing) existing.data[k] = data[k];
    if (missing.length > 0) {
      const updated = kubectl(['replace', '-f', '-'], JSON.stringify(existing));
      if (updated.status !== 0) { process.stderr.write(updated.stderr); process.exit(1); }
    }
  }
} else {
  process.stderr.write('flyte stand-in: unexpected arguments ' + process.argv.slice(2).join(' ') + '\\n');
  process.exit(2);
}
`, { mode: 0o755 });
}

/** A projected volume as the kubelet writes it at pod start: each source Secret's data (or its items), mode defaultMode. */
function materialise(volume: any, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const { secret } of volume.projected.sources) {
    const data: Record<string, string> = JSON.parse(cp.mustKubectl(['get', 'secret', secret.name, '-n', NS, '-o', 'json'])).data ?? {};
    const items = secret.items ?? Object.keys(data).map((key: string) => ({ key, path: key }));
    for (const item of items) fs.writeFileSync(path.join(dir, item.path), Buffer.from(data[item.key], 'base64'), { mode: volume.projected.defaultMode });
  }
}

/**
 * One start of the pod: the volumes as the kubelet makes them, the init containers' scripts (only
 * gen-admin-auth-secret touches Secrets), then the files the `flyte` container sees at /etc/secrets.
 */
function start(label: string): { files: Record<string, string>; modes: Record<string, number>; log: string } {
  const root = path.join(work, label);
  const spec = pod();
  const volumeDir = (name: string) => path.join(root, 'volumes', name);
  for (const v of spec.volumes) {
    if (v.emptyDir) fs.mkdirSync(volumeDir(v.name), { recursive: true });
    else if (v.projected && v.projected.sources.every((s: any) => s.secret)) materialise(v, volumeDir(v.name));
  }
  const init = spec.initContainers.find((c: any) => c.name === 'gen-admin-auth-secret');
  // The container's folders are its volumes' folders here.
  const mountDir = (c: any, mountPath: string) => volumeDir(c.volumeMounts.find((m: any) => m.mountPath === mountPath).name);
  // The stand-in reaches the API server with the test's kubeconfig (and acts as the ServiceAccount).
  const env: Record<string, string> = { PATH: `${path.join(work, 'bin')}:/usr/bin:/bin`, POD_NAMESPACE: NS, KUBECONFIG: cp.env.KUBECONFIG!, HOME: cp.env.HOME! };
  for (const e of init.env.filter((x: any) => x.value !== undefined)) env[e.name] = mountDir(init, e.value);
  const r = spawnSync('/bin/sh', [...init.command.slice(1), init.args[0]], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${init.name} failed (${r.status}):\n${r.stderr}`);
  const flyte = spec.containers.find((c: any) => c.name === 'flyte');
  const seen = mountDir(flyte, '/etc/secrets');
  const files = Object.fromEntries(fs.readdirSync(seen).sort().map((f) => [f, fs.readFileSync(path.join(seen, f), 'utf8')]));
  const modes = Object.fromEntries(fs.readdirSync(seen).map((f) => [f, fs.statSync(path.join(seen, f)).mode & 0o777]));
  return { files, modes, log: r.stderr };
}

const stored = () => {
  const data: Record<string, string> = JSON.parse(cp.mustKubectl(['get', 'secret', 'flyte-backend-flyte-binary-admin-auth', '-n', NS, '-o', 'json'])).data ?? {};
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
};

describe('the first start with auth: gen-admin-auth-secret run against a real API server', () => {
  let first: ReturnType<typeof start>;

  test('the Secret ships empty, as the release creates it', () => {
    expect(stored()).toEqual({});
  });

  test('first start: the flyte container finds every secret Flyte reads at /etc/secrets, the keys being the ones stored in the Secret', () => {
    first = start('first');
    expect(Object.keys(first.files).sort()).toEqual([...GENERATED, ...CLIENT_FILES].sort());
    const keys = stored();
    expect(Object.keys(keys).sort()).toEqual([...GENERATED].sort());
    for (const k of GENERATED) expect(`${k}: ${first.files[k] === keys[k]}`).toBe(`${k}: true`);
    expect(first.files['token_rsa_key.pem']).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    for (const [f, mode] of Object.entries(first.modes)) expect(`${f}: ${mode.toString(8)}`).toBe(`${f}: 440`);
  });

  test('the client secrets are the operator\'s, under the names Flyte reads', () => {
    for (const { secret } of clientSources()) {
      const data = JSON.parse(cp.mustKubectl(['get', 'secret', secret.name, '-n', NS, '-o', 'json'])).data;
      for (const item of secret.items) expect(first.files[item.path]).toBe(Buffer.from(data[item.key], 'base64').toString('utf8'));
    }
  });

  test('second start: the keys stay those of the first (the freshly generated ones are discarded), so issued tokens stay valid', () => {
    const second = start('second');
    for (const k of GENERATED) expect(`${k}: ${second.files[k] === first.files[k]}`).toBe(`${k}: true`);
    expect(stored()).toEqual(Object.fromEntries(GENERATED.map((k) => [k, first.files[k]])));
  });

  test('a key lost from the Secret is generated, stored and used; the others are kept', () => {
    const keys = stored();
    const secret = JSON.parse(cp.mustKubectl(['get', 'secret', 'flyte-backend-flyte-binary-admin-auth', '-n', NS, '-o', 'json']));
    delete secret.data.cookie_block_key;
    cp.mustKubectl(['replace', '-f', '-'], { input: JSON.stringify(secret) });
    const third = start('third');
    const now = stored();
    expect(now.cookie_block_key).toBeDefined();
    expect(now.cookie_block_key).not.toBe(keys.cookie_block_key);
    expect(third.files.cookie_block_key).toBe(now.cookie_block_key);
    expect(third.files.claim_symmetric_key).toBe(keys.claim_symmetric_key);
  });
});

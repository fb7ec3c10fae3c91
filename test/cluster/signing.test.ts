/**
 * A signed `enterprise` bundle against a real control plane: each way of tampering with it, or of
 * giving the wrong key, makes deploy.sh stop with one line and its own exit code before anything
 * reaches the cluster (for real, not a dry run: every object of the kinds deploy.sh and Helm write
 * is the same before and after, and no release exists). The untampered bundle passes every check.
 * Keys are made by the real gpg; expired keys and signatures are made with gpg's faked clock.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { ROOT, runAsync } from '../helpers';
import { disposeKeys, makeKey, TestKey } from '../signing/gpg';
import { helmClients, supportedHelmClients } from '../signing/helm-clients';
import { ControlPlane, startControlPlane } from './control-plane';
import { pinnedProject, removeMade, resignedArchive, signedArchive, unpack } from './signed-bundle';

const NS = 'flyte';
const CHART = 'chart/enterprise-flyte-enterprise-0.1.0.tgz';
const KINDS = 'namespaces,secrets,configmaps,serviceaccounts,deployments,services,networkpolicies,ingresses,clusterroles,clusterrolebindings,customresourcedefinitions';

let cp: ControlPlane;
let key: TestKey;
let other: TestKey;
let archive: string;
let otherArchive: string;
let expiredKeyFile: string;
let expiredKeySignature: string;
let expiredSignature: string;

beforeAll(async () => {
  // The pinned key was made (by the faked clock) in 2024 and is valid for 10 years.
  key = makeKey({ createdAt: '20240101T000000', expire: '10y' });
  other = makeKey({ userId: 'Someone Else <else@example.com>' });
  const root = await pinnedProject(key.fingerprint);
  archive = await signedArchive(root, key.secretArmored);
  // The same bundle signed by another key, as someone who re-signed it would.
  otherArchive = await resignedArchive(root, other.secretArmored);
  const sums = path.join(unpack(archive), 'SHA256SUMS');
  const gpgSign = (at: string, extra: string[], out: string) => {
    const r = key.gpg(['--faked-system-time', at, '--pinentry-mode', 'loopback', '--passphrase', '', ...extra, '--armor', '--detach-sign', '-u', key.fingerprint, '-o', out, sums]);
    if (r.status !== 0) throw new Error(r.stderr);
  };
  // A signature that expired a day after it was made (2024-01-02).
  expiredSignature = path.join(key.home, 'expired-signature.asc');
  gpgSign('20240101T120000', ['--default-sig-expire', '1d'], expiredSignature);
  // The key's expiry moved to 2024-01-03 (on 2024-01-02), and a signature made while it was valid.
  const r = key.gpg(['--faked-system-time', '20240102T000000', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-set-expire', key.fingerprint, '1d']);
  if (r.status !== 0) throw new Error(r.stderr);
  expiredKeyFile = path.join(key.home, 'expired-public.gpg');
  fs.writeFileSync(expiredKeyFile, Buffer.from(key.gpg(['--export', key.fingerprint]).stdout, 'latin1'));
  expiredKeySignature = path.join(key.home, 'expired-key-signature.asc');
  gpgSign('20240102T120000', [], expiredKeySignature);
  cp = await startControlPlane({ clusterName: 'flyte-enterprise' });
}, 300_000);
afterAll(async () => {
  await cp?.stop();
  disposeKeys();
  removeMade();
});

/** Every object of the kinds deploy.sh or Helm could write, with its resourceVersion. */
const state = () => cp.mustKubectl(['get', KINDS, '-A', '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}@{.metadata.resourceVersion}{"\\n"}{end}']);

async function deploy(bundle: string, keyFile: string | undefined, dryRun = false, helmBin?: string) {
  return runAsync('bash', ['deploy.sh', '--timeout', '1m', ...(dryRun ? ['--dry-run'] : []), ...(keyFile ? ['--verify-key', keyFile] : [])], {
    cwd: bundle,
    env: { ...cp.env, REGISTRY_USERNAME: 'robot', REGISTRY_PASSWORD: randomBytes(12).toString('hex'), ...(helmBin ? { HELM: helmBin } : {}) },
  });
}

function flip(file: string, at: number): void {
  const bytes = fs.readFileSync(file);
  bytes[at] ^= 0x01;
  fs.writeFileSync(file, bytes);
}

/** A base64 character of the signature's last data line (its MPI), changed to another base64 character. */
function flipSignature(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith('=')) - 1;
  const at = Math.floor(lines[i].length / 2);
  lines[i] = `${lines[i].slice(0, at)}${lines[i][at] === 'A' ? 'B' : 'A'}${lines[i].slice(at + 1)}`;
  fs.writeFileSync(file, lines.join('\n'));
}

test('the untampered signed bundle passes every check (dry run): signed by the pinned key, helm verified the chart', async () => {
  const r = await deploy(unpack(archive), key.publicFile, true);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(r.stdout).toMatch(new RegExp(`^\\[1/5\\] checksums: \\d+ files match SHA256SUMS, signed by key ${key.fingerprint}$`, 'm'));
  expect(r.stdout).toContain(`[2/5] tools: helm ${cp.versions.helm}, kubectl ${cp.versions.kubectl}; helm verified ${CHART}.prov\n`);
  expect(r.stdout).toContain(`--verify --keyring ${key.publicFile}\n`);
});

test.each(supportedHelmClients().map((c) => [c.name, c] as const))('with %s as HELM: helm verify passes the signed chart, and refuses a .prov of another key (exit 17)', async (_name, client) => {
  const good = await deploy(unpack(archive), key.publicFile, true, client.bin);
  expect({ code: good.code, stderr: good.stderr }).toEqual({ code: 0, stderr: '' });
  expect(good.stdout).toContain(`; helm verified ${CHART}.prov\n`);
  const bundle = unpack(archive);
  copySignatures(otherArchive, bundle, ['prov']);
  const before = state();
  const bad = await deploy(bundle, key.publicFile, false, client.bin);
  expect(bad.code).toBe(17);
  expect(bad.stderr).toMatch(new RegExp(`^deploy.sh: helm verify refused ${CHART.replace(/\./g, '\\.')}\\.prov \\(.*signature made by unknown entity.*\\); refusing to deploy\n$`));
  expect(state()).toBe(before);
}, 120_000);

describe('deploy.sh refuses, before any object changes', () => {
  const cases: Array<[string, number, (bundle: string) => string | undefined, (bundle: string) => string]> = [
    ['one byte of the chart changed', 3, (b) => (flip(path.join(b, CHART), 1000), key.publicFile),
      () => `deploy.sh: checksum mismatch: ${CHART}; the bundle was damaged or changed after it was built; refusing to deploy`],
    ['one byte of SHA256SUMS changed', 14, (b) => (flip(path.join(b, 'SHA256SUMS'), 3), key.publicFile),
      () => 'deploy.sh: SHA256SUMS.asc does not match SHA256SUMS: SHA256SUMS or its signature was changed after signing; refusing to deploy'],
    ['one byte of the signature changed', 14, (b) => (flipSignature(path.join(b, 'SHA256SUMS.asc')), key.publicFile),
      () => `deploy.sh: SHA256SUMS.asc is not a valid signature over SHA256SUMS by key ${key.fingerprint}; refusing to deploy`],
    ['the bundle re-signed by another key', 15, (b) => (copySignatures(otherArchive, b), key.publicFile),
      () => `deploy.sh: SHA256SUMS.asc was made by key ${other.fingerprint.slice(24)}, not by key ${key.fingerprint}: the bundle was signed or re-signed by another key; refusing to deploy`],
    ['the bundle re-signed by another key, and that key given', 12, (b) => (copySignatures(otherArchive, b), other.publicFile),
      () => `deploy.sh: --verify-key ${other.publicFile}: key ${other.fingerprint} is not the key environment enterprise pins (${key.fingerprint}); refusing to deploy`],
    ['the .prov dropped', 13, (b) => (fs.rmSync(path.join(b, `${CHART}.prov`)), key.publicFile),
      () => `deploy.sh: ${CHART}.prov not found: the chart has no provenance file; refusing to deploy (sign the bundle with: enterprise-flyte bundle sign)`],
    ['SHA256SUMS.asc dropped', 13, (b) => (fs.rmSync(path.join(b, 'SHA256SUMS.asc')), key.publicFile),
      (b) => `deploy.sh: SHA256SUMS.asc not found in ${b}; the bundle is not signed; refusing to deploy (sign it with: enterprise-flyte bundle sign)`],
    ['the .prov replaced by another key\'s', 17, (b) => (copySignatures(otherArchive, b, ['prov']), key.publicFile),
      () => `deploy.sh: helm verify refused ${CHART}.prov (Error: openpgp: signature made by unknown entity); refusing to deploy`],
    ['the signature expired', 16, (b) => (fs.copyFileSync(expiredSignature, path.join(b, 'SHA256SUMS.asc')), key.publicFile),
      () => 'deploy.sh: the signature in SHA256SUMS.asc has expired; refusing to deploy (sign the bundle again)'],
    ['the key expired', 16, (b) => (fs.copyFileSync(expiredKeySignature, path.join(b, 'SHA256SUMS.asc')), expiredKeyFile),
      () => `deploy.sh: key ${key.fingerprint} expired on 2024-01-03: its signatures are no longer accepted; refusing to deploy (sign with a valid key)`],
    ['no --verify-key', 2, () => undefined,
      () => `deploy.sh: --verify-key FILE is required: environment enterprise only deploys a bundle signed by key ${key.fingerprint}; pass that key's public key (see README.md)`],
  ];

  test.each(cases)('%s: exit %d', async (_what, code, tamper, message) => {
    const bundle = unpack(archive);
    const keyFile = tamper(bundle);
    const before = state();
    const r = await deploy(bundle, keyFile);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code, stderr: `${message(bundle)}\n` });
    expect(r.stdout).not.toContain('[5/5]');
    expect(state()).toBe(before);
    expect(cp.kubectl(['get', 'namespace', NS]).status).not.toBe(0);
    expect(cp.helm(['status', 'flyte-backend', '-n', NS]).status).not.toBe(0);
  }, 120_000);
});

describe.each(helmClients().map((c) => [c.name, c] as const))('%s: helm install --verify on the control plane', (_name, client) => {
  beforeAll(() => {
    // What deploy.sh and the operator put in place first (README "Offline bundle").
    cp.mustKubectl(['apply', '--server-side', '-f', path.join(ROOT, 'imports', 'crds', 'monitoring.coreos.com_servicemonitors.yaml')]);
    cp.mustKubectl(['wait', '--for=condition=Established', 'crd/servicemonitors.monitoring.coreos.com', '--timeout=60s']);
    cp.mustKubectl(['apply', '-f', path.join(unpack(archive), 'manifests', '00-namespace-flyte.yaml')]);
  });
  const helm = (args: string[]) => {
    const r = spawnSync(client.bin, args, { encoding: 'utf8', env: cp.env });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test('refuses the chart with another key before creating anything, installs it with the signing key', () => {
    const chart = path.join(unpack(archive), CHART);
    const before = state();
    const refused = helm(['install', 'flyte-backend', chart, '-n', NS, '--verify', '--keyring', other.publicFile]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('openpgp: signature made by unknown entity');
    expect(state()).toBe(before);
    expect(helm(['status', 'flyte-backend', '-n', NS]).status).not.toBe(0);

    const installed = helm(['install', 'flyte-backend', chart, '-n', NS, '--verify', '--keyring', key.publicFile]);
    expect({ status: installed.status, stderr: installed.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(helm(['status', 'flyte-backend', '-n', NS, '-o', 'json']).stdout).info.status).toBe('deployed');
    expect(cp.mustKubectl(['get', 'deployment', 'flyte-backend-flyte-binary', '-n', NS, '-o', 'name']).trim()).toBe('deployment.apps/flyte-backend-flyte-binary');
    expect(helm(['uninstall', 'flyte-backend', '-n', NS, '--wait']).status).toBe(0);
  }, 180_000);
});

/** Puts another signed archive's signature files (both, or the .prov alone) into `bundle`. */
function copySignatures(from: string, bundle: string, which: Array<'asc' | 'prov'> = ['asc', 'prov']): void {
  const source = unpack(from);
  if (which.includes('asc')) fs.copyFileSync(path.join(source, 'SHA256SUMS.asc'), path.join(bundle, 'SHA256SUMS.asc'));
  if (which.includes('prov')) fs.copyFileSync(path.join(source, `${CHART}.prov`), path.join(bundle, `${CHART}.prov`));
}

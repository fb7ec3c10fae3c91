/**
 * Signing a bundle, checked by the real tools that verify it at the site: gpg for SHA256SUMS.asc,
 * and `helm verify` / `helm template --verify` (each Helm client of helm-clients.ts) for the
 * chart's provenance file, which must also be what `helm package --sign` writes. A bundle that does
 * not match its own SHA256SUMS is refused (exit 6).
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { EXIT, UserError } from '../../src/errors';
import { readBundle, signBundle, SignedBundle } from '../../src/signing/signed-bundle';
import { readSigningKey } from '../../src/signing/signing-key';
import { tarGz, untarGz } from '../../src/synth/tar';
import { ROOT } from '../helpers';
import { disposeKeys, makeKey, TestKey } from './gpg';
import { helmClients, runHelm } from './helm-clients';

const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const FOLDER = `enterprise-flyte-enterprise-${VERSION}`;
const CHART = `chart/enterprise-flyte-enterprise-${VERSION}.tgz`;
const ARCHIVE = fs.readFileSync(path.join(ROOT, 'dist', 'enterprise', 'bundle', `${FOLDER}.tar.gz`));

let key: TestKey;
let other: TestKey;
let signed: SignedBundle;
let dir: string;
const tmpDirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-signed-'));
  tmpDirs.push(d);
  return d;
};

beforeAll(async () => {
  key = makeKey();
  other = makeKey({ userId: 'Someone Else <else@example.com>' });
  const bundle = await readBundle(ARCHIVE, 'test bundle');
  signed = await signBundle(bundle, await readSigningKey(Buffer.from(key.secretArmored), { source: 'test key' }));
  dir = tmp();
  fs.writeFileSync(path.join(dir, 'signed.tar.gz'), signed.archive);
  execFileSync('tar', ['-xzf', 'signed.tar.gz'], { cwd: dir });
});
afterAll(() => {
  disposeKeys();
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const inBundle = (p: string) => path.join(dir, FOLDER, p);

/** gpg's status lines for a verification in a fresh home that holds only `publicFile`. */
function gpgVerify(publicFile: string, args: string[]): string {
  const home = tmp();
  execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', '--import', publicFile], { stdio: 'ignore' });
  try {
    return execFileSync('gpg', ['--homedir', home, '--batch', '--no-autostart', '--status-fd', '1', '--verify', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    return (e as { stdout: string }).stdout;
  }
}

describe('signBundle', () => {
  test('the signed archive is the bundle, file for file and mode for mode, plus SHA256SUMS.asc and the chart\'s .prov', async () => {
    const before = await untarGz(ARCHIVE);
    const after = await untarGz(signed.archive);
    const added = after.filter((a) => !before.some((b) => b.path === a.path)).map((a) => a.path);
    expect(added.sort()).toEqual([`${FOLDER}/SHA256SUMS.asc`, `${FOLDER}/${CHART}.prov`]);
    for (const b of before) {
      const a = after.find((x) => x.path === b.path)!;
      expect({ path: a.path, mode: a.mode, same: Buffer.from(a.content).equals(Buffer.from(b.content)) }).toEqual({ path: b.path, mode: b.mode, same: true });
    }
    expect(signed.provenancePath).toBe(`${CHART}.prov`);
  });

  test('gpg verifies SHA256SUMS.asc over SHA256SUMS as a good signature by the key (VALIDSIG with its fingerprint)', () => {
    const status = gpgVerify(key.publicFile, [inBundle('SHA256SUMS.asc'), inBundle('SHA256SUMS')]);
    expect(status).toMatch(/^\[GNUPG:\] GOODSIG /m);
    expect(status).toMatch(new RegExp(`^\\[GNUPG:\\] VALIDSIG ${key.fingerprint} .* ${key.fingerprint}$`, 'm'));
    // Another key's public half does not verify it: gpg does not know the signer.
    expect(gpgVerify(other.publicFile, [inBundle('SHA256SUMS.asc'), inBundle('SHA256SUMS')])).toMatch(/^\[GNUPG:\] NO_PUBKEY /m);
  });

  test('gpg verifies the .prov as a good clear-signed message whose text is the chart metadata and its hash', () => {
    const status = gpgVerify(key.publicFile, [inBundle(`${CHART}.prov`)]);
    expect(status).toMatch(new RegExp(`^\\[GNUPG:\\] VALIDSIG ${key.fingerprint} `, 'm'));
    const sha = createHash('sha256').update(fs.readFileSync(inBundle(CHART))).digest('hex');
    expect(signed.provenance).toContain(`\n...\nfiles:\n  enterprise-flyte-enterprise-${VERSION}.tgz: sha256:${sha}\n`);
  });

  describe.each(helmClients().map((c) => [c.name, c] as const))('%s', (_name, client) => {
    test('helm verify accepts the chart with the signing key, names the key and the hash', () => {
      const r = runHelm(client, ['verify', '--keyring', key.publicFile, inBundle(CHART)]);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      const sha = createHash('sha256').update(fs.readFileSync(inBundle(CHART))).digest('hex');
      expect(r.stdout).toContain('Signed by: Test Signer <signer@example.com>');
      expect(r.stdout).toContain(`Using Key With Fingerprint: ${key.fingerprint}`);
      expect(r.stdout).toContain(`Chart Hash Verified: sha256:${sha}`);
    });

    test('helm template --verify (the same check helm install --verify makes) accepts it', () => {
      const r = runHelm(client, ['template', 'flyte-backend', inBundle(CHART), '--verify', '--keyring', key.publicFile]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('kind: Deployment');
    });

    test('helm verify refuses another key, a changed chart and a changed .prov', () => {
      expect(runHelm(client, ['verify', '--keyring', other.publicFile, inBundle(CHART)]).status).not.toBe(0);
      const copy = tmp();
      const chart = path.join(copy, path.basename(CHART));
      const bytes = fs.readFileSync(inBundle(CHART));
      bytes[bytes.length - 10] ^= 1;
      fs.writeFileSync(chart, bytes);
      fs.copyFileSync(inBundle(`${CHART}.prov`), `${chart}.prov`);
      expect(runHelm(client, ['verify', '--keyring', key.publicFile, chart]).stderr).toContain('sha256 sum does not match');
      fs.copyFileSync(inBundle(CHART), chart);
      fs.writeFileSync(`${chart}.prov`, signed.provenance.replace('apiVersion: v2', 'apiVersion: v3'));
      expect(runHelm(client, ['verify', '--keyring', key.publicFile, chart]).status).not.toBe(0);
    });

    test('a .prov signed (by gpg, on a faked clock) with a key that has since expired: Helm 3.12 accepts it, later Helm refuses it', () => {
      // Why deploy.sh checks expiry with gpg itself: helm.sh/helm pkg/provenance/sign.go verifies with
      // golang.org/x/crypto/openpgp CheckDetachedSignature (no expiry check) up to Helm 3.12, and with
      // github.com/ProtonMail/go-crypto/openpgp (which checks it) in later Helm 3 and Helm 4.
      const old = makeKey({ createdAt: '20240101T000000', expire: '1d' });
      const copy = tmp();
      const chart = path.join(copy, path.basename(CHART));
      fs.copyFileSync(inBundle(CHART), chart);
      const message = signed.provenance.split('\n\n').slice(1).join('\n\n').split('\n-----BEGIN PGP SIGNATURE-----')[0].replace(/^- /gm, '');
      const clearsigned = old.gpg(['--faked-system-time', '20240101T120000', '--pinentry-mode', 'loopback', '--passphrase', '', '--clearsign', '--digest-algo', 'SHA512', '-u', old.fingerprint], `${message}\n`);
      expect(clearsigned.status).toBe(0);
      fs.writeFileSync(`${chart}.prov`, clearsigned.stdout);
      const r = runHelm(client, ['verify', '--keyring', old.publicFile, chart]);
      if (client.name === 'helm 3.12.1') expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      else expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(/expired/) });
    });

    test('the .prov says what helm package --sign writes for the same chart: the same metadata, the archive\'s hash under files', () => {
      const out = tmp();
      const secring = path.join(out, 'secring.gpg');
      fs.writeFileSync(secring, Buffer.from(key.gpg(['--pinentry-mode', 'loopback', '--passphrase', '', '--export-secret-keys', key.fingerprint]).stdout, 'latin1'));
      const chartDir = path.join(ROOT, 'dist', 'enterprise', 'chart');
      const r = runHelm(client, ['package', chartDir, '--sign', '--key', 'Test Signer', '--keyring', secring, '-d', out]);
      expect(r.status).toBe(0);
      // The clear text: after the armor headers, before the signature, dash-escaping undone (RFC 9580 7.2).
      const body = (prov: string) => prov.split('\n\n').slice(1).join('\n\n').split('\n-----BEGIN PGP SIGNATURE-----')[0].replace(/^- /gm, '');
      const [helmMeta, helmFiles] = body(fs.readFileSync(path.join(out, `enterprise-flyte-enterprise-${VERSION}.tgz.prov`), 'utf8')).split('\n...\n');
      const [ourMeta, ourFiles] = body(signed.provenance).split('\n...\n');
      expect(YAML.parse(ourMeta)).toEqual(YAML.parse(helmMeta));
      expect(Object.keys(YAML.parse(ourFiles).files)).toEqual(Object.keys(YAML.parse(helmFiles).files));
      expect(Object.values(YAML.parse(helmFiles).files)[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    });
  });
});

describe('readBundle refuses a bundle that does not match its own SHA256SUMS (exit 6)', () => {
  async function variant(change: (files: Array<{ path: string; content: Buffer; mode?: number }>) => void): Promise<Buffer> {
    const files = (await untarGz(ARCHIVE)).map((f) => ({ ...f, content: Buffer.from(f.content) }));
    change(files);
    return tarGz(files);
  }
  async function refusal(archive: Buffer): Promise<string> {
    try {
      await readBundle(archive, 'dist/x/bundle/x.tar.gz');
    } catch (e) {
      expect((e as UserError).exitCode).toBe(EXIT.BUNDLE);
      return (e as Error).message;
    }
    throw new Error('expected a refusal');
  }
  const fix = '; rebuild it (npx enterprise-flyte bundle --env NAME) and sign again';

  test('a changed file, named', async () => {
    const archive = await variant((files) => {
      files.find((f) => f.path === `${FOLDER}/images.json`)!.content[5] ^= 1;
    });
    expect(await refusal(archive)).toBe(`dist/x/bundle/x.tar.gz: checksum mismatch: images.json${fix}`);
  });

  test('a file more or a file less than SHA256SUMS lists', async () => {
    const more = await variant((files) => files.push({ path: `${FOLDER}/extra.sh`, content: Buffer.from('echo\n') }));
    expect(await refusal(more)).toBe(`dist/x/bundle/x.tar.gz: SHA256SUMS does not list exactly the files of the bundle${fix}`);
    const less = await variant((files) => files.splice(files.findIndex((f) => f.path === `${FOLDER}/verify.sh`), 1));
    expect(await refusal(less)).toBe(`dist/x/bundle/x.tar.gz: SHA256SUMS does not list exactly the files of the bundle${fix}`);
  });

  test('a malformed SHA256SUMS line, no SHA256SUMS, not an archive', async () => {
    const malformed = await variant((files) => {
      const sums = files.find((f) => f.path === `${FOLDER}/SHA256SUMS`)!;
      sums.content = Buffer.from(sums.content.toString().replace('  ', ' '));
    });
    expect(await refusal(malformed)).toBe(`dist/x/bundle/x.tar.gz: SHA256SUMS line 1 is malformed${fix}`);
    const none = await variant((files) => files.splice(files.findIndex((f) => f.path === `${FOLDER}/SHA256SUMS`), 1));
    expect(await refusal(none)).toBe(`dist/x/bundle/x.tar.gz: has no SHA256SUMS${fix}`);
    expect(await refusal(Buffer.from('not gzip at all'))).toMatch(/^dist\/x\/bundle\/x\.tar\.gz: not a readable bundle archive \(.+\); rebuild it/);
  });
});

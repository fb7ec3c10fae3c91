/**
 * deploy.sh's signature checks (signature-check.ts), run for real in dry runs with the real gpg and
 * helm: a signed bundle passes and its plan installs with `helm --verify`; the key file is checked
 * before the signature. The tampering cases run on the real control plane (test/cluster/signing.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { bundleFiles } from '../../src/bundle/bundle';
import { deployScript } from '../../src/bundle/deploy-script';
import { signatureFunctions } from '../../src/bundle/signature-check';
import { readBundle, signBundle } from '../../src/signing/signed-bundle';
import { readSigningKey } from '../../src/signing/signing-key';
import { disposeKeys, makeKey, TestKey } from '../signing/gpg';
import { bundleInputs, ENV_B, ensureTools, kubeconfig, lines, removeTmpDirs, runScript, shellcheck, tmpDir, unpack } from './fixture';

const VERSION = '9.8.3';
const FOLDER = `enterprise-flyte-beta-${VERSION}`;
let key: TestKey;
let other: TestKey;
let signed: Buffer;
let unsigned: Buffer;

beforeAll(async () => {
  ensureTools();
  key = makeKey();
  other = makeKey({ userId: 'Other <other@example.com>' });
  const inputs = await bundleInputs('beta', { ...ENV_B, signing: { keyFingerprint: key.fingerprint } }, VERSION);
  unsigned = Buffer.from((await bundleFiles(inputs.model, inputs.envFiles, { version: VERSION })).find((f) => f.path.endsWith('.tar.gz'))!.content);
  const signingKey = await readSigningKey(Buffer.from(key.secretArmored), { source: 'test key' });
  signed = (await signBundle(await readBundle(unsigned, 'test bundle'), signingKey)).archive;
});
afterAll(() => {
  disposeKeys();
  removeTmpDirs();
});

function deploy(archive: Buffer, args: string[], extra: NodeJS.ProcessEnv = {}, cwd?: string) {
  const dir = unpack(archive, FOLDER);
  const home = tmpDir('ef-home-');
  return { dir, ...runScript(path.join(dir, 'deploy.sh'), args, { HOME: home, KUBECONFIG: kubeconfig(home, { current: 'ctx-b' }), ...extra }, cwd) };
}

describe('deploy.sh of an environment that pins a key', () => {
  test('passes shellcheck', () => {
    const file = path.join(tmpDir(), 'deploy.sh');
    fs.writeFileSync(file, deployScript({ environment: 'e', version: '1.0.0', release: 'r', namespace: 'n', chart: 'chart/c-1.0.0.tgz', files: ['chart/c-1.0.0.tgz'], pinnedFingerprint: key.fingerprint }));
    expect(shellcheck(file)).toEqual({ status: 0, output: '' });
  });

  test('a signed bundle passes the dry run: signer named, helm verify run, helm installs with --verify and the key', () => {
    const r = deploy(signed, ['--dry-run', '--context', 'ctx-b', '--verify-key', key.publicFile]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const out = lines(r.stdout);
    expect(out[1]).toMatch(new RegExp(`^\\[1/5\\] checksums: \\d+ files match SHA256SUMS, signed by key ${key.fingerprint}$`));
    expect(out[2]).toMatch(new RegExp(`^\\[2/5\\] tools: helm v4\\.\\d+\\.\\d+, kubectl v1\\.\\d+\\.\\d+; helm verified chart/enterprise-flyte-beta-${VERSION}\\.tgz\\.prov$`));
    expect(out).toContain(`helm upgrade --install rel-b chart/enterprise-flyte-beta-${VERSION}.tgz -n ns-b --rollback-on-failure --wait --timeout 10m --verify --keyring ${key.publicFile}`);
  });

  test('--verify-key is required (exit 2); a relative path is taken from where the script was started', () => {
    const missing = deploy(signed, ['--dry-run', '--context', 'ctx-b']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`deploy.sh: --verify-key FILE is required: environment beta only deploys a bundle signed by key ${key.fingerprint}; pass that key's public key (see README.md)\n`);
    const relative = deploy(signed, ['--dry-run', '--context', 'ctx-b', '--verify-key', 'public.gpg'], {}, key.home);
    expect({ status: relative.status, stderr: relative.stderr }).toEqual({ status: 0, stderr: '' });
  });

  test('the key file: armored, private, two keys, another key than the pinned one, not a key: each exit 12, one line', () => {
    const dir = tmpDir('ef-keys-');
    const file = (name: string, content: string | Buffer) => {
      fs.writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    const secretBinary = Buffer.from(key.gpg(['--pinentry-mode', 'loopback', '--passphrase', '', '--export-secret-keys', key.fingerprint]).stdout, 'latin1');
    const cases: Array<[string, string]> = [
      [file('armored.asc', key.gpg(['--armor', '--export', key.fingerprint]).stdout), 'an ASCII-armored key; give the binary key Helm reads (gpg --export FINGERPRINT >key.gpg, or gpg --dearmor)'],
      [file('secret.gpg', secretBinary), 'holds a private key; give the public key only (gpg --export FINGERPRINT >key.gpg)'],
      [file('two.gpg', Buffer.concat([fs.readFileSync(key.publicFile), fs.readFileSync(other.publicFile)])), 'holds 2 keys; expected exactly one public key'],
      [other.publicFile, `key ${other.fingerprint} is not the key environment beta pins (${key.fingerprint}); refusing to deploy`],
      [file('garbage.gpg', 'not a key\n'), 'not an OpenPGP public key'],
      [path.join(dir, 'absent.gpg'), 'not a readable file'],
    ];
    for (const [keyFile, message] of cases) {
      const r = deploy(signed, ['--dry-run', '--context', 'ctx-b', '--verify-key', keyFile]);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 12, stderr: `deploy.sh: --verify-key ${keyFile}: ${message}\n` });
      expect(r.stdout).not.toContain('[1/5]');
    }
  });

  test('without SHA256SUMS: exit 3, as without a key', () => {
    const dir = unpack(signed, FOLDER);
    fs.rmSync(path.join(dir, 'SHA256SUMS'));
    const home = tmpDir('ef-home-');
    const r = runScript(path.join(dir, 'deploy.sh'), ['--dry-run', '--context', 'ctx-b', '--verify-key', key.publicFile], { HOME: home, KUBECONFIG: kubeconfig(home, { current: 'ctx-b' }) });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 3, stderr: `deploy.sh: SHA256SUMS not found in ${dir}; run deploy.sh from the unpacked bundle\n` });
  });

  test('without gpg on PATH: exit 4, naming GnuPG', () => {
    const noGpg = tmpDir('ef-path-');
    for (const tool of ['bash', 'sha256sum', 'head', 'awk', 'grep', 'mktemp', 'rm', 'dirname', 'tr', 'tail', 'date', 'base64', 'cat']) {
      const found = ['/usr/bin', '/bin'].map((d) => path.join(d, tool)).find((p) => fs.existsSync(p));
      if (found) fs.symlinkSync(found, path.join(noGpg, tool));
    }
    const r = deploy(signed, ['--dry-run', '--context', 'ctx-b', '--verify-key', key.publicFile], { PATH: `${path.resolve(__dirname, '../../.tools')}:${noGpg}` });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 4, stderr: "deploy.sh: gpg not found on PATH; install GnuPG 2.2 or later (it checks the bundle's signature)\n" });
  });
});

describe('deploy.sh of an environment that pins no key', () => {
  test('--verify-key is optional; when given, the same checks run', async () => {
    const inputs = await bundleInputs('beta', ENV_B, VERSION);
    const plain = Buffer.from((await bundleFiles(inputs.model, inputs.envFiles, { version: VERSION })).find((f) => f.path.endsWith('.tar.gz'))!.content);
    const without = deploy(plain, ['--dry-run', '--context', 'ctx-b']);
    expect({ status: without.status, stderr: without.stderr }).toEqual({ status: 0, stderr: '' });
    expect(without.stdout).toMatch(/^\[1\/5\] checksums: \d+ files match SHA256SUMS$/m);
    // The unsigned bundle with a key: no signature to check.
    const r = deploy(plain, ['--dry-run', '--context', 'ctx-b', '--verify-key', key.publicFile]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 13, stderr: `deploy.sh: SHA256SUMS.asc not found in ${r.dir}; the bundle is not signed; refusing to deploy (sign it with: enterprise-flyte bundle sign)\n` });
  });

  test('the pin check is written only for a pinned environment', () => {
    expect(signatureFunctions({ environment: 'e' })).not.toContain('PINNED_FINGERPRINT');
    expect(signatureFunctions({ environment: 'e', pinnedFingerprint: key.fingerprint })).toContain('[ "$fingerprint" = "$PINNED_FINGERPRINT" ]');
    expect(() => deployScript({ environment: 'e', version: '1', release: 'r', namespace: 'n', chart: 'c.tgz', files: ['c.tgz'], pinnedFingerprint: 'abc' })).toThrow('deploy script pinnedFingerprint: "abc" is not allowed');
  });
});

describe('the committed environments', () => {
  const ROOT = path.resolve(__dirname, '../..');
  const YAML = require('yaml');
  const pin = (env: string) => YAML.parse(fs.readFileSync(path.join(ROOT, 'config', 'environments', `${env}.yaml`), 'utf8')).signing?.keyFingerprint;

  test('enterprise requires a signature by the key it pins: its deploy.sh refuses to run without --verify-key', () => {
    expect(pin('enterprise')).toMatch(/^[0-9A-F]{40}$/);
    const script = fs.readFileSync(path.join(ROOT, 'dist', 'enterprise', 'scripts', 'deploy.sh'), 'utf8');
    expect(script).toContain(`\nreadonly PINNED_FINGERPRINT=${pin('enterprise')}\n`);
    const home = tmpDir('ef-home-');
    const r = runScript(path.join(ROOT, 'dist', 'enterprise', 'scripts', 'deploy.sh'), ['--dry-run'], { HOME: home, KUBECONFIG: kubeconfig(home) });
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: '' });
    expect(r.stderr).toBe(`deploy.sh: --verify-key FILE is required: environment enterprise only deploys a bundle signed by key ${pin('enterprise')}; pass that key's public key (see README.md)\n`);
  });

  test('a fingerprint that is not 40 uppercase hex digits is refused with the field, the value and what is allowed', () => {
    const { messageOf, validInput } = require('../helpers');
    for (const bad of ['0123456789abcdef0123456789abcdef01234567', '0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567', 'ABCD']) {
      expect(messageOf(validInput({ signing: { keyFingerprint: bad } }))).toBe(
        `test.yaml: signing.keyFingerprint: ${JSON.stringify(bad)} is not allowed; expected the fingerprint of an OpenPGP (version 4) key: 40 uppercase hex digits without spaces, as "gpg --list-keys" prints it`,
      );
    }
  });
});

/**
 * `enterprise-flyte bundle sign`: signs the bundle synth built, writes the signed archive outside
 * dist/ and nothing else; each bad flag, key or bundle is one line with its own exit code (2 flags,
 * 5 key, 6 bundle) and writes nothing. Keys are made by the real gpg at test time.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import * as YAML from 'yaml';
import { bundleCommand } from '../../src/cli/bundle';
import { runCli } from '../../src/cli/run';
import { VERSION } from '../../src/version';
import { ENV_A } from '../bundle/fixture';
import { builtCli, snapshotTree, tmpProject } from '../helpers';
import { disposeKeys, makeKey, TestKey } from '../signing/gpg';

const ARCHIVE = `enterprise-flyte-alpha-${VERSION}.tar.gz`;
let root: string;
let key: TestKey;
let keyFile: string;

function io(stdin?: NodeJS.ReadableStream, env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { cwd: root, stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) }, env, stdin } };
}

/** Runs `bundle sign` and returns its exit code and output. */
async function sign(args: string[], stdin?: NodeJS.ReadableStream, env?: NodeJS.ProcessEnv) {
  const run = io(stdin, env);
  const code = await runCli(['bundle', 'sign', ...args], run.io);
  return { code, ...run.out };
}

beforeAll(async () => {
  key = makeKey();
  root = tmpProject({ alpha: ENV_A });
  keyFile = path.join(root, 'signing-key.asc');
  fs.writeFileSync(keyFile, key.secretArmored, { mode: 0o600 });
  expect(await bundleCommand(['--env', 'alpha'], io().io)).toBe(0);
});
afterAll(() => {
  disposeKeys();
  fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => fs.rmSync(path.join(root, 'signed'), { recursive: true, force: true }));

describe('bundle sign', () => {
  test('writes signed/<archive> with SHA256SUMS.asc and the .prov, and changes nothing in dist/', async () => {
    const dist = snapshotTree(path.join(root, 'dist'));
    const r = await sign(['--env', 'alpha', '--key', keyFile]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'bundle sign: environment alpha (config/environments/alpha.yaml)',
      expect.stringMatching(new RegExp(`^bundle sign: key ${key.fingerprint} \\(Test Signer <signer@example.com>\\), RSA 2048 bits, expires \\d{4}-\\d\\d-\\d\\d$`)),
    ]);
    expect(lines[2]).toMatch(new RegExp(`^bundle sign: checked dist/alpha/bundle/${ARCHIVE.replace(/\./g, '\\.')}: \\d+ files match SHA256SUMS$`));
    const signed = path.join(root, 'signed', ARCHIVE);
    const sha = execFileSync('sha256sum', [signed], { encoding: 'utf8' }).split(' ')[0];
    expect(lines.slice(3)).toEqual([
      'bundle sign: SHA256SUMS.asc: signature over SHA256SUMS',
      `bundle sign: chart/enterprise-flyte-alpha-${VERSION}.tgz.prov: Helm provenance of the chart`,
      `bundle sign: wrote signed/${ARCHIVE} (${fs.statSync(signed).size} bytes, sha256 ${sha})`,
    ]);
    expect(snapshotTree(path.join(root, 'dist'))).toEqual(dist);
    expect(fs.readdirSync(path.join(root, 'signed'))).toEqual([ARCHIVE]);
    const listing = execFileSync('tar', ['-tzf', signed], { encoding: 'utf8' });
    expect(listing).toContain(`enterprise-flyte-alpha-${VERSION}/SHA256SUMS.asc\n`);
    expect(listing).toContain(`enterprise-flyte-alpha-${VERSION}/chart/enterprise-flyte-alpha-${VERSION}.tgz.prov\n`);
  });

  test('the private key is written nowhere: no file of the project but the key file holds any of it', async () => {
    const r = await sign(['--env', 'alpha', '--key', '-'], Readable.from([Buffer.from(key.secretArmored)]));
    expect(r.code).toBe(0);
    // A line of the key's secret part, long enough to be unique.
    const secretLine = key.secretArmored.split('\n').filter((l) => l.length >= 60)[8];
    const holders = Object.entries(snapshotTree(root)).filter(([, b64]) => Buffer.from(b64, 'base64').toString('latin1').includes(secretLine)).map(([p]) => p);
    expect(holders).toEqual(['signing-key.asc']);
    // Nor inside the signed archive.
    expect(execFileSync('tar', ['-xzOf', path.join(root, 'signed', ARCHIVE)]).toString('latin1')).not.toContain(secretLine);
    expect(r.stdout + r.stderr).not.toContain(secretLine);
  });

  test('--out DIR writes there; a DIR inside dist/ is refused (exit 2)', async () => {
    const out = path.join(root, 'elsewhere');
    expect((await sign(['--env', 'alpha', '--key', keyFile, '--out', out])).code).toBe(0);
    expect(fs.readdirSync(out)).toEqual([ARCHIVE]);
    fs.rmSync(out, { recursive: true });
    const inside = await sign(['--env', 'alpha', '--key', keyFile, '--out', 'dist/alpha/bundle']);
    expect(inside).toEqual({
      code: 2,
      stdout: '',
      stderr: 'enterprise-flyte: bundle sign: --out "dist/alpha/bundle" is inside dist/; expected a folder outside it (dist/ is committed and rebuilt by synth; signatures are made outside Git)\n',
    });
  });

  test.each([
    [[], 'bundle sign: --env is required; expected one of: alpha'],
    [['--env', 'alpha'], 'bundle sign: --key is required: a file holding the OpenPGP private key, or "-" to read it from standard input'],
    [['--env', 'nope', '--key', 'k'], 'config/environments/nope.yaml: no such environment file; available: alpha'],
  ])('flags %j: one line, exit 2, nothing written', async (args, message) => {
    expect(await sign(args)).toEqual({ code: 2, stdout: '', stderr: `enterprise-flyte: ${message}\n` });
    expect(fs.existsSync(path.join(root, 'signed'))).toBe(false);
  });

  test('an unknown flag, and a passphrase given as a flag, are refused (exit 2)', async () => {
    const r = await sign(['--env', 'alpha', '--key', keyFile, '--passphrase', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^enterprise-flyte: bundle sign: Unknown option '--passphrase'.* \(options: --env, --key, --out\)\n$/);
  });

  test('key problems: exit 6, one line, nothing written', async () => {
    const cases: Array<[string[], Readable | undefined, RegExp]> = [
      [['--key', path.join(root, 'missing.asc')], undefined, /^enterprise-flyte: --key \S+missing\.asc: cannot read the key \(ENOENT\)\n$/],
      [['--key', key.publicFile], undefined, /^enterprise-flyte: --key \S+public\.gpg: not an OpenPGP private key \(.+\); give the private key \(gpg --armor --export-secret-keys FINGERPRINT\)\n$/],
      [['--key', '-'], Readable.from([]), /^enterprise-flyte: --key - \(standard input\): not an OpenPGP private key/],
      [['--key', '-'], Object.assign(Readable.from([]), { isTTY: true }), /^enterprise-flyte: --key -: standard input is a terminal; pipe the key in \(for example: --key - <key\.asc\)\n$/],
    ];
    for (const [args, stdin, message] of cases) {
      const r = await sign(['--env', 'alpha', ...args], stdin);
      expect({ code: r.code, stdout: r.stdout.split('\n').length }).toEqual({ code: 6, stdout: 2 });
      expect(r.stderr).toMatch(message);
      expect(fs.existsSync(path.join(root, 'signed'))).toBe(false);
    }
  });

  test('a protected key is unlocked with ENTERPRISE_FLYTE_SIGNING_PASSPHRASE, refused without it (exit 6)', async () => {
    const locked = makeKey({ passphrase: 'a long passphrase' });
    const file = path.join(root, 'locked.asc');
    fs.writeFileSync(file, locked.secretArmored);
    try {
      const refused = await sign(['--env', 'alpha', '--key', file]);
      expect(refused.code).toBe(6);
      expect(refused.stderr).toContain(`key ${locked.fingerprint} is protected by a passphrase; set ENTERPRISE_FLYTE_SIGNING_PASSPHRASE`);
      expect((await sign(['--env', 'alpha', '--key', file], undefined, { ENTERPRISE_FLYTE_SIGNING_PASSPHRASE: 'a long passphrase' })).code).toBe(0);
    } finally {
      fs.rmSync(file);
    }
  });

  test('an environment that pins a key refuses any other key (exit 6) and takes its own, once the bundle holds the pin (exit 7 before)', async () => {
    const envFile = path.join(root, 'config', 'environments', 'alpha.yaml');
    const original = fs.readFileSync(envFile, 'utf8');
    try {
      fs.writeFileSync(envFile, YAML.stringify({ ...YAML.parse(original), signing: { keyFingerprint: '0123456789ABCDEF0123456789ABCDEF01234567' } }));
      const refused = await sign(['--env', 'alpha', '--key', keyFile]);
      expect(refused.code).toBe(6);
      expect(refused.stderr).toBe(`enterprise-flyte: --key ${keyFile}: key ${key.fingerprint} is not the key the environment pins (signing.keyFingerprint 0123456789ABCDEF0123456789ABCDEF01234567); sign with that key, or change the pin (docs/signing.md, "Rotating the key")\n`);
      fs.writeFileSync(envFile, YAML.stringify({ ...YAML.parse(original), signing: { keyFingerprint: key.fingerprint } }));
      // The bundle in dist/ was built before the pin: its deploy.sh would refuse the key at the site.
      const stale = await sign(['--env', 'alpha', '--key', keyFile]);
      expect(stale).toMatchObject({
        code: 7,
        stderr: `enterprise-flyte: bundle sign: dist/alpha/bundle/${ARCHIVE} was built for no pinned key, but config/environments/alpha.yaml pins key ${key.fingerprint}; rebuild it (npm run synth) and sign again\n`,
      });
      expect(await bundleCommand(['--env', 'alpha'], io().io)).toBe(0);
      const r = await sign(['--env', 'alpha', '--key', keyFile]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(', the key the environment pins\n');
      fs.writeFileSync(envFile, original);
      const unpinned = await sign(['--env', 'alpha', '--key', keyFile]);
      expect(unpinned.code).toBe(7);
      expect(unpinned.stderr).toContain(`was built for key ${key.fingerprint}, but config/environments/alpha.yaml pins none;`);
    } finally {
      fs.writeFileSync(envFile, original);
      expect(await bundleCommand(['--env', 'alpha'], io().io)).toBe(0);
    }
  });

  test('a missing or damaged bundle: exit 7, nothing written', async () => {
    const bundle = path.join(root, 'dist', 'alpha', 'bundle', ARCHIVE);
    const original = fs.readFileSync(bundle);
    try {
      fs.rmSync(bundle);
      expect(await sign(['--env', 'alpha', '--key', keyFile])).toMatchObject({
        code: 7,
        stderr: `enterprise-flyte: bundle sign: dist/alpha/bundle/${ARCHIVE} not found; build it first (npm run synth, or npx enterprise-flyte bundle --env alpha)\n`,
      });
      fs.writeFileSync(bundle, original.subarray(0, original.length - 100));
      const damaged = await sign(['--env', 'alpha', '--key', keyFile]);
      expect(damaged.code).toBe(7);
      expect(damaged.stderr).toMatch(new RegExp(`^enterprise-flyte: dist/alpha/bundle/${ARCHIVE.replace(/\./g, '\\.')}: not a readable bundle archive \\(.+\\); rebuild it`));
      expect(fs.existsSync(path.join(root, 'signed'))).toBe(false);
    } finally {
      fs.writeFileSync(bundle, original);
    }
  });

  test('as a process: the built CLI loads its on-demand part (lib/bundle-sign.js) and exits with the codes above', () => {
    const bin = builtCli(path.join(root, 'build'));
    const run = (args: string[], input?: string) =>
      require('child_process').spawnSync(process.execPath, [bin, 'bundle', 'sign', '--env', 'alpha', ...args], { cwd: root, input, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: root } });
    const ok = run(['--key', '-'], key.secretArmored);
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    expect(ok.stdout).toContain(`bundle sign: wrote signed/${ARCHIVE}`);
    const bad = run(['--key', '-'], 'garbage');
    expect(bad.status).toBe(6);
    expect(bad.stderr.split('\n')).toHaveLength(2);
    fs.rmSync(path.join(root, 'build'), { recursive: true, force: true });
  });

  test('--help lists the command', async () => {
    const run = io();
    expect(await runCli(['--help'], run.io)).toBe(0);
    expect(run.out.stdout).toMatch(/^  bundle sign --env <env> --key FILE\|- \[--out DIR\]$/m);
  });
});

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { bundleCommand } from '../../src/cli/bundle';
import { runCli } from '../../src/cli/run';
import { VERSION } from '../../src/version';
import { ENV_A, ENV_B } from '../bundle/fixture';
import { tmpProject } from '../helpers';

let root: string;

beforeEach(() => {
  root = tmpProject({ alpha: ENV_A, beta: ENV_B });
  // What a previous synth left: the command must replace dist/alpha/bundle/ and nothing else.
  for (const [file, text] of Object.entries({ 'dist/alpha/bundle/stale.tar.gz': 'old', 'dist/alpha/manifests/keep.yaml': 'keep', 'dist/beta/keep.txt': 'keep' })) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { cwd: root, stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) }, env: {} } };
}

const ARCHIVE = `enterprise-flyte-alpha-${VERSION}.tar.gz`;

describe('bundle --env', () => {
  test('prints one line per step and replaces dist/<env>/bundle/ only', async () => {
    const { out, io: cli } = io();
    expect(await bundleCommand(['--env', 'alpha'], cli)).toBe(0);
    // Only warnings (the fixture's images are not locked), no error.
    for (const line of out.stderr.trimEnd().split('\n').filter(Boolean)) expect(line).toMatch(/^enterprise-flyte: warning: /);
    const written = path.join(root, 'dist/alpha/bundle', ARCHIVE);
    const sha = execFileSync('sha256sum', [written], { encoding: 'utf8' }).split(' ')[0];
    const progress = out.stdout.trim().split('\n');
    expect(progress.every((l) => l.startsWith('bundle: '))).toBe(true);
    expect(progress[0]).toBe('bundle: environment alpha (config/environments/alpha.yaml)');
    // One line per step of the bundle (no EKS files in this environment), then the write.
    expect(progress.slice(1, -1).map((l) => l.split(':')[1].trim())).toEqual(['chart', 'manifests', 'images', 'scripts', 'README.md', 'SHA256SUMS', 'archive']);
    expect(progress[progress.length - 2]).toBe(`bundle: archive: bundle/${ARCHIVE} (${fs.statSync(written).size} bytes, sha256 ${sha})`);
    expect(progress[progress.length - 1]).toBe(`bundle: wrote dist/alpha/bundle/${ARCHIVE}`);
    expect(fs.readdirSync(path.join(root, 'dist/alpha/bundle'))).toEqual([ARCHIVE]);
    expect(fs.readFileSync(path.join(root, 'dist/alpha/manifests/keep.yaml'), 'utf8')).toBe('keep');
    expect(fs.readFileSync(path.join(root, 'dist/beta/keep.txt'), 'utf8')).toBe('keep');
    // The archive is a real one: the system tar lists the bundle folder.
    const listing = execFileSync('tar', ['-tzf', written], { encoding: 'utf8' });
    expect(listing).toContain(`enterprise-flyte-alpha-${VERSION}/deploy.sh\n`);
  });

  test('rebuilding gives the same bytes', async () => {
    const file = path.join(root, 'dist/alpha/bundle', ARCHIVE);
    expect(await bundleCommand(['--env', 'alpha'], io().io)).toBe(0);
    const first = fs.readFileSync(file);
    expect(await bundleCommand(['--env', 'alpha'], io().io)).toBe(0);
    expect(fs.readFileSync(file).equals(first)).toBe(true);
  });

  test('an unknown environment is a one-line error, exit 2, nothing written', async () => {
    const { out, io: cli } = io();
    expect(await runCli(['bundle', '--env', 'nope'], cli)).toBe(2);
    expect(out.stderr).toBe('enterprise-flyte: config/environments/nope.yaml: no such environment file; available: alpha, beta\n');
    expect(out.stdout).toBe('');
    expect(fs.readdirSync(path.join(root, 'dist/alpha/bundle'))).toEqual(['stale.tar.gz']);
  });

  test('--env is required; unknown flags are refused (exit 2)', async () => {
    const a = io();
    expect(await runCli(['bundle'], a.io)).toBe(2);
    expect(a.out.stderr).toBe('enterprise-flyte: bundle: --env is required; expected one of: alpha, beta\n');
    const b = io();
    expect(await runCli(['bundle', '--env', 'alpha', '--force'], b.io)).toBe(2);
    expect(b.out.stderr).toMatch(/^enterprise-flyte: bundle: Unknown option '--force'.* \(options: --env\)\n$/);
  });

  test('only the named environment is built: a broken other one does not matter', async () => {
    fs.writeFileSync(path.join(root, 'config/environments/beta.yaml'), 'release: [broken\n');
    expect(await bundleCommand(['--env', 'alpha'], io().io)).toBe(0);
    expect(fs.readdirSync(path.join(root, 'dist/alpha/bundle'))).toEqual([ARCHIVE]);
  });

  test('a failing build leaves dist/<env>/bundle/ alone', async () => {
    const { out, io: cli } = io();
    const failing = async () => {
      throw new Error('bundle of environment alpha: dist/alpha/images.json is missing');
    };
    await expect(bundleCommand(['--env', 'alpha'], cli, { generate: failing })).rejects.toThrow('dist/alpha/images.json is missing');
    expect(out.stdout).not.toContain('bundle: wrote');
    expect(fs.readdirSync(path.join(root, 'dist/alpha/bundle'))).toEqual(['stale.tar.gz']);
  });

  test('--help lists the command', async () => {
    const { out, io: cli } = io();
    expect(await runCli(['--help'], cli)).toBe(0);
    expect(out.stdout).toMatch(/^  bundle --env <env> +build the offline bundle of one environment/m);
  });
});

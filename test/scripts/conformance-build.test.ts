/**
 * scripts/conformance/build.sh: Flyte's modules pinned at v1.16.8, a cache outside the repository
 * keyed by the sources, a second run that builds nothing, and a one-line failure.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';

const SCRIPT = path.join(ROOT, 'scripts', 'conformance', 'build.sh');
const SRC = path.join(ROOT, 'test', 'conformance', 'harness');

function build(script = SCRIPT, env: NodeJS.ProcessEnv = {}) {
  return spawnSync('bash', [script], { encoding: 'utf8', env: { ...process.env, ...env } });
}

let binary: string;
beforeAll(() => {
  const r = build();
  expect(r.stderr).toBe('');
  binary = r.stdout.trim();
}, 1_800_000);

test('Flyte\'s four modules are required at exactly v1.16.8, and go.sum pins every module', () => {
  const mod = fs.readFileSync(path.join(SRC, 'go.mod'), 'utf8');
  for (const m of ['flytestdlib', 'flytepropeller', 'flyteplugins', 'flyteidl']) {
    expect(mod).toMatch(new RegExp(`^\\tgithub\\.com/flyteorg/flyte/${m} v1\\.16\\.8$`, 'm'));
  }
  expect(mod).not.toMatch(/flyteadmin|datacatalog|^replace/m);
  const sum = fs.readFileSync(path.join(SRC, 'go.sum'), 'utf8');
  expect(sum).toMatch(/^github\.com\/flyteorg\/flyte\/flytestdlib v1\.16\.8 h1:/m);
});

test('the binary is cached outside the repository under a hash of the sources', () => {
  expect(path.relative(ROOT, binary).startsWith('..')).toBe(true);
  expect(binary).toMatch(/\/conformance\/[0-9a-f]{16}\/conformance$/);
  expect(fs.statSync(binary).mode & 0o111).not.toBe(0);
});

test('a second run builds nothing and prints the same path', () => {
  const r = build();
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe(binary);
  expect(r.stderr).toBe('');
});

test('a source that does not compile ends in one line, exit 1, and no binary in the cache', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-conformance-'));
  try {
    fs.mkdirSync(path.join(root, 'scripts', 'conformance'), { recursive: true });
    fs.copyFileSync(SCRIPT, path.join(root, 'scripts', 'conformance', 'build.sh'));
    fs.cpSync(SRC, path.join(root, 'test', 'conformance', 'harness'), { recursive: true });
    fs.appendFileSync(path.join(root, 'test', 'conformance', 'harness', 'main.go'), '\nfunc broken( {\n');
    const r = build(path.join(root, 'scripts', 'conformance', 'build.sh'), { ENTERPRISE_FLYTE_CACHE: path.join(root, 'cache') });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^conformance: go build failed: .*main\.go:\d+:\d+: .*\(full log: .*build-[0-9a-f]{16}\.log\)\n$/);
    const left = fs.readdirSync(path.join(root, 'cache', 'conformance'));
    expect(left.filter((f) => !f.endsWith('.log'))).toEqual([]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('passes shellcheck', () => {
  const r = spawnSync('shellcheck', [SCRIPT], { encoding: 'utf8' });
  expect(`${r.status} ${r.stdout}`).toBe('0 ');
});

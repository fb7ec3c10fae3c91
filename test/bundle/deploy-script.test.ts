import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { bundleFiles } from '../../src/bundle/bundle';
import { deployScript, DeployScriptProps } from '../../src/bundle/deploy-script';
import {
  bundleInputs, ENV_A, ENV_B, ensureTools, HELM, HELM3, KUBECTL, kubeconfig, lines, OLD_HELM, OLD_KUBECTL, pinnedVersions,
  removeTmpDirs, runScript, shellcheck, tmpDir, unpack,
} from './fixture';
import { freePort } from '../helpers';

const VERSION = '9.8.1';
// A dummy value that must never appear in any output.
const PASSWORD = 'dummy-Pw-4f2b9c';
const CREDENTIALS = { REGISTRY_USERNAME: 'robot-a', REGISTRY_PASSWORD: PASSWORD };

let archiveA: Buffer;
let archiveB: Buffer;
let scriptA: string;
let scriptB: string;

beforeAll(async () => {
  ensureTools();
  const a = await bundleInputs('alpha', ENV_A, VERSION);
  const b = await bundleInputs('beta', ENV_B, VERSION);
  const filesA = await bundleFiles(a.model, a.envFiles, { version: VERSION });
  const filesB = await bundleFiles(b.model, b.envFiles, { version: VERSION });
  archiveA = Buffer.from(filesA.find((f) => f.path.endsWith('.tar.gz'))!.content);
  archiveB = Buffer.from(filesB.find((f) => f.path.endsWith('.tar.gz'))!.content);
  scriptA = String(filesA.find((f) => f.path === 'scripts/deploy.sh')!.content);
  scriptB = String(filesB.find((f) => f.path === 'scripts/deploy.sh')!.content);
});
afterAll(removeTmpDirs);

/** A freshly unpacked bundle of environment A (or B) and a kubeconfig next to it. */
function bundleA(): string {
  return unpack(archiveA, 'enterprise-flyte-alpha-9.8.1');
}
function bundleB(): string {
  return unpack(archiveB, 'enterprise-flyte-beta-9.8.1');
}
function env(extra: NodeJS.ProcessEnv = {}, kube: { current?: string; server?: string } = {}): NodeJS.ProcessEnv {
  const home = tmpDir('ef-home-');
  return { HOME: home, KUBECONFIG: kubeconfig(home, kube), ...extra };
}
function deploy(dir: string, args: string[], e: NodeJS.ProcessEnv) {
  return runScript(path.join(dir, 'deploy.sh'), args, e);
}
/** The lines after the plan header. */
function plan(stdout: string): string[] {
  const all = lines(stdout);
  const start = all.indexOf('[5/5] plan (dry run: these commands are printed, not run):');
  if (start < 0) throw new Error(`no plan in:\n${stdout}`);
  return all.slice(start + 1);
}
function flipByte(file: string, at = 10): void {
  const bytes = fs.readFileSync(file);
  bytes[at] ^= 0x01;
  fs.writeFileSync(file, bytes);
}

describe('deploy.sh', () => {
  test('passes shellcheck, for both kinds of environment', () => {
    for (const script of [scriptA, scriptB]) {
      const file = path.join(tmpDir(), 'deploy.sh');
      fs.writeFileSync(file, script);
      const r = shellcheck(file);
      expect(r.output).toBe('');
      expect(r.status).toBe(0);
    }
  });

  test('--dry-run runs every check and prints the exact plan: namespace manifest, pull Secret, database Secret, helm', () => {
    const dir = bundleA();
    const r = deploy(dir, ['--dry-run', '--context', 'ctx-a'], env(CREDENTIALS));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const files = execFileSync('find', ['.', '-type', 'f', '!', '-name', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').length;
    expect(lines(r.stdout).slice(0, 6)).toEqual([
      'deploy.sh: environment alpha, bundle 9.8.1: release rel-a in namespace ns-a (dry run)',
      `[1/5] checksums: ${files} files match SHA256SUMS`,
      `[2/5] tools: helm ${pinnedVersions().HELM4_VERSION}, kubectl ${pinnedVersions().KUBERNETES_VERSION}`,
      '[3/5] credentials: REGISTRY_USERNAME and REGISTRY_PASSWORD are set',
      '[4/5] kubectl context: ctx-a',
      '[5/5] plan (dry run: these commands are printed, not run):',
    ]);
    expect(plan(r.stdout)).toEqual([
      'kubectl apply -f manifests/00-namespace-ns-a.yaml',
      '<.dockerconfigjson for mirror.corp.example:5443 from REGISTRY_USERNAME and REGISTRY_PASSWORD> | kubectl create secret generic pull-a --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=/dev/stdin -n ns-a --dry-run=client -o yaml | kubectl apply -f -',
      'kubectl get secret secret-a -n ns-a -o go-template=\\{\\{with\\ index\\ .data\\ \\"key-a\\"\\}\\}set\\{\\{end\\}\\}',
      // The same Secret in each project-domain namespace, which is made (labelled as Flyte's template does) if missing.
      ...['development', 'staging', 'production'].flatMap((d) => [
        `kubectl get namespace flytesnacks-${d} >/dev/null 2>&1 || kubectl create namespace flytesnacks-${d}`,
        `kubectl label --overwrite namespace flytesnacks-${d} pod-security.kubernetes.io/enforce=baseline pod-security.kubernetes.io/enforce-version=v1.27 pod-security.kubernetes.io/audit=restricted pod-security.kubernetes.io/warn=restricted`,
        `<.dockerconfigjson for mirror.corp.example:5443 from REGISTRY_USERNAME and REGISTRY_PASSWORD> | kubectl create secret generic pull-a --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=/dev/stdin -n flytesnacks-${d} --dry-run=client -o yaml | kubectl apply -f -`,
      ]),
      'helm upgrade --install rel-a chart/enterprise-flyte-alpha-9.8.1.tgz -n ns-a --rollback-on-failure --wait --timeout 10m',
      'deploy.sh: dry run passed every check; nothing was changed',
    ]);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  test('--dry-run without a Namespace manifest or registry: kubectl creates and labels the namespace, no credentials needed', () => {
    const r = deploy(bundleB(), ['--dry-run', '--context=ctx-b', '--timeout', '7m'], env({}, { current: 'ctx-b' }));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[3/5] credentials: none needed (no private registry)\n');
    expect(plan(r.stdout)).toEqual([
      'kubectl get namespace ns-b >/dev/null 2>&1 || kubectl create namespace ns-b',
      'kubectl label --overwrite namespace ns-b pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/enforce-version=v1.27 pod-security.kubernetes.io/audit=restricted pod-security.kubernetes.io/warn=restricted',
      'kubectl get secret secret-b -n ns-b -o go-template=\\{\\{with\\ index\\ .data\\ \\"key-b\\"\\}\\}set\\{\\{end\\}\\}',
      // Each CA bundle's ConfigMap or Secret, with its key, checked like the database Secret.
      'kubectl get configmap corp-ca-b -n ns-b -o go-template=\\{\\{with\\ index\\ .data\\ \\"ca-b.crt\\"\\}\\}set\\{\\{end\\}\\}',
      'kubectl get secret db-ca-b -n ns-b -o go-template=\\{\\{with\\ index\\ .data\\ \\"rds-b.pem\\"\\}\\}set\\{\\{end\\}\\}',
      'helm upgrade --install rel-b chart/enterprise-flyte-beta-9.8.1.tgz -n ns-b --rollback-on-failure --wait --timeout 7m',
      'deploy.sh: dry run passed every check; nothing was changed',
    ]);
  });

  test('task files (the CA bundle task pods mount) are copied into each project-domain namespace, a Secret\'s key decoded', () => {
    const dir = tmpDir();
    const script = deployScript({
      environment: 'tf', version: VERSION, release: 'rel-t', namespace: 'ns-t', chart: 'chart/c.tgz', files: ['deploy.sh', 'chart/c.tgz'],
      taskNamespaces: { names: ['p-dev'], labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } },
      caBundles: [{ kind: 'Secret', name: 'corp-ca-s', key: 'ca.pem', what: 'CA bundle' }],
      taskFiles: [{ kind: 'Secret', name: 'corp-ca-s', key: 'ca.pem', what: 'CA bundle' }],
    });
    fs.writeFileSync(path.join(dir, 'deploy.sh'), script, { mode: 0o755 });
    expect(shellcheck(path.join(dir, 'deploy.sh')).output).toBe('');
    const sums = execFileSync('sha256sum', ['deploy.sh'], { cwd: dir, encoding: 'utf8' });
    fs.mkdirSync(path.join(dir, 'chart'));
    fs.writeFileSync(path.join(dir, 'chart', 'c.tgz'), 'c');
    fs.writeFileSync(path.join(dir, 'SHA256SUMS'), `${execFileSync('sha256sum', ['chart/c.tgz'], { cwd: dir, encoding: 'utf8' })}${sums}`);
    const r = deploy(dir, ['--dry-run', '--context', 'ctx-a'], env());
    expect(r.stderr).toBe('');
    expect(plan(r.stdout).slice(-4, -2)).toEqual([
      'kubectl label --overwrite namespace p-dev pod-security.kubernetes.io/enforce=baseline',
      'kubectl get secret corp-ca-s -n ns-t -o go-template=\\{\\{index\\ .data\\ \\"ca.pem\\"\\ \\|\\ base64decode\\}\\} | kubectl create secret generic corp-ca-s --from-file=ca.pem=/dev/stdin -n p-dev --dry-run=client -o yaml | kubectl apply -f -',
    ]);
  });

  test('creates the pull Secret from standard input, with the password on no command line', () => {
    const bin = tmpDir();
    const argv = path.join(bin, 'argv.log');
    const applied = path.join(bin, 'applied.yaml');
    // kubectl: the real one for what works without a cluster (the client-side Secret, the kubeconfig);
    // every command line is logged, and what is applied from standard input kept. helm succeeds.
    fs.writeFileSync(
      path.join(bin, 'kubectl'),
      `#!/bin/bash\nprintf '%s\\n' "$*" >> '${argv}'\ncase "$1" in\n  create|config|version) exec '${KUBECTL}' "$@" ;;\n  apply) if [ "$3" = - ]; then { cat; echo '---'; } >> '${applied}'; fi ;;\n  get) echo set ;;\nesac\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(bin, 'helm'), `#!/bin/sh\n[ "$1" = version ] && exec '${HELM}' "$@"\nexit 0\n`, { mode: 0o755 });
    const r = deploy(
      bundleA(),
      ['--context', 'ctx-a'],
      env({ REGISTRY_USERNAME: 'robot a', REGISTRY_PASSWORD: PASSWORD, KUBECTL: path.join(bin, 'kubectl'), HELM: path.join(bin, 'helm') }),
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const commands = fs.readFileSync(argv, 'utf8');
    expect(commands).toContain('create secret generic pull-a --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=/dev/stdin -n ns-a');
    expect(commands + r.stdout).not.toContain(PASSWORD);
    const secrets = YAML.parseAllDocuments(fs.readFileSync(applied, 'utf8')).map((d) => d.toJS()).filter((d) => d);
    expect(secrets.map((s) => s.metadata.namespace)).toEqual(['ns-a', 'flytesnacks-development', 'flytesnacks-staging', 'flytesnacks-production']);
    for (const secret of secrets) {
      expect(secret).toMatchObject({ kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', metadata: { name: 'pull-a' } });
      const config = JSON.parse(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString());
      expect(config).toEqual({ auths: { 'mirror.corp.example:5443': { auth: Buffer.from(`robot a:${PASSWORD}`).toString('base64') } } });
    }
  });

  test('an ECR registry: no credentials step, no pull Secret, nothing asked of the operator', () => {
    const script = deployScript({ environment: 'ecr', version: VERSION, release: 'rel-e', namespace: 'ns-e', chart: 'chart/c.tgz', registry: { host: '210987654321.dkr.ecr.eu-west-3.amazonaws.com' }, taskNamespaces: { names: ['p-d'], labels: { a: 'b' } }, files: ['deploy.sh', 'chart/c.tgz'] });
    expect(script).toContain('echo "[3/5] credentials: none needed (nodes pull from 210987654321.dkr.ecr.eu-west-3.amazonaws.com with their IAM role)"');
    expect(script).not.toMatch(/REGISTRY_USERNAME|REGISTRY_PASSWORD|PULL_SECRET|create secret|TASK_NAMESPACES/);
  });

  test('runs from any working directory', () => {
    const dir = bundleA();
    const r = runScript(path.join(dir, 'deploy.sh'), ['--dry-run', '--context', 'ctx-a'], env(CREDENTIALS), tmpDir());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  describe('refuses, before changing anything', () => {
    test.each([
      ['the chart', 'chart/enterprise-flyte-alpha-9.8.1.tgz'],
      ['a manifest', 'manifests/00-namespace-ns-a.yaml'],
      ['the script itself', 'deploy.sh'],
      ['the README', 'README.md'],
    ])('when one byte of %s is flipped (exit 3, names the file)', (_what, file) => {
      const dir = bundleA();
      flipByte(path.join(dir, file), file === 'deploy.sh' ? 40 : 10);
      const r = deploy(dir, ['--dry-run', '--context', 'ctx-a'], env(CREDENTIALS));
      expect(r.status).toBe(3);
      expect(r.stderr).toBe(`deploy.sh: checksum mismatch: ${file}; the bundle was damaged or changed after it was built; refusing to deploy\n`);
      expect(r.stdout).not.toContain('[1/5]');
    });

    test('when a listed file is missing (exit 3, names it)', () => {
      const dir = bundleA();
      fs.rmSync(path.join(dir, 'images.json'));
      const r = deploy(dir, ['--dry-run', '--context', 'ctx-a'], env(CREDENTIALS));
      expect(r.status).toBe(3);
      expect(r.stderr).toContain('checksum mismatch: images.json;');
    });

    const MALFORMED = 'deploy.sh: SHA256SUMS line 1 is malformed; the bundle was damaged or changed after it was built; refusing to deploy\n';
    const NOT_EXACT = 'deploy.sh: SHA256SUMS does not list exactly the files of this bundle; the bundle was damaged or changed after it was built; refusing to deploy\n';
    test.each([
      ['a hash character made non-hex', (l: string) => `g${l.slice(1)}`, MALFORMED],
      ['one of the two separating spaces removed', (l: string) => `${l.slice(0, 64)}${l.slice(65)}`, MALFORMED],
      ['a hash made one character short', (l: string) => l.slice(1), MALFORMED],
      ['a blank line inserted', (l: string) => `\n${l}`, MALFORMED],
      ['a line with a shell metacharacter in the path', (l: string) => `${l.slice(0, 66)}$(x)`, MALFORMED],
      ['the first line removed', (_l: string) => '', NOT_EXACT],
      ['the first path changed to another existing file', (l: string) => `${l.slice(0, 66)}deploy.sh`, NOT_EXACT],
    ])('when one line of SHA256SUMS has %s (exit 3)', (_what, edit, message) => {
      const dir = bundleA();
      const sumsFile = path.join(dir, 'SHA256SUMS');
      const [first, ...rest] = fs.readFileSync(sumsFile, 'utf8').split('\n');
      const edited = edit(first);
      fs.writeFileSync(sumsFile, [...(edited === '' ? [] : [edited]), ...rest].join('\n'));
      const r = deploy(dir, ['--dry-run', '--context', 'ctx-a'], env(CREDENTIALS));
      expect(r.stderr).toBe(message);
      expect(r.status).toBe(3);
      expect(r.stdout).not.toContain('[1/5]');
    });

    test('when SHA256SUMS lists an extra file that is present and matches (exit 3)', () => {
      const dir = bundleA();
      fs.writeFileSync(path.join(dir, 'extra.sh'), 'echo hi\n');
      const sumsFile = path.join(dir, 'SHA256SUMS');
      fs.appendFileSync(sumsFile, execFileSync('sha256sum', ['extra.sh'], { cwd: dir }));
      const r = deploy(dir, ['--dry-run', '--context', 'ctx-a'], env(CREDENTIALS));
      expect(r.stderr).toBe(NOT_EXACT);
      expect(r.status).toBe(3);
    });

    test('when SHA256SUMS is missing (exit 3)', () => {
      const dir = bundleA();
      fs.rmSync(path.join(dir, 'SHA256SUMS'));
      const r = deploy(dir, ['--dry-run', '--context', 'ctx-a'], env(CREDENTIALS));
      expect(r.status).toBe(3);
      expect(r.stderr).toBe(`deploy.sh: SHA256SUMS not found in ${dir}; run deploy.sh from the unpacked bundle\n`);
    });

    test('when helm is not on PATH (exit 4, names helm)', () => {
      const bin = tmpDir('ef-bin-');
      fs.symlinkSync(KUBECTL, path.join(bin, 'kubectl'));
      const PATH = `${bin}:/usr/bin:/bin`;
      // The test means nothing if the machine has a helm of its own.
      expect(spawnSync('bash', ['-c', 'command -v helm'], { env: { PATH } }).status).not.toBe(0);
      const r = deploy(bundleA(), ['--dry-run', '--context', 'ctx-a'], env({ ...CREDENTIALS, PATH }));
      expect(r.status).toBe(4);
      expect(r.stderr).toBe('deploy.sh: helm not found ("helm"); install Helm 4 (or Helm 3.21 or later) or set HELM=/path/to/helm\n');
    });

    test('when HELM or KUBECTL names a missing program (exit 4, names it)', () => {
      const h = deploy(bundleA(), ['--dry-run', '--context', 'ctx-a'], env({ ...CREDENTIALS, HELM: '/nonexistent/helm' }));
      expect(h.status).toBe(4);
      expect(h.stderr).toContain('helm not found ("/nonexistent/helm")');
      const k = deploy(bundleA(), ['--dry-run', '--context', 'ctx-a'], env({ ...CREDENTIALS, KUBECTL: '/nonexistent/kubectl' }));
      expect(k.status).toBe(4);
      expect(k.stderr).toContain('kubectl not found ("/nonexistent/kubectl")');
    });

    test('when helm is older than the oldest supported: the real Helm 3.12.1 (exit 20, one line, nothing run)', () => {
      const r = deploy(bundleA(), ['--context', 'ctx-a'], env({ ...CREDENTIALS, HELM: OLD_HELM }));
      expect(r.stderr).toBe(`deploy.sh: helm v3.12.1 ("${OLD_HELM}") is older than the oldest supported, Helm 3.21; install Helm 3.21 or later, or set HELM=/path/to/helm\n`);
      expect(r.status).toBe(20);
      expect(r.stdout).not.toContain('[2/5]');
    });

    test('when kubectl is older than the oldest supported: the real kubectl 1.27.1 (exit 20, one line)', () => {
      const r = deploy(bundleA(), ['--dry-run', '--context', 'ctx-a'], env({ ...CREDENTIALS, KUBECTL: OLD_KUBECTL }));
      expect(r.stderr).toBe(`deploy.sh: kubectl v1.27.1 ("${OLD_KUBECTL}") is older than the oldest supported, kubectl 1.31; install kubectl 1.31 or later, or set KUBECTL=/path/to/kubectl\n`);
      expect(r.status).toBe(20);
    });

    test.each([
      ['v3.20.9', 'is older than the oldest supported, Helm 3.21'],
      ['', 'reports no version ("")'],
      ['3.21.0', 'reports no version ("3.21.0")'],
    ])('when helm reports %j (exit 20)', (version, message) => {
      // The real Helm 3 for everything but its version.
      const bin = tmpDir('ef-bin-');
      fs.writeFileSync(path.join(bin, 'helm'), `#!/bin/sh\n[ "$1" = version ] && { printf '%s' '${version}'; exit 0; }\nexec '${HELM3}' "$@"\n`, { mode: 0o755 });
      const r = deploy(bundleA(), ['--dry-run', '--context', 'ctx-a'], env({ ...CREDENTIALS, HELM: path.join(bin, 'helm') }));
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toContain(message);
      expect(r.status).toBe(20);
    });

    test.each(['REGISTRY_USERNAME', 'REGISTRY_PASSWORD'])('when %s is not set or empty (exit 5, names it)', (variable) => {
      for (const value of [undefined, '']) {
        const e = { ...CREDENTIALS, [variable]: value };
        if (value === undefined) delete e[variable as keyof typeof e];
        const r = deploy(bundleA(), ['--dry-run', '--context', 'ctx-a'], env(e));
        expect(r.status).toBe(5);
        expect(r.stderr).toMatch(new RegExp(`^deploy\\.sh: ${variable} is not set; .*mirror\\.corp\\.example:5443 \\(credentials are never read from the bundle\\)\\n$`));
      }
    });

    test('when the current context is not the one named by --context (exit 6)', () => {
      const r = deploy(bundleA(), ['--dry-run', '--context', 'ctx-b'], env(CREDENTIALS));
      expect(r.status).toBe(6);
      expect(r.stderr).toBe('deploy.sh: current kubectl context is "ctx-a", expected "ctx-b"; switch with: kubectl config use-context ctx-b\n');
      expect(r.stdout).not.toContain('[5/5]');
    });

    test('when kubectl has no current context (exit 6)', () => {
      const r = deploy(bundleA(), ['--dry-run', '--context', 'ctx-a'], env(CREDENTIALS, { current: '' }));
      expect(r.status).toBe(6);
      expect(r.stderr).toContain('kubectl has no current context');
    });

    test('without --context when the environment names no cluster (exit 2)', () => {
      const r = deploy(bundleA(), ['--dry-run'], env(CREDENTIALS));
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        'deploy.sh: --context NAME is required: environment alpha names no EKS cluster (eks.cluster), so name the kubectl context of the target cluster\n',
      );
    });

    test('checks in the documented order: checksums, tools, credentials, context', () => {
      const dir = bundleA();
      flipByte(path.join(dir, 'images.json'));
      // Everything else is wrong too: the checksum is reported first.
      const all = deploy(dir, ['--dry-run', '--context', 'ctx-b'], env({ HELM: '/nonexistent/helm' }));
      expect(all.status).toBe(3);
      const tools = deploy(bundleA(), ['--dry-run', '--context', 'ctx-b'], env({ HELM: '/nonexistent/helm' }));
      expect(tools.status).toBe(4);
      const credentials = deploy(bundleA(), ['--dry-run', '--context', 'ctx-b'], env({}));
      expect(credentials.status).toBe(5);
    });
  });

  describe('options', () => {
    test('--help prints the usage and the exit codes', () => {
      const r = deploy(bundleA(), ['--help'], {});
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^usage: \.\/deploy\.sh \[--dry-run\] \[--timeout DURATION\] \[--context NAME\] \[--verify-key FILE\] \[--help\]\n/);
      expect(r.stdout).toContain('release rel-a in namespace ns-a');
      expect(r.stdout).toContain('REGISTRY_USERNAME, REGISTRY_PASSWORD');
      for (const code of ['3 checksum mismatch', '4 a program is missing', '5 a credentials variable is not set', '6 wrong or no kubectl context', '8 helm upgrade failed', '12 --verify-key', '13 SHA256SUMS.asc', '14 the signature does not match', '15 signed by another key', '16 key or signature expired', '17 helm verify refused', '20 helm or kubectl is older than the oldest supported version']) {
        expect(r.stdout).toContain(code);
      }
    });

    test.each([
      [['--bogus'], 'deploy.sh: unknown option --bogus; see ./deploy.sh --help\n'],
      [['--timeout', 'soon', '--context', 'ctx-a'], 'deploy.sh: --timeout: "soon" is not a duration; expected one such as 10m, 90s or 1h30m\n'],
      [['--timeout'], 'deploy.sh: --timeout needs a value such as 10m\n'],
      [['--context'], 'deploy.sh: --context needs a kubectl context name\n'],
      [['--verify-key'], 'deploy.sh: --verify-key needs a file: the public key that signed the bundle\n'],
    ])('%j is a usage error (exit 2)', (args, message) => {
      const r = deploy(bundleA(), args, env(CREDENTIALS));
      expect(r.stderr).toBe(message);
      expect(r.status).toBe(2);
    });

    test.each([
      // Helm 3 knows no --rollback-on-failure; Helm 4 deprecates --atomic for it (same meaning).
      ['the newest Helm 3', HELM3, `${pinnedVersions().HELM3_VERSION}`, '--atomic'],
      ['Helm 4', HELM, `${pinnedVersions().HELM4_VERSION}`, '--rollback-on-failure'],
    ])('with %s the plan undoes a failed install with the flag that helm knows', (_what, helm, version, flag) => {
      const r = deploy(bundleA(), ['--dry-run', '--context', 'ctx-a'], env({ ...CREDENTIALS, HELM: helm }));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`[2/5] tools: ${helm} ${version}, kubectl ${pinnedVersions().KUBERNETES_VERSION}\n`);
      expect(plan(r.stdout)).toContain(`${helm} upgrade --install rel-a chart/enterprise-flyte-alpha-9.8.1.tgz -n ns-a ${flag} --wait --timeout 10m`);
    });

    test('--timeout=1h30m reaches the helm command', () => {
      const r = deploy(bundleA(), ['--dry-run', '--context', 'ctx-a', '--timeout=1h30m'], env(CREDENTIALS));
      expect(r.status).toBe(0);
      expect(plan(r.stdout)).toContain('helm upgrade --install rel-a chart/enterprise-flyte-alpha-9.8.1.tgz -n ns-a --rollback-on-failure --wait --timeout 1h30m');
    });
  });

  describe('without --dry-run, against an API server that does not answer', () => {
    test('stops at the namespace step with exit 7 and a clear message, printing no password', async () => {
      const port = await freePort();
      const r = deploy(bundleA(), ['--context', 'ctx-a', '--timeout', '5s'], env(CREDENTIALS, { server: `https://127.0.0.1:${port}` }));
      expect(r.status).toBe(7);
      expect(r.stdout).toContain('[5/5] deploying:\n+ kubectl apply -f manifests/00-namespace-ns-a.yaml\n');
      // kubectl 1.34's words (it validates against the server's OpenAPI first).
      expect(r.stderr).toContain(`dial tcp 127.0.0.1:${port}: connect: connection refused`);
      expect(r.stderr.trim().split('\n').pop()).toBe('deploy.sh: creating namespace ns-a failed; see the kubectl error above');
      expect(r.stdout).not.toContain('helm upgrade');
      expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    });

    test('environment B: the kubectl create namespace step fails with exit 7', async () => {
      const port = await freePort();
      const r = deploy(bundleB(), ['--context', 'ctx-b'], env({}, { current: 'ctx-b', server: `https://127.0.0.1:${port}` }));
      expect(r.status).toBe(7);
      expect(r.stdout).toContain('+ kubectl get namespace ns-b >/dev/null 2>&1 || kubectl create namespace ns-b\n');
      expect(r.stderr.trim().split('\n').pop()).toBe('deploy.sh: creating namespace ns-b failed; see the kubectl error above');
    });
  });
});

describe('deployScript with an expected EKS cluster', () => {
  const props: DeployScriptProps = {
    environment: 'gamma',
    version: '3.4.5',
    release: 'rel-g',
    namespace: 'ns-g',
    chart: 'chart/g.tgz',
    expectedCluster: 'eks-a',
    timeout: '15m',
    files: ['deploy.sh', 'chart/g.tgz'],
  };

  /** A minimal bundle folder: the script, a chart file and SHA256SUMS written by the real sha256sum. */
  function folder(p: DeployScriptProps): string {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'chart'));
    fs.writeFileSync(path.join(dir, 'chart/g.tgz'), 'not really a chart');
    fs.writeFileSync(path.join(dir, 'deploy.sh'), deployScript(p), { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'SHA256SUMS'), execFileSync('sha256sum', ['chart/g.tgz', 'deploy.sh'], { cwd: dir }));
    return dir;
  }

  test('passes shellcheck', () => {
    const r = shellcheck(path.join(folder(props), 'deploy.sh'));
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  test('needs no --context when the current context points at the cluster (ARN cluster entry)', () => {
    const r = deploy(folder(props), ['--dry-run'], env());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[4/5] kubectl context: ctx-a (cluster arn:aws:eks:eu-west-3:210987654321:cluster/eks-a)\n');
    expect(plan(r.stdout)).toEqual([
      'kubectl get namespace ns-g >/dev/null 2>&1 || kubectl create namespace ns-g',
      'kubectl label --overwrite namespace ns-g pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/enforce-version=v1.27 pod-security.kubernetes.io/audit=restricted pod-security.kubernetes.io/warn=restricted',
      'helm upgrade --install rel-g chart/g.tgz -n ns-g --rollback-on-failure --wait --timeout 15m',
      'deploy.sh: dry run passed every check; nothing was changed',
    ]);
  });

  test.each([
    ['ctx-b', 'other-cluster'],
    ['ctx-c', 'arn:aws:eks:eu-west-3:210987654321:cluster/not-eks-a'],
  ])('refuses when the current context %s points at %s (exit 6)', (context, cluster) => {
    const r = deploy(folder(props), ['--dry-run'], env({}, { current: context }));
    expect(r.status).toBe(6);
    expect(r.stderr).toBe(
      `deploy.sh: kubectl context "${context}" points at cluster "${cluster}", not at EKS cluster "eks-a"; switch with: kubectl config use-context NAME\n`,
    );
  });

  test('--context still pins the context name', () => {
    const r = deploy(folder(props), ['--dry-run', '--context', 'ctx-b'], env());
    expect(r.status).toBe(6);
    expect(r.stderr).toContain('current kubectl context is "ctx-a", expected "ctx-b"');
  });

  describe('with auth Secrets an operator creates', () => {
    const withAuth: DeployScriptProps = {
      ...props,
      requiredSecrets: [
        { name: 'oidc-g', key: 'client_secret', what: 'OIDC client secret' },
        { name: 'prop-g', key: 'hash.yaml', what: 'internal client secret hash (a Flyte configuration file)' },
      ],
    };

    test('passes shellcheck', () => {
      const r = shellcheck(path.join(folder(withAuth), 'deploy.sh'));
      expect(r.output).toBe('');
      expect(r.status).toBe(0);
    });

    test('--dry-run prints one value-free check per key, before helm', () => {
      const r = deploy(folder(withAuth), ['--dry-run'], env());
      expect(r.stderr).toBe('');
      expect(plan(r.stdout).slice(2)).toEqual([
        'kubectl get secret oidc-g -n ns-g -o go-template=\\{\\{with\\ index\\ .data\\ \\"client_secret\\"\\}\\}set\\{\\{end\\}\\}',
        'kubectl get secret prop-g -n ns-g -o go-template=\\{\\{with\\ index\\ .data\\ \\"hash.yaml\\"\\}\\}set\\{\\{end\\}\\}',
        'helm upgrade --install rel-g chart/g.tgz -n ns-g --rollback-on-failure --wait --timeout 15m',
        'deploy.sh: dry run passed every check; nothing was changed',
      ]);
    });

    test('refuses a description that would break the script', () => {
      expect(() => deployScript({ ...props, requiredSecrets: [{ name: 'a', key: 'b', what: "it's" }] })).toThrow('deploy script requiredSecrets what');
      expect(() => deployScript({ ...props, requiredSecrets: [{ name: 'a;b', key: 'b', what: 'x' }] })).toThrow('deploy script requiredSecrets name');
    });
  });

  test('rejects a file list that is empty, has SHA256SUMS or a duplicate', () => {
    expect(() => deployScript({ ...props, files: [] })).toThrow("deploy script files: expected the bundle's file list");
    expect(() => deployScript({ ...props, files: ['a', 'SHA256SUMS'] })).toThrow('deploy script files: expected distinct paths without SHA256SUMS');
    expect(() => deployScript({ ...props, files: ['a', 'a'] })).toThrow('deploy script files: expected distinct paths without SHA256SUMS');
  });

  test('rejects values that are not safe shell words, and bad durations', () => {
    expect(() => deployScript({ ...props, namespace: 'ns g' })).toThrow('deploy script namespace: "ns g" is not allowed in a script');
    expect(() => deployScript({ ...props, release: 'rel$(x)' })).toThrow('deploy script release: "rel$(x)" is not allowed in a script');
    expect(() => deployScript({ ...props, timeout: '10 minutes' })).toThrow('deploy script timeout: "10 minutes" is not allowed');
  });

  test('the default timeout is 10m', () => {
    const { timeout: _t, ...rest } = props;
    expect(deployScript(rest)).toContain('how long helm waits for the release to be ready (default 10m)');
    expect(deployScript(props)).toContain('(default 15m)');
  });
});

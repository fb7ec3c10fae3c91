/**
 * Inputs found by testing as a new user, run through the built CLI as a process: none may hang,
 * take minutes, or print raw control characters.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { cli, ROOT, snapshotTree, tmpProject, validInput } from '../helpers';

const envFile = (root: string, name: string) => path.join(root, 'config', 'environments', `${name}.yaml`);

/** The CLI run as an unprivileged user (nobody): root may write anywhere. */
function cliAsNobody(args: string[], cwd: string) {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.join(ROOT, 'lib', 'enterprise-flyte.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: os.tmpdir() },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2, nothing on standard output, one line on standard error that starts with `prefix`. */
function expectOneLineRefusal(r: { status: number | null; stdout: string; stderr: string }, prefix: string) {
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toContain('\\u000a');
  expect(r.stderr.startsWith(prefix)).toBe(true);
  expect(r.status).toBe(2);
}

describe('synth with hostile inputs', () => {
  test('3000 annotations (200 KiB, under the limit) synthesise in seconds, not minutes', () => {
    const annotations = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`corp.io/k${i}`, 'v'.repeat(60)]));
    const root = tmpProject({ a: validInput({ ingress: { host: 'flyte.corp.example', className: 'alb', annotations } }) });
    const started = Date.now();
    const r = cli(['synth'], root);
    const seconds = (Date.now() - started) / 1000;
    expect(r.stderr).not.toContain('error');
    expect(r.status).toBe(0);
    expect(seconds).toBeLessThan(15);
    const ingress = fs.readFileSync(path.join(root, 'dist', 'a', 'manifests', '24-ingress-rel-a-flyte-binary-http.yaml'), 'utf8');
    expect(ingress).toContain('corp.io/k2999: vvvv');
  }, 60_000);

  test.each([
    ['a FIFO', (file: string) => execFileSync('mkfifo', [file]), 'is not a regular file (a FIFO)'],
    // A device node inside the project (a link to /dev/zero would be refused as leaving the project).
    ['a device like /dev/zero', (file: string) => execFileSync('mknod', [file, 'c', '1', '5']), 'is not a regular file (a device)'],
    ['a folder', (file: string) => fs.mkdirSync(file), 'is not a regular file (a folder)'],
  ])('an environment file that is %s is refused at once (exit 2)', (_what, make, reason) => {
    const root = tmpProject({});
    make(envFile(root, 'a'));
    const started = Date.now();
    const r = cli(['synth'], root);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r).toEqual({ status: 2, stdout: '', stderr: `enterprise-flyte: config/environments/a.yaml: ${reason}; point it at a regular file\n` });
  });

  test('an environment file over 1 MiB is refused without parsing it', () => {
    const root = tmpProject({ a: `# ${'x'.repeat(1024 * 1024)}\n` });
    const r = cli(['synth'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`enterprise-flyte: config/environments/a.yaml: is ${1024 * 1024 + 3} bytes, over the limit of 1048576; an input file this large is not one this program wrote or expects\n`);
  });

  test('an unreadable environment file is not reported as missing', () => {
    const root = tmpProject({});
    // A symlink loop cannot be read, even by root (permissions would not stop root).
    fs.symlinkSync('a.yaml', envFile(root, 'a'));
    const r = cli(['synth'], root);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'enterprise-flyte: config/environments/a.yaml: cannot be read (ELOOP); check that it is a readable file\n' });
  });

  test('control characters from the file are escaped in messages', () => {
    const root = tmpProject({ a: validInput({ release: 'a\u001b]0;pwned\u0007\u009b' }) });
    const r = cli(['synth'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^enterprise-flyte: config\/environments\/a\.yaml: release: "a\\u001b\]0;pwned\\u0007\\u009b" is not allowed; /);
    expect(r.stderr.replace(/\n$/, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  test('a waiver reason with control characters is escaped in the warning', () => {
    const root = tmpProject({ a: validInput({ registry: undefined, policy: { waivers: [{ rule: 'image-registry', reason: 'upstream images\u001b[2J on purpose' }] } }) });
    const r = cli(['synth'], root);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('upstream images\\u001b[2J on purpose');
    expect(r.stderr).not.toContain('\u001b');
  });

  test('a dist/ this user cannot change fails before anything is replaced (exit 5)', () => {
    const root = tmpProject({ a: validInput() });
    expect(cli(['synth'], root).status).toBe(0);
    const before = snapshotTree(path.join(root, 'dist'));
    fs.writeFileSync(envFile(root, 'a'), fs.readFileSync(envFile(root, 'a'), 'utf8').replace('db-a.internal', 'db-b.internal'));
    // Root may write anywhere: run the real CLI as an unprivileged user (nobody) that may create
    // folders in the project but not change dist/ (owned by root).
    for (const p of [root, path.join(root, 'config'), path.join(root, 'config', 'environments')]) fs.chmodSync(p, 0o777);
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.join(ROOT, 'lib', 'enterprise-flyte.js'), 'synth'], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: root },
    });
    expect(r.stderr.split('\n').filter((l) => !l.includes('warning'))).toEqual(['enterprise-flyte: dist: not writable; make the output folder writable (nothing was changed)', '']);
    expect(r.status).toBe(5);
    expect(snapshotTree(path.join(root, 'dist'))).toEqual(before);
    expect(fs.readdirSync(root).filter((n) => n.startsWith('.dist'))).toEqual([]);
  });

  test('a 250,000-character annotation value (legal size) of letters synthesises: every pattern is linear', () => {
    const root = tmpProject({ a: validInput({ pod: { annotations: { 'corp.io/long': 'a'.repeat(250_000) } } }) });
    // A guard against a hang, not a speed measure (test/config/linear-patterns.test.ts counts the
    // work): quadratic patterns took minutes here.
    const r = spawnSync(process.execPath, [path.join(ROOT, 'lib', 'enterprise-flyte.js'), 'synth'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: root }, timeout: 60_000 });
    expect(r.stderr).not.toContain('error');
    expect(r.status).toBe(0);
  }, 120_000);

  test.each([
    ['an environment file named prod.yml', (root: string) => fs.writeFileSync(path.join(root, 'config', 'environments', 'prod.yml'), 'release: x\n'), 'enterprise-flyte: config/environments/prod.yml: environment files are named "<env>.yaml"; rename it to prod.yaml'],
    ['a link to a file outside the project', (root: string) => fs.symlinkSync(path.join(os.tmpdir(), 'outside.yaml'), envFile(root, 'b')), 'enterprise-flyte: config/environments/b.yaml: is a symbolic link to '],
    ['a link to nothing', (root: string) => fs.symlinkSync('gone.yaml', envFile(root, 'b')), 'enterprise-flyte: config/environments/b.yaml: is a symbolic link to "gone.yaml", which does not exist'],
  ])('%s is refused in one line, not skipped', (_what, make, prefix) => {
    fs.writeFileSync(path.join(os.tmpdir(), 'outside.yaml'), 'release: x\n');
    const root = tmpProject({ a: validInput() });
    make(root);
    expectOneLineRefusal(cli(['synth'], root), prefix);
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  test.each([
    ['a project-domain pair that makes kube-system', { projects: [{ name: 'kube' }], domains: ['system'] }, 'projects.0.name: "kube" is not allowed; expected task namespaces outside Kubernetes\' own'],
    ['the release namespace equal to a task namespace', { namespace: 'flytesnacks-development' }, 'namespace: "flytesnacks-development" is not allowed; expected a namespace other than every task namespace'],
    ['sslmode twice in the database options', { database: { ...validInput().database, options: 'sslmode=verify-full sslmode=disable' } }, 'database.options: "sslmode=verify-full sslmode=disable" is not allowed; expected sslmode once'],
    ['host= in the database options', { database: { ...validInput().database, options: 'sslmode=verify-full host=db.evil.example' } }, 'database.options: "sslmode=verify-full host=db.evil.example" is not allowed; expected no host= in the options'],
    ['Docker Hub as the private registry', { registry: { host: 'docker.io/library', pullSecret: 'p' } }, 'registry.host: "docker.io/library" is not allowed; expected a registry'],
    ['an empty list of ingress namespaces', { networkPolicy: { enabled: true, ingressNamespaces: [] } }, 'networkPolicy.ingressNamespaces: [] is not allowed; expected at least one namespace'],
  ])('%s is refused in one line (exit 2)', (_what, overrides, message) => {
    const root = tmpProject({ a: validInput(overrides as never) });
    expectOneLineRefusal(cli(['synth'], root), `enterprise-flyte: config/environments/a.yaml: ${message}`);
  });

  test('several policy violations are listed on one line, numbered, without an escaped newline', () => {
    const root = tmpProject({ a: validInput({ registry: undefined }) });
    const r = cli(['synth'], root);
    expectOneLineRefusal(r, 'enterprise-flyte: config/environments/a.yaml: policy check failed with 3 violations (waive a rule only with a reason, in policy.waivers): 1) [image-registry] ');
    expect(r.stderr).toContain(' 2) [image-registry] ');
    expect(r.stderr).toContain(' 3) [image-registry] ');
  });

  test('a negative --timeout-seconds is named with what is allowed', () => {
    const r = cli(['cluster', 'lookup', '--name', 'c', '--region', 'us-east-1', '--timeout-seconds', '-5'], tmpProject({}));
    expectOneLineRefusal(r, 'enterprise-flyte: --timeout-seconds: "-5" is not allowed; expected a number of seconds above 0 and at most 600');
  });

  test('a repository root this user cannot write: one line and exit code 5, not an internal error', () => {
    const root = tmpProject({ a: validInput() });
    // Owned by root, readable by all: nobody can read the environment but not write dist/ beside it.
    const r = cliAsNobody(['synth'], root);
    expect(r.stderr.split('\n').filter((l) => !l.includes('warning'))).toEqual([
      `enterprise-flyte: ${root}: cannot write there (permission denied); synth writes dist/ through a temporary folder beside it: make the folder writable (nothing was changed)`,
      '',
    ]);
    expect(r.status).toBe(5);
    expect(fs.readdirSync(root)).toEqual(['config']);
  });

  test('check does not follow a symbolic link that replaced a file of dist/', () => {
    const root = tmpProject({ a: validInput() });
    expect(cli(['synth'], root).status).toBe(0);
    const file = path.join(root, 'dist', 'a', 'images.json');
    const copy = path.join(os.tmpdir(), `images-${process.pid}.json`);
    fs.copyFileSync(file, copy);
    fs.rmSync(file);
    fs.symlinkSync(copy, file);
    const r = cli(['check'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `  type     dist/a/images.json (a symbolic link to ${JSON.stringify(copy)}, expected a file)\nenterprise-flyte: check: dist/ differs from a fresh synth in 1 file (listed above); run "npx cdk8s synth" (or "npm run synth") and commit dist/\n`,
    );
  });
});

/**
 * Inputs found by testing as a new user, run through the built CLI as a process: none may hang,
 * take minutes, or print raw control characters.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, ROOT, snapshotTree, tmpProject, validInput } from '../helpers';

const envFile = (root: string, name: string) => path.join(root, 'config', 'environments', `${name}.yaml`);

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
    ['/dev/zero', (file: string) => fs.symlinkSync('/dev/zero', file), 'is not a regular file (a device)'],
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

  test('a dist/ this user cannot change fails before anything is replaced (exit 2)', () => {
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
    expect(r.status).toBe(2);
    expect(snapshotTree(path.join(root, 'dist'))).toEqual(before);
    expect(fs.readdirSync(root).filter((n) => n.startsWith('.dist'))).toEqual([]);
  });
});

/** The entry point as a process: `node lib/enterprise-flyte.js` (built by `npm run build`) and the package bin. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, ROOT, tmpProject, validInput } from '../helpers';

describe('enterprise-flyte (process)', () => {
  test('--help prints the usage and exits 0', () => {
    const r = cli(['--help'], tmpProject({}));
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('usage: enterprise-flyte <command> [options]\n')).toBe(true);
    expect(r.stderr).toBe('');
  });

  test('no arguments print the usage and exit 2', () => {
    const r = cli([], tmpProject({}));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(cli(['--help'], tmpProject({})).stdout);
    expect(r.stderr).toBe('');
  });

  test('a user error: one line on stderr, no stack, exit 2', () => {
    const r = cli(['synth'], tmpProject({}));
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'enterprise-flyte: config/environments: no <env>.yaml files found\n' });
  });

  test('a service failure exits 3', () => {
    // Nothing listens on port 1 of the loopback: the registry is unreachable.
    const images = { flyteBinary: '127.0.0.1:1/org/flyte:v1', coPilot: '127.0.0.1:1/org/copilot:v1', waitForDb: '127.0.0.1:1/library/postgres:15' };
    const r = cli(['images', 'lock', '--insecure-registry', '127.0.0.1:1'], tmpProject({ a: validInput({ images }) }));
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^enterprise-flyte: 127\.0\.0\.1:1\/library\/postgres:15: cannot reach http:\/\/127\.0\.0\.1:1 /);
  });

  test('a command that succeeds exits 0 in the working directory it was started in', () => {
    const root = tmpProject({ a: validInput() });
    const r = cli(['synth'], root);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^synthesised a into dist\/ \(\d+ files\)\n$/);
  });

  test('the package bin (bin/enterprise-flyte.js) behaves the same', () => {
    const bin = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'enterprise-flyte.js'), ...args], { cwd: tmpProject({}), encoding: 'utf8', env: { PATH: process.env.PATH } });
    const help = bin(['--help']);
    expect([help.status, help.stdout]).toEqual([0, cli(['--help'], tmpProject({})).stdout]);
    const unknown = bin(['deploy']);
    expect([unknown.status, unknown.stderr]).toEqual([2, 'enterprise-flyte: unknown command "deploy"; expected one of: synth, check, diff, init, bundle, schema, images, cluster (see --help)\n']);
  });

  test('a code cache made from another bundle of the same length is not used (V8 compares lengths only)', () => {
    const dir = tmpProject({});
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'enterprise-flyte.js'), path.join(dir, 'bin', 'enterprise-flyte.js'));
    const bundle = (word: string) => fs.writeFileSync(path.join(dir, 'lib', 'enterprise-flyte.js'), `function say() { process.stdout.write('${word}'); }\nsay();\n`);
    const run = () => spawnSync(process.execPath, [path.join(dir, 'bin', 'enterprise-flyte.js')], { cwd: dir, encoding: 'utf8' }).stdout;
    bundle('alpha');
    expect(run()).toBe('alpha');
    expect(run()).toBe('alpha');
    expect(fs.existsSync(path.join(dir, 'lib', '.enterprise-flyte.js.cache'))).toBe(true);
    bundle('omega');
    expect(run()).toBe('omega');
  });

  test('a code cache written by a command that builds nothing is replaced by the next synth, and kept after that', () => {
    const dir = tmpProject({});
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'enterprise-flyte.js'), path.join(dir, 'bin', 'enterprise-flyte.js'));
    // V8 compiles `build` only when it runs: a cache from --help cannot hold it.
    fs.writeFileSync(
      path.join(dir, 'lib', 'enterprise-flyte.js'),
      "function build() { return 'built'; }\nfunction help() { return 'help'; }\nprocess.stdout.write(process.argv[2] === 'synth' ? build() : help());\n",
    );
    const cacheFile = path.join(dir, 'lib', '.enterprise-flyte.js.cache');
    const run = (arg: string) => spawnSync(process.execPath, [path.join(dir, 'bin', 'enterprise-flyte.js'), arg], { cwd: dir, encoding: 'utf8' }).stdout;
    expect(run('--help')).toBe('help');
    const light = fs.readFileSync(cacheFile);
    expect(run('--help')).toBe('help');
    expect(fs.readFileSync(cacheFile).equals(light)).toBe(true);
    expect(run('synth')).toBe('built');
    const full = fs.readFileSync(cacheFile);
    expect(full.equals(light)).toBe(false);
    for (const arg of ['synth', '--help']) {
      expect(run(arg)).toBe(arg === 'synth' ? 'built' : 'help');
      expect(fs.readFileSync(cacheFile).equals(full)).toBe(true);
    }
  });
});

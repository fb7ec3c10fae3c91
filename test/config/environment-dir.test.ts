import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assertInsideProject, listEnvironments } from '../../src/config/environment-dir';
import { ROOT, tmpProject, validInput } from '../helpers';

const dir = (root: string) => path.join(root, 'config', 'environments');
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('listEnvironments', () => {
  test('lists <env>.yaml files, sorted, and nothing else', () => {
    const root = tmpProject({ b: validInput(), a: validInput() }, { 'config/environments/README.md': 'notes', 'config/environments/a.yaml~': 'backup' });
    expect(listEnvironments(root)).toEqual(['a', 'b']);
  });

  test.each(['prod.yml', 'prod.YAML', 'prod.Yaml', 'prod.YML'])('a file named %s is refused with the name to use, not ignored', (name) => {
    const root = tmpProject({ a: validInput() }, { [`config/environments/${name}`]: 'release: x\n' });
    expect(errorOf(() => listEnvironments(root))).toBe(`config/environments/${name}: environment files are named "<env>.yaml"; rename it to prod.yaml`);
  });

  test('a .yml file next to the .yaml file of the same name is refused as a duplicate', () => {
    const root = tmpProject({ prod: validInput() }, { 'config/environments/prod.yml': 'release: x\n' });
    expect(errorOf(() => listEnvironments(root))).toBe('config/environments/prod.yml: environment files are named "<env>.yaml"; rename it to prod.yaml (or remove it: prod.yaml exists)');
  });

  test('a symbolic link to nothing is not an environment', () => {
    const root = tmpProject({ a: validInput() });
    fs.symlinkSync('gone.yaml', path.join(dir(root), 'b.yaml'));
    expect(listEnvironments(root)).toEqual(['a']);
  });

  test('a missing folder, a file in its place and an unreadable folder each get their own message', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-envdir-'));
    expect(errorOf(() => listEnvironments(root))).toBe('config/environments: no such directory; create it with one <env>.yaml file per environment');
    fs.mkdirSync(path.join(root, 'config'));
    fs.writeFileSync(path.join(root, 'config', 'environments'), '');
    expect(errorOf(() => listEnvironments(root))).toBe('config/environments: is not a folder; make it a folder with one <env>.yaml file per environment');
  });

  test('an unreadable folder is not reported as missing (as an unprivileged user: root reads anything)', () => {
    const root = tmpProject({ a: validInput() });
    fs.chmodSync(dir(root), 0o000);
    // The project itself writable, so that the run gets as far as reading the folder.
    fs.chmodSync(root, 0o777);
    fs.chmodSync(path.join(root, 'config'), 0o755);
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.join(ROOT, 'lib', 'enterprise-flyte.js'), 'synth'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: root } });
    fs.chmodSync(dir(root), 0o755);
    expect(r.stderr).toBe('enterprise-flyte: config/environments: cannot be read (permission denied); make the folder readable by this user\n');
    expect(r.status).toBe(2);
  });
});

describe('assertInsideProject', () => {
  test('a link inside the project is followed; one outside it is refused; a link to nothing is named', () => {
    const root = tmpProject({ a: validInput() });
    fs.symlinkSync('a.yaml', path.join(dir(root), 'b.yaml'));
    expect(() => assertInsideProject(root, path.join(dir(root), 'b.yaml'), 'config/environments/b.yaml')).not.toThrow();
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ef-outside-')), 'prod.yaml');
    fs.writeFileSync(outside, 'release: x\n');
    fs.symlinkSync(outside, path.join(dir(root), 'c.yaml'));
    expect(errorOf(() => assertInsideProject(root, path.join(dir(root), 'c.yaml'), 'config/environments/c.yaml'))).toBe(
      `config/environments/c.yaml: is a symbolic link to ${JSON.stringify(fs.realpathSync(outside))}, outside the project; synth reads only files Git holds: copy the file into config/environments/`,
    );
    fs.symlinkSync('../nowhere.yaml', path.join(dir(root), 'd.yaml'));
    expect(errorOf(() => assertInsideProject(root, path.join(dir(root), 'd.yaml'), 'config/environments/d.yaml'))).toBe(
      'config/environments/d.yaml: is a symbolic link to "../nowhere.yaml", which does not exist; point it at an environment file or remove it',
    );
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { authFiles, credentialsFromAuthFiles } from '../../src/images/credentials';

// Dummy values only: nothing here is a real credential.
const b64 = (s: string) => Buffer.from(s).toString('base64');

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ef-auth-'));
}

function write(file: string, data: unknown): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

describe('authFiles', () => {
  test('REGISTRY_AUTH_FILE comes first, then the default files, like skopeo', () => {
    expect(authFiles({ REGISTRY_AUTH_FILE: '/x/auth.json', HOME: '/home/u' })).toEqual(['/x/auth.json', '/home/u/.config/containers/auth.json', '/home/u/.docker/config.json']);
  });

  test('XDG_RUNTIME_DIR, then docker config', () => {
    expect(authFiles({ XDG_RUNTIME_DIR: '/run/user/7', HOME: '/home/u' })).toEqual(['/run/user/7/containers/auth.json', '/home/u/.docker/config.json']);
  });

  test('without XDG_RUNTIME_DIR, ~/.config/containers/auth.json', () => {
    expect(authFiles({ HOME: '/home/v' })).toEqual(['/home/v/.config/containers/auth.json', '/home/v/.docker/config.json']);
  });
});

describe('credentialsFromAuthFiles', () => {
  test('reads a static entry for a host with a port', () => {
    const home = tmpDir();
    write(path.join(home, '.config/containers/auth.json'), { auths: { 'mirror.example:5000': { auth: b64('alice:example-secret') } } });
    const lookup = credentialsFromAuthFiles({ HOME: home });
    expect(lookup('mirror.example:5000')).toEqual({ username: 'alice', password: 'example-secret' });
    expect(lookup('mirror.example')).toBeUndefined();
  });

  test('keeps colons in the password', () => {
    const file = write(path.join(tmpDir(), 'a.json'), { auths: { 'r.example': { auth: b64('bob:pa:ss') } } });
    expect(credentialsFromAuthFiles({ REGISTRY_AUTH_FILE: file, HOME: tmpDir() })('r.example')).toEqual({ username: 'bob', password: 'pa:ss' });
  });

  test('finds Docker Hub under its historical v1 key in the docker config', () => {
    const home = tmpDir();
    write(path.join(home, '.docker/config.json'), { auths: { 'https://index.docker.io/v1/': { auth: b64('carol:example-token') } } });
    expect(credentialsFromAuthFiles({ HOME: home })('docker.io')).toEqual({ username: 'carol', password: 'example-token' });
  });

  test('the containers auth file wins over the docker config', () => {
    const home = tmpDir();
    write(path.join(home, '.config/containers/auth.json'), { auths: { 'q.example': { auth: b64('first:one') } } });
    write(path.join(home, '.docker/config.json'), { auths: { 'q.example': { auth: b64('second:two') } } });
    expect(credentialsFromAuthFiles({ HOME: home })('q.example')?.username).toBe('first');
  });

  test('no files, or no entry, means anonymous', () => {
    expect(credentialsFromAuthFiles({ HOME: tmpDir() })('any.example')).toBeUndefined();
    const file = write(path.join(tmpDir(), 'a.json'), { credHelpers: { 'r.example': 'ecr-login' } });
    expect(credentialsFromAuthFiles({ REGISTRY_AUTH_FILE: file, HOME: tmpDir() })('r.example')).toBeUndefined();
  });

  test('a broken file is named in one line', () => {
    const file = write(path.join(tmpDir(), 'broken.json'), '{');
    expect(() => credentialsFromAuthFiles({ REGISTRY_AUTH_FILE: file, HOME: tmpDir() })('r.example')).toThrow(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid JSON \\(.+\\); fix it or set REGISTRY_AUTH_FILE to another auth file$`),
    );
    const bad = write(path.join(tmpDir(), 'bad.json'), { auths: { 'r.example': { auth: b64('no-colon') } } });
    expect(() => credentialsFromAuthFiles({ REGISTRY_AUTH_FILE: bad, HOME: tmpDir() })('r.example')).toThrow(
      `${bad}: auths.r.example.auth is not base64 of "user:password"; run "skopeo login r.example" again`,
    );
  });
});

import { App, Chart } from 'cdk8s';
import { DatabasePassword } from '../../src/constructs/database-password';

const make = (secretName: string, key: string) => new DatabasePassword(new Chart(new App({ outdir: '.' }), 'c'), 'P', { secretName, key });

describe('DatabasePassword', () => {
  test('projects the one key to a fixed file, read-only, group-readable', () => {
    const p = make('creds-z', 'pg.pass');
    expect(p.volume).toEqual({ name: 'db-secret', secret: { secretName: 'creds-z', defaultMode: 0o440, items: [{ key: 'pg.pass', path: 'password' }] } });
    expect(p.volumeMount).toEqual({ name: 'db-secret', mountPath: '/etc/db-secret', readOnly: true });
    expect(p.passwordPath).toBe('/etc/db-secret/password');
  });

  test('renders no object: the Secret is created outside Git', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'c');
    new DatabasePassword(chart, 'P', { secretName: 's', key: 'k' });
    expect(chart.toJson()).toEqual([]);
  });

  test('validates name and key', () => {
    expect(() => make('Creds', 'k')).toThrow('DatabasePassword secretName: "Creds" is not allowed');
    expect(() => make('c', 'a/b')).toThrow('DatabasePassword key: "a/b" is not allowed; expected a Secret data key');
  });
});

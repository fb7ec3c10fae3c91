import { Chart, Testing } from 'cdk8s';
import { CaBundle } from '../../src/constructs/ca-bundle';

const chart = () => new Chart(Testing.app(), 'c');

describe('CaBundle', () => {
  test('from a ConfigMap: the key projected read-only (0444) to a fixed file of the trusted folder', () => {
    const b = new CaBundle(chart(), 'Trusted', { configMap: 'corp-ca', key: 'corp.pem', purpose: 'trusted' });
    expect(b.path).toBe('/etc/ssl/flyte-ca/ca-bundle.crt');
    expect(b.volume).toEqual({ name: 'ca-bundle', configMap: { name: 'corp-ca', defaultMode: 0o444, items: [{ key: 'corp.pem', path: 'ca-bundle.crt' }] } });
    expect(b.volumeMount).toEqual({ name: 'ca-bundle', mountPath: '/etc/ssl/flyte-ca', readOnly: true });
    expect(b.source).toEqual({ kind: 'ConfigMap', name: 'corp-ca', key: 'corp.pem' });
  });

  test('from a Secret, for the database: its own volume and folder', () => {
    const b = new CaBundle(chart(), 'Db', { secret: 'rds-ca', key: 'rds.pem', purpose: 'database' });
    expect(b.path).toBe('/etc/ssl/flyte-db-ca/root.crt');
    expect(b.volume).toEqual({ name: 'db-ca-bundle', secret: { secretName: 'rds-ca', defaultMode: 0o444, items: [{ key: 'rds.pem', path: 'root.crt' }] } });
    expect(b.volumeMount).toEqual({ name: 'db-ca-bundle', mountPath: '/etc/ssl/flyte-db-ca', readOnly: true });
  });

  test('renders no object: the ConfigMap or Secret is the operator\'s', () => {
    const c = chart();
    new CaBundle(c, 'T', { configMap: 'corp-ca', key: 'ca.crt', purpose: 'trusted' });
    expect(c.toJson()).toEqual([]);
  });

  test.each([
    [{ key: 'ca.crt' }, 'c/X: expected exactly one of configMap and secret (and key)'],
    [{ configMap: 'a', secret: 'b', key: 'ca.crt' }, 'c/X: expected exactly one of configMap and secret (and key)'],
    [{ configMap: 'Corp_CA', key: 'ca.crt' }, 'c/X: configMap: "Corp_CA" is not allowed'],
    [{ secret: 'ca', key: '..ca' }, 'c/X: key: "..ca" is not allowed'],
  ])('refuses %j', (props, message) => {
    expect(() => new CaBundle(chart(), 'X', { ...props, purpose: 'trusted' } as any)).toThrow(message);
  });
});

describe('CaBundle as a part of a pod', () => {
  test('hands out a read-only mount of its folder that carries its volume; the optional mount carries an optional copy', () => {
    const b = new CaBundle(chart(), 'Parts', { secret: 'ca-parts', key: 'ca.pem', purpose: 'database' });
    expect(b.mount).toEqual({ path: '/etc/ssl/flyte-db-ca', volume: b.asVolume(), readOnly: true });
    expect(b.asVolume().toKube()).toEqual(b.volume);
    expect(b.optionalMount.path).toBe('/etc/ssl/flyte-db-ca');
    expect(b.optionalMount.volume.name).toBe('db-ca-bundle');
    expect(b.optionalMount.volume.toKube().secret).toEqual({ secretName: 'ca-parts', defaultMode: 0o444, items: [{ key: 'ca.pem', path: 'root.crt' }], optional: true });
    expect(b.optionalMount.volume).not.toBe(b.asVolume());
  });
});

import { App, Chart } from 'cdk8s';
import { DatabasePassword, DatabasePasswordProps } from '../../src/constructs/database-password';

function make(props: Partial<DatabasePasswordProps> = {}) {
  const chart = new Chart(new App({ outdir: '.' }), 'c');
  const password = new DatabasePassword(chart, 'P', { secretName: 'creds-z', key: 'pg.pass', namespace: 'ns-z', ...props });
  return { password, objects: chart.toJson() };
}

describe('DatabasePassword', () => {
  test('projects the one key to a fixed file, read-only, group-readable', () => {
    const { password } = make();
    expect(password.volume).toEqual({ name: 'db-secret', secret: { secretName: 'creds-z', defaultMode: 0o440, items: [{ key: 'pg.pass', path: 'password' }] } });
    expect(password.volumeMount).toEqual({ name: 'db-secret', mountPath: '/etc/db-secret', readOnly: true });
    expect(password.passwordPath).toBe('/etc/db-secret/password');
  });

  test('existing-secret mode renders no object: the Secret is created outside Git', () => {
    expect(make().objects).toEqual([]);
  });

  test('external-secret mode syncs one key of a Secrets Manager secret into the mounted Secret', () => {
    const { objects, password } = make({
      labels: { l: 'v' },
      externalSecret: { storeName: 'aws-sm', storeKind: 'SecretStore', remoteKey: 'prod/flyte/db', property: 'password', refreshInterval: '15m' },
    });
    expect(objects).toEqual([
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'creds-z', namespace: 'ns-z', labels: { l: 'v' } },
        spec: {
          refreshInterval: '15m',
          secretStoreRef: { name: 'aws-sm', kind: 'SecretStore' },
          target: { name: 'creds-z', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
          data: [{ secretKey: 'pg.pass', remoteRef: { key: 'prod/flyte/db', property: 'password' } }],
        },
      },
    ]);
    // The pod side does not change with the mode.
    expect(password.volume).toEqual(make().password.volume);
    expect(password.passwordPath).toBe('/etc/db-secret/password');
  });

  test('external-secret defaults: ClusterSecretStore, hourly refresh, whole value', () => {
    const [es] = make({ externalSecret: { storeName: 'aws-sm', remoteKey: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' } }).objects;
    expect(es.spec.secretStoreRef.kind).toBe('ClusterSecretStore');
    expect(es.spec.refreshInterval).toBe('1h');
    expect(es.spec.data[0].remoteRef).toEqual({ key: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' });
  });

  test('validates props', () => {
    expect(() => make({ secretName: 'Creds' })).toThrow('c/P: secretName: "Creds" is not allowed');
    expect(() => make({ key: 'a/b' })).toThrow('c/P: key: "a/b" is not allowed; expected a Secret data key');
    expect(() => make({ namespace: 'NS' })).toThrow('c/P: namespace: "NS" is not allowed');
    expect(() => make({ externalSecret: { storeName: 'Store', remoteKey: 'k' } })).toThrow('c/P: externalSecret.storeName: "Store" is not allowed');
    expect(() => make({ externalSecret: { storeName: 's', remoteKey: 'a b' } })).toThrow('c/P: externalSecret.remoteKey: "a b" is not allowed; expected a Secrets Manager secret name or ARN');
    expect(() => make({ externalSecret: { storeName: 's', remoteKey: 'k', refreshInterval: 'hourly' } })).toThrow('c/P: externalSecret.refreshInterval: "hourly" is not allowed');
  });
});

describe('DatabasePassword as a part of a pod', () => {
  test('hands out the read-only mount of the password folder, carrying its volume', () => {
    const { password } = make({ secretName: 'creds-m', key: 'pw.m' });
    expect(password.mount).toEqual({ path: '/etc/db-secret', volume: password.asVolume(), readOnly: true });
    expect(password.asVolume().toKube()).toEqual({ name: 'db-secret', secret: { secretName: 'creds-m', defaultMode: 0o440, items: [{ key: 'pw.m', path: 'password' }] } });
    expect(password.passwordPath).toBe(`${password.mount.path}/password`);
  });
});

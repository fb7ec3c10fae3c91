import { App, Chart } from 'cdk8s';
import { ReferencedSecret, ReferencedSecretProps } from '../../src/constructs/referenced-secret';

function make(props: Partial<ReferencedSecretProps> = {}) {
  const chart = new Chart(new App({ outdir: '.' }), 'c');
  const secret = new ReferencedSecret(chart, 'S', { secretName: 'ref-z', namespace: 'ns-z', keys: [{ key: 'k1' }], ...props });
  return { secret, objects: chart.toJson() };
}

describe('ReferencedSecret', () => {
  test('an operator-made Secret renders nothing: only its name and keys are known', () => {
    const { secret, objects } = make({ keys: [{ key: 'k1' }, { key: 'k2.yaml' }] });
    expect(objects).toEqual([]);
    expect(secret.secretName).toBe('ref-z');
    expect(secret.keys).toEqual(['k1', 'k2.yaml']);
    expect(secret.synced).toBe(false);
  });

  test('synced: an ExternalSecret owning the Secret, one data entry per key', () => {
    const { secret, objects } = make({
      keys: [{ key: 'k1', property: 'p1' }, { key: 'k2' }],
      sync: { storeName: 'store-z', remoteKey: 'prod/z', refreshInterval: '10m' },
      labels: { l: 'v' },
    });
    expect(secret.synced).toBe(true);
    expect(objects).toEqual([{
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'ref-z', namespace: 'ns-z', labels: { l: 'v' } },
      spec: {
        refreshInterval: '10m',
        secretStoreRef: { name: 'store-z', kind: 'ClusterSecretStore' },
        target: { name: 'ref-z', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        data: [{ secretKey: 'k1', remoteRef: { key: 'prod/z', property: 'p1' } }, { secretKey: 'k2', remoteRef: { key: 'prod/z' } }],
      },
    }]);
  });

  test('a template renders every key from values fetched under neutral names', () => {
    const { objects } = make({
      keys: [{ key: 'plain', property: 'a' }, { key: 'file.yaml', property: 'b', template: 'x: "{{ .value }}"\n' }],
      sync: { storeName: 'store-z', storeKind: 'SecretStore', remoteKey: 'prod/z' },
    });
    const spec = (objects[0] as any).spec;
    expect(spec.secretStoreRef.kind).toBe('SecretStore');
    expect(spec.refreshInterval).toBe('1h');
    expect(spec.data).toEqual([{ secretKey: 'value0', remoteRef: { key: 'prod/z', property: 'a' } }, { secretKey: 'value1', remoteRef: { key: 'prod/z', property: 'b' } }]);
    expect(spec.target.template).toEqual({ data: { plain: '{{ .value0 }}', 'file.yaml': 'x: "{{ .value1 }}"\n' } });
  });

  test.each([
    ['no key', { keys: [] }, 'c/S: keys: [] is not allowed'],
    ['a duplicate key', { keys: [{ key: 'a' }, { key: 'a' }] }, 'c/S: keys: ["a","a"] is not allowed; expected distinct keys'],
    ['a bad key', { keys: [{ key: 'a/b' }] }, 'c/S: keys: "a/b" is not allowed'],
    ['a bad name', { secretName: 'Ref' }, 'c/S: secretName: "Ref" is not allowed'],
    ['a bad remote key', { sync: { storeName: 's', remoteKey: 'a b' } }, 'c/S: sync.remoteKey: "a b" is not allowed'],
    ['a bad property', { keys: [{ key: 'k', property: 'a b' }], sync: { storeName: 's', remoteKey: 'k' } }, 'c/S: keys property: "a b" is not allowed'],
  ] as Array<[string, Partial<ReferencedSecretProps>, string]>)('refuses %s', (_what, props, message) => {
    expect(() => make(props)).toThrow(message);
  });
});

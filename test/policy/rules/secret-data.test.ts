import { expectOnly } from './fixture';

test('secret-data: a violating fixture is reported, and only that', () => {
  expectOnly('secret-data', (o) => {
    o.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'ns-a' }, stringData: { password: 'not-a-real-one' } });
    return '[secret-data] Secret/db data: the Secret carries data into Git';
  });
});

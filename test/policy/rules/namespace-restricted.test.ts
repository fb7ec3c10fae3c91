import { expectOnly } from './fixture';

test('namespace-restricted: a violating fixture is reported, and only that', () => {
  expectOnly('namespace-restricted', (o) => {
    o.find((x) => x.kind === 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline';
    return '[namespace-restricted] Namespace/ns-a metadata.labels: the Namespace does not enforce the restricted profile';
  });
});

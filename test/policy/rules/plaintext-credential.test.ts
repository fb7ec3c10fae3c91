import { expectOnly, flyte, good, lines } from './fixture';

test('plaintext-credential: a violating fixture is reported, and only that', () => {
  expectOnly('plaintext-credential', (o) => {
    flyte(o).env.push({ name: 'DB_PASSWORD', value: 'not-a-real-one' });
    return '[plaintext-credential] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].env[DB_PASSWORD]: variable DB_PASSWORD looks like a plaintext credential';
  });
});

test('credential-looking values are caught whatever the key', () => {
  const objects = good();
  flyte(objects).env.push({ name: 'DATABASE_URL', value: 'postgres://flyte:s3cr3t@db:5432/flyte' });
  expect(lines(objects)).toEqual(['[plaintext-credential] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].env[DATABASE_URL]: variable DATABASE_URL looks like a plaintext credential']);
});

test('credentials in annotations and labels of any object, and of the pod template, are caught', () => {
  const objects = good();
  const svc = objects.find((x) => x.kind === 'Service' && x.metadata.name === 'rel-a-flyte-binary-http');
  svc.metadata.annotations = { 'corp.io/hook': 'https://robot:Zq81x@hooks.corp.example/', 'corp.io/plain': 'internal' };
  const deployment = objects.find((x) => x.kind === 'Deployment');
  deployment.spec.template.metadata.annotations = { ...deployment.spec.template.metadata.annotations, 'corp.io/key': `AKIA${'Q7'.repeat(8)}` };
  deployment.metadata.labels = { ...deployment.metadata.labels, 'corp.io/token': `ASIA${'Z9'.repeat(8)}` };
  expect(lines(objects)).toEqual([
    '[plaintext-credential] Service/rel-a-flyte-binary-http metadata.annotations[corp.io/hook]: annotation corp.io/hook looks like a plaintext credential',
    '[plaintext-credential] Deployment/rel-a-flyte-binary metadata.labels[corp.io/token]: label corp.io/token looks like a plaintext credential',
    '[plaintext-credential] Deployment/rel-a-flyte-binary spec.template.metadata.annotations[corp.io/key]: pod annotation corp.io/key looks like a plaintext credential',
  ]);
});

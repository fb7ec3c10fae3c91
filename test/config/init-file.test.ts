import { CORE_SCHEMA, load } from 'js-yaml';
import { applies, checkAnswer, INIT_QUESTIONS, initFileText } from '../../src/config/init-file';
import { schemaAt } from '../../src/config/schema-nav';
import { specOf } from '../helpers';

const answers = {
  release: 'rel-i',
  namespace: 'ns-i',
  'flyte-version': 'v1.2.3',
  'database-host': 'db.i.internal',
  'database-name': 'db_i',
  'database-username': 'user_i',
  'password-secret': 'pw-i',
  'password-key': 'key-i',
  region: 'ap-southeast-2',
  'metadata-bucket': 'meta-i',
  'userdata-bucket': 'user-i',
  'role-arn': 'arn:aws:iam::123456789012:role/role-i',
};

describe('initFileText', () => {
  test('every answer lands at its key, and the file validates', () => {
    const text = initFileText('i', { ...answers, registry: 'reg.i:5000', 'pull-secret': 'pull-i', 'ingress-host': 'flyte.i.example', 'ingress-class': 'class-i' });
    const spec = specOf(load(text, { schema: CORE_SCHEMA }));
    expect(spec).toMatchObject({
      release: 'rel-i',
      namespace: 'ns-i',
      flyte: { version: 'v1.2.3' },
      registry: { host: 'reg.i:5000', pullSecret: 'pull-i' },
      database: { host: 'db.i.internal', name: 'db_i', username: 'user_i', port: 5432, options: 'sslmode=require', passwordSecret: { name: 'pw-i', key: 'key-i' } },
      storage: { provider: 's3', region: 'ap-southeast-2', metadataBucket: 'meta-i', userDataBucket: 'user-i' },
      serviceAccount: { roleArn: 'arn:aws:iam::123456789012:role/role-i' },
      ingress: { host: 'flyte.i.example', className: 'class-i' },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
    });
    expect(spec.policy).toBeUndefined();
    // Not an ALB: nothing about its backend protocol.
    expect(spec.ingress!.grpcAnnotations).toBeUndefined();
  });

  test('--ingress-class alb: the gRPC Ingress speaks GRPC to the pod (flyteorg/flyte PR #2702), the HTTP one is left alone; both target the pods (ip, flyteorg/flyte#2743)', () => {
    const text = initFileText('i', { ...answers, 'ingress-host': 'flyte.i.example', 'ingress-class': 'alb' });
    const spec = specOf(load(text, { schema: CORE_SCHEMA }));
    expect(spec.ingress).toEqual({
      host: 'flyte.i.example', className: 'alb',
      annotations: { 'alb.ingress.kubernetes.io/target-type': 'ip' },
      grpcAnnotations: { 'alb.ingress.kubernetes.io/backend-protocol-version': 'GRPC' },
    });
    expect(text).toContain('  # Annotations on the gRPC Ingress only.\n  grpcAnnotations:\n    alb.ingress.kubernetes.io/backend-protocol-version: GRPC\n');
  });

  test('comments each key with its schema description, keeps schema order, lists what is left out', () => {
    const text = initFileText('i', answers);
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '# yaml-language-server: $schema=../../schemas/environment.schema.json',
      '# Environment "i", written by "enterprise-flyte init". Synthesise with "npm run synth".',
      '# Release name; objects are named "<release>-flyte-binary[-...]" like the upstream chart.',
      'release: rel-i',
    ]);
    expect(text).toContain('  # Database user.\n  username: user_i\n');
    const top = lines.filter((l) => /^[a-zA-Z]+:/.test(l)).map((l) => l.split(':')[0]);
    expect(top).toEqual(['release', 'namespace', 'flyte', 'database', 'storage', 'serviceAccount', 'resources', 'policy']);
    // Without a registry the images come from public registries: the policy waiver says so.
    expect(text).toContain('    - rule: image-registry\n');
    expect(text).toContain('#   registry: Private registry that mirrors every image.\n');
    expect(text).toContain('#   networkPolicy: Network isolation of the Flyte pod.\n');
  });

  test('refuses to produce a file synth would refuse', () => {
    expect(() => initFileText('i', { ...answers, release: 'Bad_Release' })).toThrow(/^config\/environments\/i\.yaml: release: "Bad_Release" is not allowed/);
  });
});

describe('INIT_QUESTIONS', () => {
  test('each question points at a string field of the schema, and each flag is unique', () => {
    for (const q of INIT_QUESTIONS) expect([q.flag, schemaAt(q.path) !== undefined]).toEqual([q.flag, true]);
    expect(new Set(INIT_QUESTIONS.map((q) => q.flag)).size).toBe(INIT_QUESTIONS.length);
  });

  test('checkAnswer says what is allowed; applies follows the answer a question requires', () => {
    const region = INIT_QUESTIONS.find((q) => q.flag === 'region')!;
    expect(checkAnswer(region, 'eu-west-1')).toBeUndefined();
    expect(checkAnswer(region, 'europe')).toBe('"europe" is not allowed; expected an AWS region code such as "us-east-1" or "us-gov-west-1"');
    const pull = INIT_QUESTIONS.find((q) => q.flag === 'pull-secret')!;
    expect(applies(pull, {})).toBe(false);
    expect(applies(pull, { registry: '' })).toBe(false);
    expect(applies(pull, { registry: 'r.example' })).toBe(true);
  });
});

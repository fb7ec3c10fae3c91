import { randomBytes } from 'crypto';
import { OUTPUT_RULE, scanOutput } from '../../src/policy/output-scan';
import { generate } from '../../src/synth/generate';
import { tarGz } from '../../src/synth/tar';
import { tmpProject, validInput } from '../helpers';

// Credentials are made at test time, never written in a test or fixture.
const upper = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(65 + (b % 26))).join('');
const accessKeyId = () => `AKIA${upper(16)}`;
const basic = () => Buffer.from(`u${upper(4)}:${upper(12)}`).toString('base64');

async function failure(input: unknown): Promise<string> {
  try {
    await generate(tmpProject({ a: input }));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail');
}

describe('scanOutput', () => {
  test('finds credential shapes and secret-named keys in YAML, JSON, text and inside archives, naming where and never the value', async () => {
    const key = accessKeyId();
    const archive = await tarGz([{ path: 'inner/values.yaml', content: `auth:\n  apiToken: ${upper(20)}\n` }]);
    const findings = await scanOutput([
      { path: 'manifests/a.yaml', content: `kind: ConfigMap\nmetadata:\n  annotations:\n    corp.io/db-password: ${upper(10)}\ndata:\n  x: "${key}"\n` },
      { path: 'values.json', content: JSON.stringify({ env: [{ name: 'REGISTRY_AUTH', value: basic() }] }) },
      { path: 'scripts/run.sh', content: `echo hi\ncurl -H "Authorization: Basic ${basic()}" x\n` },
      { path: 'pkg.tgz', content: archive },
    ]);
    expect(findings.map((f) => [f.rule, f.object, f.field, f.message])).toEqual([
      [OUTPUT_RULE, 'manifests/a.yaml', 'metadata.annotations.corp.io/db-password', 'a key that names a secret (corp.io/db-password) with a value (the value is not shown)'],
      [OUTPUT_RULE, 'manifests/a.yaml', 'data.x', 'an AWS access key id in a string (the value is not shown)'],
      [OUTPUT_RULE, 'values.json', 'env[0][REGISTRY_AUTH]', 'a variable that names a secret (REGISTRY_AUTH) with a literal value (the value is not shown)'],
      [OUTPUT_RULE, 'scripts/run.sh', 'line 2', 'HTTP basic credentials (Authorization: Basic) (the value is not shown)'],
      [OUTPUT_RULE, 'pkg.tgz:inner/values.yaml', 'auth.apiToken', 'a key that names a secret (apiToken) with a value (the value is not shown)'],
    ]);
    expect(JSON.stringify(findings)).not.toContain(key);
  });

  test('references are not secrets: Secret names under their keys, paths, placeholders, booleans; a copy is judged once', async () => {
    const content = 'pullSecret: pull-a\ntlsSecret: tls-a\npasswordPath: /etc/db-secret/password\ntoken: "{{ .Values.x }}"\nautomountServiceAccountToken: false\nsecret: {name: a}\n';
    expect(await scanOutput([{ path: 'a.yaml', content }, { path: 'b.yaml', content }])).toEqual([]);
    const same = `corp.io/api-token: ${upper(8)}\n`;
    expect((await scanOutput([{ path: 'a.yaml', content: same }, { path: 'copy.yaml', content: same }])).map((f) => f.object)).toEqual(['a.yaml']);
  });
});

describe('at synth: the forms the field-by-field checks missed are refused, a waiver lets one file through', () => {
  const pod = (p: Record<string, unknown>) => validInput({ pod: p as never });
  test.each([
    ['an annotation key that names a secret', () => pod({ annotations: { 'corp.io/db-password': upper(12) } }), 'a key that names a secret (corp.io/db-password) with a value'],
    ['a label key that names a secret', () => pod({ labels: { 'corp.io/api-token': upper(12).toLowerCase() } }), 'a key that names a secret (corp.io/api-token) with a value'],
    ['an access key id as a toleration value', () => pod({ tolerations: [{ key: 'dedicated', value: accessKeyId(), effect: 'NoSchedule' }] }), 'an AWS access key id in a string'],
    ['a *_AUTH variable', () => pod({ env: [{ name: 'REGISTRY_AUTH', value: basic() }] }), 'a variable that names a secret (REGISTRY_AUTH) with a literal value'],
  ])('%s', async (_what, input, what) => {
    const message = await failure(input());
    expect(message).toMatch(/^config\/environments\/a\.yaml: policy check failed with [0-9]+ violations? \(waive a rule only with a reason, in policy\.waivers\): (1\) )?\[credential-in-output\] manifests\/18-deployment-rel-a-flyte-binary\.yaml /);
    expect(message).toContain(what);
    expect(message).not.toContain('\n');
  });

  test('a waiver for each file that holds it lets it through, and the synth reports it', async () => {
    const input = { ...pod({ annotations: { 'corp.io/db-password': 'not-a-secret-a-label' } }), policy: { waivers: [
      { rule: 'credential-in-output', object: 'manifests/18-deployment-rel-a-flyte-binary.yaml', reason: 'the annotation holds a placeholder, reviewed' },
      { rule: 'credential-in-output', object: 'chart/templates/18-deployment-rel-a-flyte-binary.yaml', reason: 'the annotation holds a placeholder, reviewed' },
    ] } };
    const result = await generate(tmpProject({ a: input }));
    expect(result.warnings.filter((w) => w.includes('waived'))).toEqual(['config/environments/a.yaml: 2 findings waived by credential-in-output: the annotation holds a placeholder, reviewed']);
  });
});

/**
 * Whole-output guarantees, checked on everything synth writes (archives unpacked too): no Secret
 * with data, no credential-looking string, no `latest` image. For the committed environments and
 * for one whose database password comes from AWS Secrets Manager.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { synth } from '../src/synth/synth';
import { parseAll } from '../src/synth/yaml';
import { distObjects, flyteConfigOf } from './conformance/config-of';
import { ROOT, tmpProject, validInput } from './helpers';

/** Every text file under `dir`, with .tgz/.tar.gz archives unpacked (recursively). */
function texts(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, label: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const l = `${label}/${e.name}`;
      if (e.isDirectory()) walk(p, l);
      else if (/\.(tgz|tar\.gz)$/.test(e.name)) {
        const x = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-unpack-'));
        execFileSync('tar', ['-xzf', p, '-C', x]);
        walk(x, `${l}!`);
      } else out.set(l, fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir, '');
  return out;
}

const CREDENTIAL = /(AKIA|ASIA)[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|aws_secret_access_key|[a-z][a-z0-9+.-]*:\/\/[^/\s:@"]+:[^/\s@"]+@/i;

function guarantees(dir: string): { files: number; secrets: string[]; latest: string[]; credentials: string[] } {
  const all = texts(dir);
  const secrets: string[] = [];
  const latest: string[] = [];
  const credentials: string[] = [];
  for (const [file, text] of all) {
    if (/:latest\b/.test(text)) latest.push(file);
    if (CREDENTIAL.test(text)) credentials.push(file);
    if (/\.ya?ml$/.test(file)) {
      for (const doc of parseAll(text) as any[]) {
        if (doc?.kind === 'Secret' && (doc.data || doc.stringData)) secrets.push(file);
      }
    }
  }
  return { files: all.size, secrets, latest, credentials };
}

describe('what synth writes holds no secret and no latest image', () => {
  test('the committed dist/, archives included', () => {
    const g = guarantees(path.join(ROOT, 'dist'));
    expect(g.files).toBeGreaterThan(150);
    expect([g.secrets, g.latest, g.credentials]).toEqual([[], [], []]);
  });

  test('an environment with its password in AWS Secrets Manager: an ExternalSecret, no Secret', async () => {
    const env: any = validInput();
    env.database.passwordSecret = { name: 'flyte-db', key: 'password', source: 'externalSecret', externalSecret: { storeName: 'aws-sm', remoteKey: 'prod/flyte/db', property: 'password' } };
    const root = tmpProject({ sm: env });
    const out = path.join(root, 'dist');
    await synth({ root, outdir: out });
    const g = guarantees(out);
    expect([g.secrets, g.latest, g.credentials]).toEqual([[], [], []]);
    const es = YAML.parse(fs.readFileSync(path.join(out, 'sm/manifests', fs.readdirSync(path.join(out, 'sm/manifests')).find((f) => f.includes('externalsecret'))!), 'utf8'));
    expect(es.kind).toBe('ExternalSecret');
    expect(es.spec.target.name).toBe('flyte-db');
    expect(es.spec.data).toEqual([{ secretKey: 'password', remoteRef: { key: 'prod/flyte/db', property: 'password' } }]);
    // The pod mounts the Secret the ExternalSecret creates, at the same path as ever.
    const deployment = YAML.parse(fs.readFileSync(path.join(out, 'sm/manifests/18-deployment-rel-a-flyte-binary.yaml'), 'utf8'));
    expect(deployment.spec.template.spec.volumes.find((v: any) => v.name === 'db-secret').secret.secretName).toBe('flyte-db');
    // And the chart carries it too.
    expect(fs.readdirSync(path.join(out, 'sm/chart/templates')).some((f) => f.includes('externalsecret'))).toBe(true);
  });

  test('the scan finds what it looks for (it is not vacuous)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-scan-'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\nstringData: {password: hunter22}\n');
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'image: cr.flyte.org/flyteorg/flyte-binary:latest\nurl: postgres://flyte:pw@db:5432/flyte\n');
    const g = guarantees(dir);
    expect([g.secrets, g.latest, g.credentials]).toEqual([['/a.yaml'], ['/b.yaml'], ['/b.yaml']]);
  });
});

/** Issue 11 acceptance: what the committed enterprise environment declares for workflows is in its dist/. */
describe('dist/enterprise shows the workflow settings it declares', () => {
  const dist = path.join(ROOT, 'dist', 'enterprise');
  const manifest = (f: string) => YAML.parse(fs.readFileSync(path.join(dist, 'manifests', f), 'utf8'));
  // What Flyte v1.16.8 reads from the pod's config folder (its own loader: the conformance harness).
  const flyte = flyteConfigOf(distObjects('enterprise'));
  const templates = () => manifest('07-configmap-flyte-backend-flyte-binary-cluster-resource-templates.yaml').data;
  const namespaces = (domains: string[]) => ['analytics', 'ml-training'].flatMap((p) => domains.map((d) => `system:serviceaccount:${p}-${d}:default`)).sort();
  const subjects = (file: string) => {
    const doc = JSON.parse(fs.readFileSync(path.join(dist, 'iam', file), 'utf8'));
    expect(doc.Statement).toHaveLength(1);
    return Object.entries(doc.Statement[0].Condition.StringEquals).find(([k]) => k.endsWith(':sub'))![1];
  };

  test('two projects and three domains', () => {
    expect(flyte.flyte.admin.seedProjects).toEqual(['analytics', 'ml-training']);
    expect(flyte.domains.map((d: any) => d.id)).toEqual(['development', 'staging', 'production']);
  });

  test('templates: namespace, ServiceAccount, quota, LimitRange', () => {
    expect(Object.keys(templates())).toEqual(['001_namespace.yaml', '002_serviceaccount.yaml', '003_resourcequota.yaml', '004_limitrange.yaml']);
    expect(YAML.parse(templates()['003_resourcequota.yaml']).spec.hard).toEqual({
      'limits.cpu': '{{ projectQuotaCpu }}', 'limits.memory': '{{ projectQuotaMemory }}', 'requests.nvidia.com/gpu': '{{ projectQuotaGpu }}', 'limits.ephemeral-storage': '{{ projectQuotaEphemeralStorage }}',
    });
  });

  test('customData: task roles and quotas per domain, production with its own', () => {
    const values = (d: Record<string, { value: string }>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.value]));
    const data = flyte.cluster_resources.customData;
    const shared = { defaultIamRole: 'arn:aws:iam::123456789012:role/flyte-tasks', projectQuotaCpu: '16', projectQuotaMemory: '64Gi', projectQuotaGpu: '2', projectQuotaEphemeralStorage: '100Gi' };
    expect(Object.keys(data).sort()).toEqual(['development', 'production', 'staging']);
    expect(values(data.development)).toEqual(shared);
    expect(values(data.staging)).toEqual(shared);
    expect(values(data.production)).toEqual({ defaultIamRole: 'arn:aws:iam::123456789012:role/flyte-tasks-production', projectQuotaCpu: '64', projectQuotaMemory: '256Gi', projectQuotaGpu: '8', projectQuotaEphemeralStorage: '400Gi' });
  });

  test('trust policies name exactly the declared project-domain ServiceAccounts of each role', () => {
    expect(fs.readdirSync(path.join(dist, 'iam')).filter((f) => f.startsWith('task-')).sort()).toEqual(['task-permissions-policy.json', 'task-trust-policy-production.json', 'task-trust-policy.json']);
    expect(subjects('task-trust-policy.json')).toEqual(namespaces(['development', 'staging']));
    expect(subjects('task-trust-policy-production.json')).toEqual(namespaces(['production']));
  });

  test('CloudWatch links and task resources', () => {
    expect(flyte.plugins.logs['cloudwatch-enabled']).toBe(true);
    expect(flyte.task_resources.limits).toEqual({ cpu: '4', memory: '16Gi', gpu: '1', ephemeralStorage: '20Gi' });
  });

  test('the chart exposes the shared task role as a value, with the environment\'s as default', () => {
    const values = YAML.parse(fs.readFileSync(path.join(dist, 'chart', 'values.yaml'), 'utf8'));
    expect(values.tasks).toEqual({ roleArn: 'arn:aws:iam::123456789012:role/flyte-tasks' });
    const schema = JSON.parse(fs.readFileSync(path.join(dist, 'chart', 'values.schema.json'), 'utf8'));
    expect(schema.properties.tasks.properties.roleArn.pattern).toBeDefined();
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { synth } from '../../src/synth/synth';
import { parseAll } from '../../src/synth/yaml';
import { flyteConfigOf } from '../conformance/config-of';
import { ROOT, specOf as envSpecOf, tmpProject, tool, validInput } from '../helpers';

/** dist/ of the committed environments plus one with every optional site value unset, synthesised fresh. */
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-helm-'));
const minimal = { ...validInput(), registry: undefined, ingress: undefined, policy: { waivers: [{ rule: 'image-registry', reason: 'no private registry in this test' }] } };
delete (minimal as any).registry;
delete (minimal as any).ingress;
// Values equal to the first choice of markers: the generator must pick others.
const collide = { ...validInput(), database: { ...validInput().database, port: 64101, host: 'zhv3z' }, resources: { requests: { cpu: '64201m', memory: '1Gi' }, limits: { cpu: '64202m', memory: '2Gi' } } };
let envs: string[];

beforeAll(async () => {
  const root = tmpProject({
    example: fs.readFileSync(path.join(ROOT, 'config/environments/example.yaml'), 'utf8'),
    enterprise: fs.readFileSync(path.join(ROOT, 'config/environments/enterprise.yaml'), 'utf8'),
    minimal,
    collide,
  }, fs.existsSync(path.join(ROOT, 'config/clusters')) ? Object.fromEntries(fs.readdirSync(path.join(ROOT, 'config/clusters')).map((f) => [`config/clusters/${f}`, fs.readFileSync(path.join(ROOT, 'config/clusters', f), 'utf8')])) : {});
  await synth({ root, outdir: out });
  envs = fs.readdirSync(out).sort();
});

const chartDir = (env: string) => path.join(out, env, 'chart');
const specOf = (env: string) => YAML.parse(fs.readFileSync(path.join(chartDir(env), 'Chart.yaml'), 'utf8'));

function template(env: string, ...args: string[]): any[] {
  const r = tool('helm', ['template', 'flyte-backend', chartDir(env), '-n', 'flyte', '--include-crds', ...args]);
  if (r.status !== 0) throw new Error(r.stderr);
  return parseAll(r.stdout);
}

function manifests(env: string): any[] {
  const dir = path.join(out, env, 'manifests');
  return fs.readdirSync(dir).sort().flatMap((f) => parseAll(fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** Objects keyed by kind/name, checksum annotation values blanked (they are computed differently). */
function normalise(objects: any[]): Record<string, any> {
  const out: Record<string, any> = {};
  for (const o of objects) {
    const a = o.spec?.template?.metadata?.annotations;
    for (const k of Object.keys(a ?? {})) if (k.startsWith('checksum/')) a[k] = '<checksum>';
    out[`${o.kind}/${o.metadata.name}`] = o;
  }
  return out;
}

const images = (objects: any[]) => {
  const d = objects.find((o) => o.kind === 'Deployment');
  const pod = d.spec.template.spec;
  // co-pilot's image as Flyte reads it from the config folder (conformance harness).
  return [...pod.containers, ...pod.initContainers].map((c: any) => c.image).concat(flyteConfigOf(objects).plugins.k8s['co-pilot'].image);
};
const checksum = (objects: any[]) => objects.find((o) => o.kind === 'Deployment').spec.template.metadata.annotations['checksum/configuration'];

describe('Helm chart', () => {
  test('one chart per environment', () => {
    expect(envs).toEqual(['collide', 'enterprise', 'example', 'minimal']);
  });

  test.each(['collide', 'enterprise', 'example', 'minimal'])('helm lint --strict passes (%s)', (env) => {
    const r = tool('helm', ['lint', '--strict', chartDir(env)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(r.status).toBe(0);
  });

  test.each(['collide', 'enterprise', 'example', 'minimal'])('helm template with defaults equals the plain manifests (%s)', (env) => {
    const plain = normalise(manifests(env).filter((o) => o.kind !== 'Namespace'));
    const helm = normalise(template(env));
    expect(Object.keys(helm).sort()).toEqual(Object.keys(plain).sort());
    expect(helm).toEqual(plain);
  });

  test('the Namespace is the one object left out of the chart', () => {
    const kinds = manifests('enterprise').map((o) => o.kind);
    expect(kinds.filter((k) => k === 'Namespace')).toHaveLength(1);
    expect(template('enterprise').some((o) => o.kind === 'Namespace')).toBe(false);
  });

  test('Chart.yaml: apiVersion v2, application, SemVer version, appVersion = Flyte version, every image annotated', () => {
    const chart = specOf('enterprise');
    expect(chart.apiVersion).toBe('v2');
    expect(chart.type).toBe('application');
    expect(chart.name).toBe('enterprise-flyte-enterprise');
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(chart.appVersion).toBe('v1.16.8');
    const annotated = YAML.parse(chart.annotations['helm.sh/images']).map((i: any) => i.image).sort();
    // Each image once, although flyte-binary runs twice (the main container and gen-admin-auth-secret);
    // and flytekit's, which task pods run (images.flytekit), for the tools that mirror a chart's images.
    const flytekit = 'your-private-registry.com/flyteorg/flytekit:py3.12-1.16.8';
    expect(annotated).toEqual([...new Set([...images(manifests('enterprise')), flytekit])].sort());
    expect(annotated).toHaveLength(4);
  });

  test('--set registry.host moves every image, co-pilot included, and rolls the pod', () => {
    const before = template('enterprise');
    const after = template('enterprise', '--set', 'registry.host=mirror.internal:5000');
    expect(images(after)).toEqual([
      'mirror.internal:5000/flyteorg/flyte-binary-release:v1.16.8',
      'mirror.internal:5000/library/postgres:15-alpine',
      'mirror.internal:5000/flyteorg/flyte-binary-release:v1.16.8',
      'mirror.internal:5000/flyteorg/flytecopilot-release:v1.16.8',
    ]);
    expect(checksum(after)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(after)).not.toBe(checksum(before));
  });

  test('--set tasks.roleArn moves the shared task role of customData; the domain with its own keeps it; the pull Secret reaches the ServiceAccount template', () => {
    const byId = normalise(template('enterprise', '--set', 'tasks.roleArn=arn:aws:iam::999999999999:role/tasks2', '--set', 'registry.pullSecret=pull3'));
    // What Flyte reads from the rendered chart (its own loader: the conformance harness).
    const customData = flyteConfigOf(Object.values(byId)).cluster_resources.customData;
    expect([customData.development, customData.staging, customData.production].map((d: any) => d.defaultIamRole.value)).toEqual([
      'arn:aws:iam::999999999999:role/tasks2', 'arn:aws:iam::999999999999:role/tasks2', 'arn:aws:iam::123456789012:role/flyte-tasks-production',
    ]);
    const sa = YAML.parse(byId['ConfigMap/flyte-backend-flyte-binary-cluster-resource-templates'].data['002_serviceaccount.yaml']);
    expect(sa.imagePullSecrets).toEqual([{ name: 'pull3' }]);
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('{{ defaultIamRole }}');
  });

  test('every exposed value changes every place that uses it', () => {
    const objs = template('enterprise', '--set', 'database.host=db2.corp', '--set', 'database.port=6432', '--set', 'database.username=svc_flyte',
      '--set', 'database.name=flyte2', '--set', 'database.options=sslmode=verify-full', '--set', 'database.passwordSecret.name=pg-creds',
      '--set', 'database.passwordSecret.key=pw', '--set', 'storage.region=eu-central-1', '--set', 'storage.metadataBucket=m2-bucket',
      '--set', 'storage.userDataBucket=u2-bucket', '--set', 'serviceAccount.roleArn=arn:aws:iam::999999999999:role/other',
      '--set', 'ingress.host=flyte2.corp', '--set', 'ingress.className=alb-internal',
      '--set', 'registry.pullSecret=pull2', '--set', 'resources.requests.cpu=1500m', '--set', 'resources.limits.memory=3Gi',
      '--set', 'database.caBundle.configMap=rds-ca2', '--set', 'database.caBundle.key=rds2.pem', '--set', 'caBundle.configMap=corp-ca2',
      '--set', 'caBundle.key=corp2.pem', '--set', 'storage.endpoint=https://s3.eu-central-1.amazonaws.com',
      '--set', 'proxy.http=http://proxy2.corp:8080', '--set', 'proxy.https=https://proxy3.corp:8443');
    const byId = normalise(objs);
    // What Flyte reads from the rendered chart (its own loader: the conformance harness).
    const flyte = flyteConfigOf(Object.values(byId));
    expect(flyte.database.postgres).toMatchObject({ username: 'svc_flyte', host: 'db2.corp', port: 6432, dbname: 'flyte2', options: 'sslmode=verify-full sslrootcert=/etc/ssl/flyte-db-ca/root.crt', passwordPath: '/etc/db-secret/password' });
    expect([flyte.propeller['rawoutput-prefix'], flyte.storage.container, flyte.storage.stow.config.region, flyte.storage.stow.config.endpoint]).toEqual(['s3://u2-bucket/data', 'm2-bucket', 'eu-central-1', 'https://s3.eu-central-1.amazonaws.com']);
    const pod = byId['Deployment/flyte-backend-flyte-binary'].spec.template.spec;
    expect(pod.initContainers[0].env).toEqual([{ name: 'DB_HOST', value: 'db2.corp' }, { name: 'DB_PORT', value: '6432' }, { name: 'DB_USER', value: 'svc_flyte' }]);
    expect(pod.volumes.find((v: any) => v.name === 'db-secret').secret).toMatchObject({ secretName: 'pg-creds', items: [{ key: 'pw', path: 'password' }] });
    expect(pod.imagePullSecrets).toEqual([{ name: 'pull2' }]);
    expect(pod.volumes.find((v: any) => v.name === 'db-ca-bundle').configMap).toMatchObject({ name: 'rds-ca2', items: [{ key: 'rds2.pem', path: 'root.crt' }] });
    expect(pod.volumes.find((v: any) => v.name === 'ca-bundle').configMap).toMatchObject({ name: 'corp-ca2', items: [{ key: 'corp2.pem', path: 'ca-bundle.crt' }] });
    const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]));
    expect([env.HTTP_PROXY, env.HTTPS_PROXY]).toEqual(['http://proxy2.corp:8080', 'https://proxy3.corp:8443']);
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '1500m', memory: '1Gi' }, limits: { cpu: '2', memory: '3Gi' } });
    const sa = byId['ServiceAccount/flyte-backend-flyte-binary'];
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::999999999999:role/other');
    expect(sa.imagePullSecrets).toEqual([{ name: 'pull2' }]);
    for (const name of ['http', 'grpc']) {
      const ing = byId[`Ingress/flyte-backend-flyte-binary-${name}`];
      expect([ing.spec.rules[0].host, ing.spec.ingressClassName]).toEqual(['flyte2.corp', 'alb-internal']);
    }
  });

  test('values that look like other YAML types stay strings', () => {
    const objs = normalise(template('enterprise', '--set-string', 'database.passwordSecret.name=123', '--set-string', 'database.username=true'));
    const pod = objs['Deployment/flyte-backend-flyte-binary'].spec.template.spec;
    expect(pod.volumes.find((v: any) => v.name === 'db-secret').secret.secretName).toBe('123');
    expect(flyteConfigOf(Object.values(objs)).database.postgres.username).toBe('true');
  });

  // Helm 4 and Helm 3.21 validate values with github.com/santhosh-tekuri/jsonschema/v6 (their go.mod):
  // a failing allOf branch (the "not" rules) is reported as the allOf alone, at the value's path.
  test.each([
    [['--set', 'database.port=abc'], "at '/database/port': got string, want integer"],
    [['--set', 'database.port=70000'], "at '/database/port': maximum: got 70,000, want 65,535"],
    [['--set', 'registry.host=https://mirror'], "at '/registry/host': 'https://mirror' does not match pattern"],
    [['--set', 'databse.host=x'], "at '': additional properties 'databse' not allowed"],
    [['--set', 'serviceAccount.roleArn=arn:aws:iam::1:role/x'], "at '/serviceAccount/roleArn': 'arn:aws:iam::1:role/x' does not match pattern"],
    [['--set', 'resources.limits.cpu=two'], "at '/resources/limits/cpu': 'two' does not match pattern"],
    [['--set', 'tasks.roleArn=arn:aws:iam::1:role/tasks'], "at '/tasks/roleArn': 'arn:aws:iam::1:role/tasks' does not match pattern"],
    // What the environment schema refuses beyond its patterns, Helm refuses too.
    [['--set', 'ingress.host=10.1.2.3'], "at '/ingress/host': 'allOf' failed"],
    [['--set', 'database.options=sslmode=require password=Zq81'], "at '/database/options': 'sslmode=require password=Zq81' does not match pattern"],
    [['--set', 'database.options=sslmode=require host=db.evil.example'], "at '/database/options': 'sslmode=require host=db.evil.example' does not match pattern"],
    [['--set', 'database.options=sslmode=verify-full sslmode=disable'], "at '/database/options': 'allOf' failed"],
    [['--set', 'database.host=10.0.0.256'], "at '/database/host': 'allOf' failed"],
    [['--set', 'registry.host=10.0.0.256:5000'], "at '/registry/host': 'allOf' failed"],
    [['--set', 'registry.host=myteam'], "at '/registry/host': 'allOf' failed"],
    [['--set', 'storage.metadataBucket=sthree-flyte'], "at '/storage/metadataBucket': 'allOf' failed"],
    [['--set', 'auth.oidc.issuer=http://login.example.com'], "at '/auth/oidc/issuer': 'http://login.example.com' does not match pattern"],
    [['--set', 'auth.oidc.clientSecret.name=Bad_Name'], "at '/auth/oidc/clientSecret/name': 'Bad_Name' does not match pattern"],
    // Go's \s is ASCII only: a no-break space must fail the pattern in Go as it does in JavaScript.
    [['--set-string', 'database.options=sslmode=a\u00a0b'], "at '/database/options': 'sslmode=a\\u00a0b' does not match pattern"],
    // CA bundles, proxy and S3 endpoint: formats and the cross-field sslmode rule.
    [['--set', 'database.options=sslmode=require'], "at '/database/options': 'sslmode=require' does not match pattern"],
    [['--set', 'database.options=sslmode=verify-full sslrootcert=/tmp/ca.crt'], "at '/database/options': 'sslmode=verify-full sslrootcert=/tmp/ca.crt' does not match pattern"],
    [['--set', 'storage.endpoint=http://s3.example'], "at '/storage/endpoint': 'http://s3.example' does not match pattern"],
    [['--set', 'proxy.https=http://user:pw@proxy.corp:3128'], "at '/proxy/https': 'http://user:pw@proxy.corp:3128' does not match pattern"],
    [['--set', 'caBundle.key=a/b'], "at '/caBundle/key': 'a/b' does not match pattern"],
    [['--set', 'caBundle.secret=corp-ca'], "at '/caBundle': additional properties 'secret' not allowed"],
  ])('schema rejects %j at template and lint time, with Helm 4 and Helm 3 (their words)', (args, message) => {
    for (const helm of ['helm', 'helm3'] as const) {
      const t = tool(helm, ['template', 'x', chartDir('enterprise'), ...args]);
      expect(t.status).not.toBe(0);
      expect(t.stderr).toContain(message);
      const l = tool(helm, ['lint', '--strict', chartDir('enterprise'), ...args]);
      expect(l.status).not.toBe(0);
      expect(l.stdout).toContain(message);
    }
  });

  test('--set auth values: a new issuer, client id and Secret reach the config and the /etc/secrets mount', () => {
    const byId = normalise(template('enterprise', '--set', 'auth.oidc.issuer=https://sso.corp.example/realms/flyte', '--set', 'auth.oidc.clientId=flyte-console-2', '--set', 'auth.internalClient.clientSecret.name=prop-2'));
    expect(flyteConfigOf(Object.values(byId)).auth.userAuth.openId).toMatchObject({ baseUrl: 'https://sso.corp.example/realms/flyte', clientId: 'flyte-console-2' });
    const pod = byId['Deployment/flyte-backend-flyte-binary'].spec.template.spec;
    const secrets = pod.volumes.find((v: any) => v.name === 'auth-sources').projected.sources.map((x: any) => x.secret.name);
    expect(secrets).toEqual(['flyte-backend-flyte-binary-admin-auth', 'flyte-oidc-client', 'prop-2']);
    expect(pod.volumes.find((v: any) => v.name === 'config').projected.sources[1].secret.name).toBe('prop-2');
  });

  // Each quantity as --set (a number when it looks like an integer), --set-json (any JSON number) or
  // --set-string, and whether the environment schema accepts the same value in an environment file.
  test.each([
    [['--set', 'resources.requests.cpu=-1'], -1, "at '/resources/requests/cpu': minimum: got -1, want 0"],
    [['--set-json', 'resources.requests.memory=-0.5'], -0.5, "at '/resources/requests/memory': minimum: got -0.5, want 0"],
    [['--set-string', 'resources.limits.cpu=-1'], '-1', "at '/resources/limits/cpu': '-1' does not match pattern"],
    [['--set-json', 'resources.limits.memory=1e21'], 1e21, "at '/resources/limits/memory': exclusiveMaximum: got 1×10²¹, want 1×10²¹"],
    [['--set-json', 'resources.limits.cpu=0.0000001'], 0.0000001, "at '/resources/limits/cpu': 'not' failed"],
    [['--set', 'resources.limits.cpu=2'], 2, undefined],
    [['--set-json', 'resources.limits.cpu=0.5'], 0.5, undefined],
    [['--set-json', 'resources.limits.cpu=0'], 0, undefined],
  ])('quantity %j: Helm and the environment schema agree', (args, value, helmMessage) => {
    const [flag, assignment] = args as [string, string];
    const [path] = assignment.split('=');
    const [, kind, key] = path.split('.');
    const input: any = validInput({ resources: { requests: { cpu: '0', memory: '0' }, limits: { cpu: '100', memory: '100Gi' } } });
    input.resources[kind][key] = value;
    const envAccepts = (() => {
      try {
        envSpecOf(input);
        return true;
      } catch {
        return false;
      }
    })();
    const t = tool('helm', ['template', 'x', chartDir('enterprise'), flag, assignment]);
    expect({ helm: t.status === 0, env: envAccepts }).toEqual({ helm: helmMessage === undefined, env: helmMessage === undefined });
    if (helmMessage) expect(t.stderr).toContain(helmMessage);
  });

  test('the numeric forms of quantities are accepted', () => {
    const pod = normalise(template('enterprise', '--set', 'resources.limits.cpu=4'))['Deployment/flyte-backend-flyte-binary'].spec.template.spec;
    expect(pod.containers[0].resources.limits.cpu).toBe('4');
  });

  test("Flyte's own template braces reach the cluster unchanged", () => {
    const cm = normalise(template('enterprise'))['ConfigMap/flyte-backend-flyte-binary-cluster-resource-templates'];
    expect(YAML.parse(cm.data['001_namespace.yaml']).metadata.name).toBe('{{ namespace }}');
  });

  test('values.yaml holds the environment values, each key commented', () => {
    const text = fs.readFileSync(path.join(chartDir('enterprise'), 'values.yaml'), 'utf8');
    const values = YAML.parse(text);
    expect(values.database).toEqual({ host: 'flyte-db.cluster-abc123.us-east-1.rds.amazonaws.com', port: 5432, name: 'flyte', username: 'flyteadmin', options: 'sslmode=verify-full', passwordSecret: { name: 'db-secret', key: 'password' }, caBundle: { configMap: 'rds-ca', key: 'global-bundle.pem' } });
    expect(values.registry).toEqual({ host: 'your-private-registry.com', pullSecret: 'private-registry-secret' });
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^\s*[A-Za-z]+:/.test(line)) expect(`${lines[i - 1]} -> ${line}`).toMatch(/^\s*#/);
    });
  });

  test('a value the environment does not set is not exposed', () => {
    const values = YAML.parse(fs.readFileSync(path.join(chartDir('minimal'), 'values.yaml'), 'utf8'));
    expect(Object.keys(values).sort()).toEqual(['database', 'resources', 'serviceAccount', 'storage']);
  });

  test('values.schema.json is self-contained draft-07', () => {
    const schemaText = fs.readFileSync(path.join(chartDir('enterprise'), 'values.schema.json'), 'utf8');
    const schema = JSON.parse(schemaText);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schemaText).not.toContain('$ref');
    expect(schema.properties.database.properties.port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535 });
  });

  test('NOTES.txt tells how to reach the console and the health check', () => {
    const text = fs.readFileSync(path.join(chartDir('enterprise'), 'templates', 'NOTES.txt'), 'utf8');
    expect(text).toContain('https://{{ .Values.ingress.host }}/console');
    expect(text).toContain('kubectl -n flyte port-forward svc/flyte-backend-flyte-binary-http 8088:8088');
    expect(text).toContain('curl -fsS http://localhost:8088/healthcheck');
  });

  test('.helmignore and crds/ are present', () => {
    expect(fs.existsSync(path.join(chartDir('enterprise'), '.helmignore'))).toBe(true);
    expect(fs.readdirSync(path.join(chartDir('enterprise'), 'crds'))).toEqual(['09-customresourcedefinition-flyteworkflows.flyte.lyft.com.yaml']);
  });
});

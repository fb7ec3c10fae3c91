/**
 * The manifests of every environment, and of fuzzed valid environments, applied to a real API
 * server with server-side apply; Pod Security enforced by the server's own admission; the API
 * table of src/eks/compatibility.ts against what the server serves.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { parseEnvironment } from '../../src/config/load';
import { API_TABLE, checkCompatibility, SUPPORTED_RANGE } from '../../src/eks/compatibility';
import { buildEnvironment } from '../../src/synth/model';
import { KubeObject, manifestYaml } from '../../src/synth/manifests';
import { validEnv } from '../arbitraries';
import { ROOT, validInput } from '../helpers';
import { ControlPlane, startControlPlane } from './control-plane';

const FUZZ_SEED = 20261201;
const FUZZ_RUNS = 12;
const ENVIRONMENTS = fs.readdirSync(path.join(ROOT, 'dist')).sort();

let cp: ControlPlane;
beforeAll(async () => {
  cp = await startControlPlane();
}, 300_000);
afterAll(() => cp?.stop());

function objectsOf(input: unknown): KubeObject[] {
  const spec = parseEnvironment('config/environments/cluster.yaml', YAML.stringify(input));
  return buildEnvironment({ name: 'cluster', file: 'config/environments/cluster.yaml', spec }, { root: ROOT, lock: {}, warn: () => undefined }).objects;
}

/** Server-side apply of objects, in the order given, as one kubectl call. */
function apply(objects: readonly KubeObject[]) {
  return cp.kubectl(['apply', '--server-side', '--field-manager=enterprise-flyte', '-f', '-'], { input: objects.map((o) => manifestYaml(o)).join('---\n') });
}

function manifestsOf(env: string): KubeObject[] {
  const dir = path.join(ROOT, 'dist', env, 'manifests');
  return fs.readdirSync(dir).sort().map((f) => YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

const CUSTOM_RESOURCE_CRDS = ['monitoring.coreos.com_servicemonitors.yaml', 'external-secrets.io_externalsecrets.yaml'];

describe('manifests on a real API server', () => {
  test('a ServiceMonitor is refused before its CRD is installed (the operator prerequisite is real)', () => {
    const monitor = manifestsOf('enterprise').find((o) => o.kind === 'ServiceMonitor')!;
    const r = apply([monitor]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no matches for kind "ServiceMonitor" in version "monitoring.coreos.com\/v1"|ensure CRDs are installed first/);
  });

  test('the ServiceMonitor and ExternalSecret CRDs install and become Established', () => {
    for (const crd of CUSTOM_RESOURCE_CRDS) cp.mustKubectl(['apply', '--server-side', '-f', path.join(ROOT, 'imports', 'crds', crd)]);
    cp.mustKubectl(['wait', '--for=condition=Established', 'crd/servicemonitors.monitoring.coreos.com', 'crd/externalsecrets.external-secrets.io', '--timeout=60s']);
  });

  test.each(ENVIRONMENTS)('dist/%s/manifests apply with no warning, and the FlyteWorkflow CRD is Established', (env) => {
    const r = apply(manifestsOf(env));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/serverside-applied/);
    cp.mustKubectl(['wait', '--for=condition=Established', 'crd/flyteworkflows.flyte.lyft.com', '--timeout=60s']);
  });

  test('an environment whose password comes from AWS Secrets Manager applies its ExternalSecret with no warning', () => {
    const input = validInput({
      release: 'ext-secret',
      namespace: 'ext-secret-ns',
      database: {
        ...validInput().database,
        passwordSecret: { name: 'db-from-asm', key: 'password', source: 'externalSecret', externalSecret: { storeName: 'aws-secrets-manager', remoteKey: 'prod/flyte/db', property: 'password' } },
      },
    } as never);
    const objects = objectsOf(input);
    expect(objects.map((o) => o.kind)).toContain('ExternalSecret');
    const r = apply(objects);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(cp.mustKubectl(['get', 'externalsecret', 'db-from-asm', '-n', 'ext-secret-ns', '-o', 'jsonpath={.spec.data[0].remoteRef.key}'])).toBe('prod/flyte/db');
  });

  test('EKS Pod Identity with an ECR registry under a prefix: applied, the ServiceAccount has no annotation, images carry the prefix', () => {
    const input = validInput({
      release: 'pod-identity',
      namespace: 'pod-identity-ns',
      registry: { host: '210987654321.dkr.ecr.eu-west-3.amazonaws.com/flyte-mirror' },
      serviceAccount: { roleArn: 'arn:aws:iam::210987654321:role/flyte-pod-identity', credentials: 'podIdentity' },
      projects: [{ name: 'pi' }],
      tasks: { roleArn: 'arn:aws:iam::210987654321:role/flyte-tasks' },
    } as never);
    const r = apply(objectsOf(input));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const sa = JSON.parse(cp.mustKubectl(['get', 'serviceaccount', 'pod-identity-flyte-binary', '-n', 'pod-identity-ns', '-o', 'json']));
    expect(sa.metadata.annotations).toBeUndefined();
    expect(sa.imagePullSecrets).toBeUndefined();
    const pod = JSON.parse(cp.mustKubectl(['get', 'deployment', 'pod-identity-flyte-binary', '-n', 'pod-identity-ns', '-o', 'json'])).spec.template.spec;
    expect(pod.serviceAccountName).toBe('pod-identity-flyte-binary');
    expect([...pod.initContainers, ...pod.containers].map((c: { image: string }) => c.image.split(':')[0])).toEqual([
      '210987654321.dkr.ecr.eu-west-3.amazonaws.com/flyte-mirror/library/postgres',
      '210987654321.dkr.ecr.eu-west-3.amazonaws.com/flyte-mirror/flyteorg/flyte-binary-release',
    ]);
    // The task namespaces' templates, as the API server stored them, annotate no role either.
    const stored = JSON.parse(cp.mustKubectl(['get', 'configmap', 'pod-identity-flyte-binary-cluster-resource-templates', '-n', 'pod-identity-ns', '-o', 'json']));
    const templates = Object.values<string>(stored.data).map((t) => YAML.parse(t));
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) expect(Object.keys(t.metadata.annotations ?? {})).not.toContain('eks.amazonaws.com/role-arn');
    expect(JSON.stringify(stored)).not.toContain('flyte-tasks');
  });

  test('auth with both client secrets synced from AWS Secrets Manager: the templated ExternalSecret applies with no warning', () => {
    const input: any = validInput({ release: 'ext-auth', namespace: 'ext-auth-ns' });
    input.auth = {
      oidc: { issuer: 'https://login.example.com/oauth2/default', clientId: '0oa-x', clientSecret: { name: 'oidc-asm', source: 'externalSecret', externalSecret: { storeName: 'aws-secrets-manager', remoteKey: 'prod/flyte/oidc' } } },
      internalClient: { clientSecret: { name: 'prop-asm', source: 'externalSecret', externalSecret: { storeName: 'aws-secrets-manager', remoteKey: 'prod/flyte/propeller', property: 'secret', hashProperty: 'hash' } } },
    };
    const r = apply(objectsOf(input));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const template = JSON.parse(cp.mustKubectl(['get', 'externalsecret', 'prop-asm', '-n', 'ext-auth-ns', '-o', 'jsonpath={.spec.target.template.data}']));
    expect(Object.keys(template).sort()).toEqual(['client_secret', 'client_secret_hash.yaml']);
    expect(template['client_secret_hash.yaml']).toContain('client_secret: "{{ .value1 | b64enc }}"');
  });

  test(`${FUZZ_RUNS} fuzzed valid environments apply with no warning`, () => {
    const samples = fc.sample(validEnv, { seed: FUZZ_SEED, numRuns: FUZZ_RUNS }) as Array<Record<string, any>>;
    for (const input of samples) {
      const objects = objectsOf(input);
      // Without createNamespace the namespace is the operator's: make it as an operator would.
      if (!objects.some((o) => o.kind === 'Namespace')) cp.kubectl(['create', 'namespace', input.namespace]);
      const r = apply(objects);
      expect({ namespace: input.namespace, stderr: r.stderr, status: r.status }).toEqual({ namespace: input.namespace, stderr: '', status: 0 });
    }
  });
});

/** IPv4 address inside an IPv4 CIDR block. */
function inCidr(ip: string, cidr: string): boolean {
  if (cidr.includes(':') !== ip.includes(':')) return false;
  const [base, bits] = cidr.split('/');
  const n = (a: string) => a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(n(ip) / size) === Math.floor(n(base) / size);
}

/**
 * Whether a NetworkPolicy's egress rules let the selected pod open `protocol` `port` to `ip`, read
 * the way the NetworkPolicy API defines them (kubernetes.io/docs/concepts/services-networking/
 * network-policies: rules are ORed; an absent `to` or `ports` matches all; `except` carves out).
 */
function admitsEgress(policy: any, ip: string, port: number, protocol = 'TCP'): boolean {
  return (policy.spec.egress ?? []).some((rule: any) => {
    const to = rule.to === undefined || rule.to.some((peer: any) => peer.ipBlock && inCidr(ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e: string) => inCidr(ip, e)));
    const ports = rule.ports === undefined || rule.ports.some((p: any) => (p.protocol ?? 'TCP') === protocol && (p.port === undefined || (p.port <= port && port <= (p.endPort ?? p.port))));
    return to && ports;
  });
}

describe('the enterprise NetworkPolicy, as the API server stores it', () => {
  // Applied by the dist/enterprise test above; read back as the server defaulted it.
  const stored = () => JSON.parse(cp.mustKubectl(['get', 'networkpolicy', 'flyte-backend-flyte-binary', '-n', 'flyte', '-o', 'json']));

  test('admits the proxy port (3128, from proxy.https), the database port and DNS; not other ports', () => {
    const np = stored();
    // The proxy, the database and the VPC endpoints are VPC addresses; egressCidrs is 0.0.0.0/0 in enterprise.
    expect(admitsEgress(np, '10.0.12.7', 3128)).toBe(true);
    expect(admitsEgress(np, '10.0.30.9', 5432)).toBe(true);
    expect(admitsEgress(np, '10.0.40.2', 443)).toBe(true);
    expect(admitsEgress(np, '10.96.0.10', 53, 'UDP')).toBe(true);
    expect(admitsEgress(np, '10.0.12.7', 8080)).toBe(false);
    expect(admitsEgress(np, '10.0.12.7', 22)).toBe(false);
    // enterprise gets its credentials through IRSA: the Pod Identity agent stays closed.
    expect(admitsEgress(np, '169.254.170.23', 80)).toBe(false);
  });

  test('with EKS Pod Identity the agent\'s link-local address is admitted on port 80, IPv6 form included, and the server accepts it', () => {
    const input = validInput({ release: 'np-pi', namespace: 'np-pi-ns', networkPolicy: { enabled: true, egressCidrs: ['10.0.0.0/16'] }, serviceAccount: { roleArn: 'arn:aws:iam::210987654321:role/np-pi', credentials: 'podIdentity' } } as never);
    const objects = objectsOf(input).filter((o) => ['Namespace', 'NetworkPolicy'].includes(o.kind));
    const r = apply(objects);
    expect(r.stderr).toBe('');
    const np = JSON.parse(cp.mustKubectl(['get', 'networkpolicy', 'np-pi-flyte-binary', '-n', 'np-pi-ns', '-o', 'json']));
    expect(admitsEgress(np, '169.254.170.23', 80)).toBe(true);
    expect(np.spec.egress.flatMap((rule: any) => (rule.to ?? []).map((p: any) => p.ipBlock?.cidr))).toContain('fd00:ec2::23/128');
    expect(admitsEgress(np, '169.254.169.254', 80)).toBe(false);
  });
});

describe('Pod Security admission, for real', () => {
  const deployment = () => manifestsOf('enterprise').find((o) => o.kind === 'Deployment') as any;

  test('the namespace enforces the restricted level', () => {
    const labels = JSON.parse(cp.mustKubectl(['get', 'namespace', 'flyte', '-o', 'jsonpath={.metadata.labels}']));
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('the Flyte pod is admitted and its Deployment becomes Available', async () => {
    const name = deployment().metadata.name;
    await cp.waitFor(`deployment/${name} Available`, () => cp.kubectl(['wait', '--for=condition=Available', `deployment/${name}`, '-n', 'flyte', '--timeout=1s']).status === 0, 90_000);
    const events = cp.mustKubectl(['get', 'events', '-n', 'flyte', '--field-selector=reason=FailedCreate', '-o', 'name']);
    expect(events).toBe('');
  }, 120_000);

  test("a pod shaped like the upstream chart's default (no securityContext) is refused with the server's message", () => {
    const upstreamShaped = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'upstream-shaped', namespace: 'flyte' },
      spec: {
        serviceAccountName: deployment().spec.template.spec.serviceAccountName,
        containers: [{ name: 'flyte', image: 'cr.flyte.org/flyteorg/flyte-binary-release:v1.16.8', args: ['start', '--config', '/etc/flyte/config.d/*.yaml'], ports: [{ containerPort: 8088 }, { containerPort: 8089 }, { containerPort: 9443 }] }],
      },
    };
    const r = cp.kubectl(['apply', '-f', '-'], { input: JSON.stringify(upstreamShaped) });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('pods "upstream-shaped" is forbidden: violates PodSecurity "restricted:');
    for (const rule of ['allowPrivilegeEscalation != false', 'unrestricted capabilities', 'runAsNonRoot != true', 'seccompProfile']) expect(r.stderr).toContain(rule);
    expect(cp.kubectl(['get', 'pod', 'upstream-shaped', '-n', 'flyte']).status).not.toBe(0);
  });

  test('the same shape as a Deployment draws the warning the apply tests look for (they would see it)', () => {
    const template = deployment();
    const shaped = { ...template, metadata: { name: 'upstream-shaped', namespace: 'flyte' }, spec: { ...template.spec, template: { ...template.spec.template, spec: { containers: [{ name: 'flyte', image: 'cr.flyte.org/flyteorg/flyte-binary-release:v1.16.8' }] } } } };
    const r = apply([shaped]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^Warning: would violate PodSecurity "restricted:/);
    cp.mustKubectl(['delete', 'deployment', 'upstream-shaped', '-n', 'flyte']);
  });
});

describe('the API table of src/eks/compatibility.ts against the built API server', () => {
  let minor: number;
  const served = new Set<string>();
  beforeAll(() => {
    const version = JSON.parse(cp.mustKubectl(['get', '--raw', '/version']));
    minor = Number(version.minor);
    const groups = JSON.parse(cp.mustKubectl(['get', '--raw', '/apis'])).groups as Array<{ versions: Array<{ groupVersion: string }> }>;
    const groupVersions = ['v1', ...groups.flatMap((g) => g.versions.map((v) => v.groupVersion))];
    for (const gv of groupVersions) {
      const list = JSON.parse(cp.mustKubectl(['get', '--raw', gv === 'v1' ? '/api/v1' : `/apis/${gv}`]));
      for (const r of list.resources as Array<{ name: string; kind: string }>) if (!r.name.includes('/')) served.add(`${gv} ${r.kind}`);
    }
  });

  test('the server is a minor EKS supports today', () => {
    expect(minor).toBeGreaterThanOrEqual(SUPPORTED_RANGE.min);
    expect(minor).toBeLessThanOrEqual(SUPPORTED_RANGE.max);
  });

  test('every API the table says this minor serves is served, and every one it says is removed is not', () => {
    const wrong: string[] = [];
    for (const entry of API_TABLE) {
      const expected = (entry.since ?? 0) <= minor && (entry.removedIn === undefined || minor < entry.removedIn);
      for (const kind of entry.kinds) {
        if (served.has(`${entry.apiVersion} ${kind}`) !== expected) wrong.push(`${kind} ${entry.apiVersion}: table says ${expected ? 'served' : 'not served'} in 1.${minor}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test.each(ENVIRONMENTS)('every object of %s is of a kind the server serves, and the check agrees', (env) => {
    const objects = manifestsOf(env);
    for (const o of objects) expect(served.has(`${o.apiVersion} ${o.kind}`)).toBe(true);
    expect(checkCompatibility(objects, `1.${minor}`)).toEqual({ errors: [], warnings: [] });
  });
});

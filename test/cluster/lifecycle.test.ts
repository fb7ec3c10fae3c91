/**
 * The operator's whole lifecycle against a real control plane, from the unpacked offline bundle,
 * signed (the environment pins a key: signed-bundle.ts builds it pinned to a key made here, equal to
 * dist/enterprise's but for the fingerprint): deploy.sh --verify-key (helm upgrade --install --verify,
 * undone on failure, --wait), verify.sh through a real port-forward, deploy.sh again, helm upgrade
 * of a site value, helm rollback, deploy.sh with the other Helm, helm uninstall. It runs with Helm 4
 * and, as the jest project "helm 3" (jest.config.js), with the newest Helm 3; kubectl is always
 * the server's own version.
 */
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as http2 from 'http2';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { freePort, messageOf, ROOT, runAsync, validInput } from '../helpers';
import { disposeKeys, makeKey, TestKey } from '../signing/gpg';
import { pinnedVersions } from '../bundle/fixture';
import { ControlPlane, startControlPlane } from './control-plane';
import { pinnedProject, removeMade, signedArchive, unpack } from './signed-bundle';

const ENV = 'enterprise';
const RELEASE = 'flyte-backend';
const NS = 'flyte';
const SELECTOR = 'app.kubernetes.io/component=flyte-binary,app.kubernetes.io/instance=flyte-backend,app.kubernetes.io/name=flyte-binary';
const DEPLOYMENT = 'flyte-backend-flyte-binary';

let cp: ControlPlane;
let bundle: string;
let chart: string;
let key: TestKey;

beforeAll(async () => {
  // deploy.sh and verify.sh refuse a context that is not the environment's EKS cluster.
  cp = await startControlPlane({ clusterName: 'flyte-enterprise' });
  key = makeKey();
  bundle = unpack(await signedArchive(await pinnedProject(key.fingerprint), key.secretArmored));
  chart = fs.readdirSync(path.join(bundle, 'chart')).filter((f) => f.endsWith('.tgz')).map((f) => path.join(bundle, 'chart', f))[0];
  // Operator prerequisites (README "Offline bundle"): the Prometheus Operator's CRD, the
  // namespace and the database password Secret. The password is made here, never stored.
  cp.mustKubectl(['apply', '--server-side', '-f', path.join(ROOT, 'imports', 'crds', 'monitoring.coreos.com_servicemonitors.yaml')]);
  cp.mustKubectl(['wait', '--for=condition=Established', 'crd/servicemonitors.monitoring.coreos.com', '--timeout=60s']);
  cp.mustKubectl(['apply', '-f', path.join(bundle, 'manifests', '00-namespace-flyte.yaml')]);
  // The environment places the pod on its node group, tainted for Flyte alone: make the fake
  // node that node group, so the real scheduler has to honour the selector and the toleration.
  cp.mustKubectl(['label', 'node', 'kwok-node-0', 'eks.amazonaws.com/nodegroup=flyte-system', 'topology.kubernetes.io/zone=zone-a', '--overwrite']);
  cp.mustKubectl(['taint', 'node', 'kwok-node-0', 'dedicated=flyte:NoSchedule', '--overwrite']);
}, 300_000);
afterAll(async () => {
  await cp?.stop();
  disposeKeys();
  removeMade();
});

const json = (args: string[]) => JSON.parse(cp.mustKubectl([...args, '-o', 'json']));
const podTemplate = () => json(['get', 'deployment', DEPLOYMENT, '-n', NS]).spec.template;
const replicaSets = (): string[] => json(['get', 'replicasets', '-n', NS, '-l', SELECTOR]).items.map((rs: any) => rs.metadata.name).sort();
const helmJson = (args: string[]) => {
  const r = cp.helm([...args, '-n', NS, '-o', 'json']);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};

// A self-signed CA made at run time by the real openssl: the bundles hold PEM certificates.
const pem = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-ca-'));
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=Corp Test CA'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const cert = fs.readFileSync(path.join(dir, 'c.pem'), 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  return cert;
};
const putConfigMap = (name: string, data: Record<string, string>) => {
  cp.kubectl(['delete', 'configmap', name, '-n', NS, '--ignore-not-found']);
  cp.mustKubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS }, data }) });
};

const putDbSecret = (data: Record<string, string>) => {
  cp.kubectl(['delete', 'secret', 'db-secret', '-n', NS, '--ignore-not-found']);
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-secret', namespace: NS }, stringData: data };
  cp.mustKubectl(['create', '-f', '-'], { input: JSON.stringify(secret) });
};

/** The two auth Secrets of the environment, with values made here; `without` leaves one key out or empty. */
const putAuthSecrets = (without?: { name: string; key: string; empty?: boolean }) => {
  const secrets: Record<string, Record<string, string>> = {
    'flyte-oidc-client': { client_secret: randomBytes(24).toString('hex') },
    'flyte-propeller-client': {
      client_secret: randomBytes(24).toString('hex'),
      // Not a real bcrypt hash: nothing on the fake node reads it.
      'client_secret_hash.yaml': `auth: {appAuth: {selfAuthServer: {staticClients: {flytepropeller: {client_secret: "${randomBytes(8).toString('hex')}"}}}}}\n`,
    },
  };
  for (const [name, data] of Object.entries(secrets)) {
    cp.kubectl(['delete', 'secret', name, '-n', NS, '--ignore-not-found']);
    if (without?.name === name && without.key === '*') continue;
    if (without?.name === name) {
      if (without.empty) data[without.key] = '';
      else delete data[without.key];
    }
    cp.mustKubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS }, stringData: data }) });
  }
};

/** deploy.sh stops before the install with exit 7 and `message` as its last line; no release exists. */
const expectRefused = async (message: string) => {
  const r = await runAsync('bash', ['deploy.sh', '--timeout', '1m', '--verify-key', key.publicFile], {
    cwd: bundle,
    env: { ...cp.env, REGISTRY_USERNAME: 'robot', REGISTRY_PASSWORD: randomBytes(12).toString('hex') },
  });
  expect(r.stderr.trim().split('\n').pop()).toBe(message);
  expect(r.code).toBe(7);
  expect(cp.helm(['status', RELEASE, '-n', NS]).status).not.toBe(0);
};

describe(`the ${ENV} bundle on a real control plane`, () => {
  let firstTemplate: any;

  test('the clients are the pinned ones: this project\'s helm, and kubectl of the server\'s own version', () => {
    const pinned = pinnedVersions();
    const helm3 = (globalThis as any).ENTERPRISE_FLYTE_HELM === 'helm3';
    expect(cp.versions.helm).toBe(helm3 ? pinned.HELM3_VERSION : pinned.HELM4_VERSION);
    expect(cp.versions.kubectl).toBe(cp.versions.server);
  });

  test.each([
    ['the database Secret is missing', null, 'deploy.sh: the database password Secret db-secret is not readable in namespace flyte; create it before deploying (see README.md)'],
    ['the database Secret lacks the key', { passwd: 'x' }, 'deploy.sh: the database password Secret db-secret in namespace flyte has no key password, or it is empty; put the password under that key before deploying (see README.md)'],
    ['the database password is empty', { password: '' }, 'deploy.sh: the database password Secret db-secret in namespace flyte has no key password, or it is empty; put the password under that key before deploying (see README.md)'],
  ])('deploy.sh refuses to install when %s (exit 7, no release)', async (_what, data, message) => {
    if (data === null) cp.kubectl(['delete', 'secret', 'db-secret', '-n', NS, '--ignore-not-found']);
    else putDbSecret(data);
    await expectRefused(message);
  }, 120_000);

  test.each([
    ['the OIDC client Secret is missing', { name: 'flyte-oidc-client', key: '*' }, 'deploy.sh: the OIDC client secret Secret flyte-oidc-client is not readable in namespace flyte; create it before deploying (see README.md)'],
    ['the internal client secret is empty', { name: 'flyte-propeller-client', key: 'client_secret', empty: true }, 'deploy.sh: the internal client secret Secret flyte-propeller-client in namespace flyte has no key client_secret, or it is empty; put the value under that key before deploying (see README.md)'],
    ['the hash file is missing', { name: 'flyte-propeller-client', key: 'client_secret_hash.yaml' }, 'deploy.sh: the internal client secret hash (a Flyte configuration file) Secret flyte-propeller-client in namespace flyte has no key client_secret_hash.yaml, or it is empty; put the value under that key before deploying (see README.md)'],
  ])('deploy.sh refuses to install when %s (exit 7, no release)', async (_what, without, message) => {
    putDbSecret({ password: randomBytes(18).toString('base64') });
    putAuthSecrets(without);
    await expectRefused(message);
  }, 120_000);

  test.each([
    ['the CA bundle ConfigMap is missing', 'corporate-ca', null, 'deploy.sh: the CA bundle ConfigMap corporate-ca is not readable in namespace flyte; create it before deploying (see README.md)'],
    ['the CA bundle ConfigMap lacks the key', 'corporate-ca', { 'ca.pem': 'x' }, 'deploy.sh: the CA bundle ConfigMap corporate-ca in namespace flyte has no key ca.crt, or it is empty; put the PEM certificates under that key before deploying (see README.md)'],
    ['the database CA bundle is empty', 'rds-ca', { 'global-bundle.pem': '' }, 'deploy.sh: the database CA bundle ConfigMap rds-ca in namespace flyte has no key global-bundle.pem, or it is empty; put the PEM certificates under that key before deploying (see README.md)'],
  ])('deploy.sh refuses to install when %s (exit 7, no release)', async (_what, name, data, message) => {
    putDbSecret({ password: randomBytes(18).toString('base64') });
    putAuthSecrets();
    // The other bundle is in place, so the message is about this one.
    if (name === 'rds-ca') putConfigMap('corporate-ca', { 'ca.crt': pem() });
    else cp.kubectl(['delete', 'configmap', 'rds-ca', '-n', NS, '--ignore-not-found']);
    if (data === null) cp.kubectl(['delete', 'configmap', name, '-n', NS, '--ignore-not-found']);
    else putConfigMap(name, data);
    await expectRefused(message);
  }, 120_000);

  test('the API server refuses what the schema refuses: a ConfigMap key starting with ".." (no mount could find it), two bundles on one path', () => {
    const bad = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'corporate-ca', namespace: NS }, data: { '..ca.crt': 'x' } };
    const refused = cp.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: JSON.stringify(bad) });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('..ca.crt');
    expect(messageOf(validInput({ caBundle: { configMap: 'corporate-ca', key: '..ca.crt' } } as any))).toContain('caBundle.key: "..ca.crt" is not allowed');
    // The two bundles have folders of their own: on one path the API server refuses the pod template.
    const deployment = YAML.parse(fs.readFileSync(path.join(bundle, 'manifests', '18-deployment-flyte-backend-flyte-binary.yaml'), 'utf8'));
    expect(cp.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: JSON.stringify(deployment) }).status).toBe(0);
    const mounts = deployment.spec.template.spec.containers[0].volumeMounts;
    mounts.find((m: any) => m.name === 'db-ca-bundle').mountPath = '/etc/ssl/flyte-ca';
    const clash = cp.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: JSON.stringify(deployment) });
    expect(clash.status).not.toBe(0);
    expect(clash.stderr).toContain('must be unique');
  });

  test('deploy.sh installs the release with helm upgrade --install, undone on failure, --wait', async () => {
    // The password, the client secrets and the CA are made here, never stored.
    putDbSecret({ password: randomBytes(18).toString('base64') });
    putAuthSecrets();
    putConfigMap('corporate-ca', { 'ca.crt': pem() });
    putConfigMap('rds-ca', { 'global-bundle.pem': pem() });
    const password = randomBytes(12).toString('hex');
    const r = await runAsync('bash', ['deploy.sh', '--timeout', '3m', '--verify-key', key.publicFile], {
      cwd: bundle,
      env: { ...cp.env, REGISTRY_USERNAME: 'robot$ci', REGISTRY_PASSWORD: password },
    });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`^\\[1/5\\] checksums: \\d+ files match SHA256SUMS, signed by key ${key.fingerprint}$`, 'm'));
    // Helm's own provenance check, before the install and in it.
    expect(r.stdout).toContain(`[2/5] tools: helm ${cp.versions.helm}, kubectl ${cp.versions.kubectl}; helm verified ${path.relative(bundle, chart)}.prov\n`);
    expect(r.stdout).toContain(`--verify --keyring ${key.publicFile}\n`);
    expect(r.stdout).toContain(`deploy.sh: release ${RELEASE} is deployed in namespace ${NS}`);
    expect(r.stdout).not.toContain(password);
    const status = helmJson(['status', RELEASE]);
    expect(status.info.status).toBe('deployed');
    expect(status.version).toBe(1);
    const pull = json(['get', 'secret', 'private-registry-secret', '-n', NS]);
    expect(pull.type).toBe('kubernetes.io/dockerconfigjson');
    const auth = JSON.parse(Buffer.from(pull.data['.dockerconfigjson'], 'base64').toString()).auths['your-private-registry.com'].auth;
    expect(Buffer.from(auth, 'base64').toString()).toBe(`robot$ci:${password}`);
    expect(json(['get', 'deployment', DEPLOYMENT, '-n', NS]).status.availableReplicas).toBe(1);
    firstTemplate = podTemplate();
    // Scheduled by the real scheduler onto the tainted node group node.
    const pod = json(['get', 'pods', '-n', NS, '-l', SELECTOR]).items[0];
    expect(pod.spec.nodeName).toBe('kwok-node-0');
    expect(pod.spec.nodeSelector).toEqual({ 'eks.amazonaws.com/nodegroup': 'flyte-system' });
    expect(pod.spec.tolerations).toContainEqual({ key: 'dedicated', operator: 'Equal', value: 'flyte', effect: 'NoSchedule' });
    // Every Secret the pod mounts exists, with the keys its items name (a kubelet would fail the mount otherwise).
    for (const volume of pod.spec.volumes) {
      const sources = volume.projected?.sources ?? (volume.secret ? [{ secret: { name: volume.secret.secretName, items: volume.secret.items } }] : []);
      for (const { secret } of sources.filter((x: any) => x.secret)) {
        const live = json(['get', 'secret', secret.name, '-n', NS]);
        for (const item of secret.items ?? []) expect(`${secret.name}/${item.key}: ${live.data?.[item.key] !== undefined}`).toBe(`${secret.name}/${item.key}: true`);
      }
    }
    expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-db', 'gen-admin-auth-secret']);
    // The required node affinity (kubernetes.io/arch in amd64, arm64) holds on the node the scheduler chose.
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toEqual([{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }]);
    expect(pod.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(100);
    expect(pod.status.phase).toBe('Running');
    // The CA bundles, read-only at fixed paths, and the variables that name the trusted one.
    const flyte = pod.spec.containers.find((c: any) => c.name === 'flyte');
    expect(flyte.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'ca-bundle', mountPath: '/etc/ssl/flyte-ca', readOnly: true },
      { name: 'db-ca-bundle', mountPath: '/etc/ssl/flyte-db-ca', readOnly: true },
    ]));
    expect(pod.spec.volumes.find((v: any) => v.name === 'ca-bundle').configMap).toEqual({ name: 'corporate-ca', items: [{ key: 'ca.crt', path: 'ca-bundle.crt' }], defaultMode: 0o444 });
    const env = Object.fromEntries(flyte.env.map((e: any) => [e.name, e.value]));
    expect([env.SSL_CERT_FILE, env.AWS_CA_BUNDLE]).toEqual(['/etc/ssl/flyte-ca/ca-bundle.crt', '/etc/ssl/flyte-ca/ca-bundle.crt']);
    expect(flyte.startupProbe).toMatchObject({ httpGet: { path: '/healthcheck', port: 'http' }, periodSeconds: 10, failureThreshold: 60 });
    // Task pods mount the CA bundle from their own namespace: deploy.sh copied it, byte for byte.
    const ca = json(['get', 'configmap', 'corporate-ca', '-n', NS]).data;
    for (const project of ['analytics', 'ml-training']) {
      for (const domain of ['development', 'staging', 'production']) expect(json(['get', 'configmap', 'corporate-ca', '-n', `${project}-${domain}`]).data).toEqual(ca);
    }
    const template = json(['get', 'podtemplate', 'flyte-backend-flyte-binary-task-pod', '-n', NS]);
    expect(template.template.spec.volumes[0].configMap).toMatchObject({ name: 'corporate-ca', optional: true });
  }, 300_000);

  /**
   * A stand-in for the pod's two ports, routed by KWOK's PortForward: HTTP/1.1 on 8088 (/healthcheck,
   * and the REST gateway answering as `gateway` says) and HTTP/2 without TLS on 8089 (the gRPC
   * health check answered as `grpc` says). With auth on, Flyte's gateway turns gRPC status 16 into
   * 401 with the status as JSON (grpc-gateway v2), and the gRPC server answers Unauthenticated in
   * the headers (a trailers-only response).
   */
  async function withStandIn(
    answers: { gateway: { status: number; body: string }; grpc: Record<string, string> },
    run: (calls: string[]) => Promise<void>,
  ): Promise<void> {
    const calls: string[] = [];
    const server = http.createServer((req, res) => {
      calls.push(`http ${req.url}`);
      if (req.url === '/healthcheck') res.writeHead(200).end('ok');
      else if (req.url === '/api/v1/projects') res.writeHead(answers.gateway.status, { 'content-type': 'application/json' }).end(answers.gateway.body);
      else res.writeHead(404).end();
    });
    const grpc = http2.createServer();
    grpc.on('stream', (stream, headers) => {
      calls.push(`grpc ${headers[':path']} ${headers['content-type']}`);
      stream.on('data', () => undefined);
      stream.on('end', () => stream.respond({ ':status': 200, ...answers.grpc }, { endStream: true }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => grpc.listen(0, '127.0.0.1', resolve));
    try {
      const pod = cp.mustKubectl(['get', 'pods', '-n', NS, '-l', SELECTOR, '-o', 'jsonpath={.items[0].metadata.name}']);
      cp.mustKubectl(['apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'kwok.x-k8s.io/v1alpha1',
          kind: 'PortForward',
          metadata: { name: pod, namespace: NS },
          spec: {
            forwards: [
              { ports: [8088], target: { address: '127.0.0.1', port: (server.address() as { port: number }).port } },
              { ports: [8089], target: { address: '127.0.0.1', port: (grpc.address() as { port: number }).port } },
            ],
          },
        }),
      });
      await run(calls);
    } finally {
      server.close();
      grpc.close();
    }
  }
  const unauthenticated = { status: 401, body: '{"code":16, "message":"token parse error [JWT_VERIFICATION_FAILED] Could not retrieve id token from metadata", "details":[]}' };
  const verifySh = async () => {
    const [localPort, localGrpcPort] = [await freePort(), await freePort()];
    return runAsync('bash', ['verify.sh', '--timeout', '60s', '--local-port', String(localPort), '--local-grpc-port', String(localGrpcPort)], { cwd: bundle, env: cp.env });
  };

  test('verify.sh passes: pods Ready, Services present, /healthcheck, the REST gateway (401) and gRPC (Unauthenticated) answered', async () => {
    await withStandIn({ gateway: unauthenticated, grpc: { 'content-type': 'application/grpc', 'grpc-status': '16', 'grpc-message': 'token parse error' } }, async (calls) => {
      const r = await verifySh();
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(r.stdout).toContain('verify.sh: Flyte is healthy: pods Ready, 3 Services present, /healthcheck, the REST gateway (HTTP 401) and gRPC (grpc-status 16) answered');
      // Each probe reached its port: the gRPC one as a gRPC call over HTTP/2.
      expect(calls).toEqual(expect.arrayContaining(['http /healthcheck', 'http /api/v1/projects', 'grpc /grpc.health.v1.Health/Check application/grpc']));
    });
  }, 180_000);

  test('verify.sh fails (exit 18) when the REST gateway cannot reach gRPC while /healthcheck passes', async () => {
    // What the gateway answers when its dial of 0.0.0.0:8089 goes to a proxy that refuses it.
    const unavailable = { status: 503, body: '{"code":14, "message":"connection error: desc = \\"transport: Error while dialing: proxyconnect tcp: dial tcp: lookup proxy.corp.example: no such host\\"", "details":[]}' };
    await withStandIn({ gateway: unavailable, grpc: { 'content-type': 'application/grpc', 'grpc-status': '16' } }, async (calls) => {
      const r = await verifySh();
      expect(r.stdout).toContain('/healthcheck answered');
      expect(r.stderr).toBe('verify.sh: /api/v1/projects answered HTTP 503, expected 401 from Flyte\'s gateway: {"code":14, "message":"connection error: desc = \\"transport: Error while dialing: proxyconnect tcp: dial tcp: lookup proxy.corp.example: no such host\\"", "details":[]}\n');
      expect(r.code).toBe(18);
      expect(calls).toContain('http /healthcheck');
    });
  }, 180_000);

  test('verify.sh fails (exit 18) on a 401 that is not Flyte\'s, and (exit 19) when the gRPC port is no gRPC server', async () => {
    await withStandIn({ gateway: { status: 401, body: '<html>401 Authorization Required</html>' }, grpc: {} }, async () => {
      const r = await verifySh();
      expect(r.stderr).toBe('verify.sh: /api/v1/projects answered 401 without the gateway\'s gRPC status 16 (Unauthenticated): <html>401 Authorization Required</html>\n');
      expect(r.code).toBe(18);
    });
    await withStandIn({ gateway: unauthenticated, grpc: { 'content-type': 'text/plain' } }, async () => {
      const r = await verifySh();
      expect(r.stderr).toMatch(/^verify\.sh: \/grpc\.health\.v1\.Health\/Check answered without a grpc-status, so not as a gRPC server: HTTP\/2 200 /);
      expect(r.code).toBe(19);
    });
  }, 240_000);

  test('deploy.sh again upgrades the release in place: revision 2, the same pod template, no new ReplicaSet', async () => {
    const before = replicaSets();
    const r = await runAsync('bash', ['deploy.sh', '--timeout', '3m', '--verify-key', key.publicFile], {
      cwd: bundle,
      env: { ...cp.env, REGISTRY_USERNAME: 'robot$ci', REGISTRY_PASSWORD: randomBytes(12).toString('hex') },
    });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`deploy.sh: release ${RELEASE} is deployed in namespace ${NS}`);
    const status = helmJson(['status', RELEASE]);
    expect([status.info.status, status.version]).toEqual(['deployed', 2]);
    expect(replicaSets()).toEqual(before);
    expect(podTemplate()).toEqual(firstTemplate);
  }, 300_000);

  test('helm upgrade of a site value rolls the pod onto a new ReplicaSet', () => {
    const before = replicaSets();
    const r = cp.helm(['upgrade', RELEASE, chart, '-n', NS, '--reuse-values', '--set', 'resources.limits.memory=3Gi', '--wait', '--timeout', '2m']);
    expect(r.status).toBe(0);
    const after = replicaSets();
    expect(after).toHaveLength(before.length + 1);
    const template = podTemplate();
    for (const c of template.spec.containers) expect(c.resources.limits.memory).toBe('3Gi');
    expect(firstTemplate.spec.containers[0].resources.limits.memory).toBe('2Gi');
    expect(helmJson(['status', RELEASE]).version).toBe(3);
    expect(json(['get', 'deployment', DEPLOYMENT, '-n', NS]).status.updatedReplicas).toBe(1);
  }, 180_000);

  test('helm rollback restores the previous pod spec', () => {
    const r = cp.helm(['rollback', RELEASE, '1', '-n', NS, '--wait', '--timeout', '2m']);
    expect(r.status).toBe(0);
    expect(podTemplate().spec).toEqual(firstTemplate.spec);
    expect(helmJson(['status', RELEASE]).version).toBe(4);
  }, 180_000);

  test('deploy.sh with the other Helm upgrades the release an operator made with this one (3 to 4, or back)', async () => {
    // Helm 4 upgrades with the apply method of the release's last revision (--server-side=auto,
    // helm.sh/helm/v4 pkg/cmd/upgrade.go); Helm 3 always applies client-side.
    const other = path.join(ROOT, '.tools', cp.versions.helm.startsWith('v3.') ? 'helm' : 'helm3');
    const r = await runAsync('bash', ['deploy.sh', '--timeout', '3m', '--verify-key', key.publicFile], {
      cwd: bundle,
      env: { ...cp.env, HELM: other, REGISTRY_USERNAME: 'robot$ci', REGISTRY_PASSWORD: randomBytes(12).toString('hex') },
    });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`[2/5] tools: ${other} ${cp.versions.helm.startsWith('v3.') ? 'v4.' : 'v3.'}`);
    const status = helmJson(['status', RELEASE]);
    expect([status.info.status, status.version]).toEqual(['deployed', 5]);
    expect(podTemplate().spec).toEqual(firstTemplate.spec);
  }, 300_000);

  test('helm uninstall removes the release objects and keeps the CRD, the namespace and the operator Secrets', () => {
    const kinds = 'deployment,service,configmap,serviceaccount,networkpolicy,ingress,servicemonitor';
    const owned = () => cp.mustKubectl(['get', kinds, '-n', NS, '-l', 'app.kubernetes.io/instance=flyte-backend', '-o', 'name']).trim();
    expect(owned()).not.toBe('');
    const r = cp.helm(['uninstall', RELEASE, '-n', NS, '--wait', '--timeout', '2m']);
    expect(r.status).toBe(0);
    expect(owned()).toBe('');
    for (const [kind, name] of [['clusterrole', 'flyte-backend-flyte-binary-cluster-role'], ['clusterrolebinding', 'flyte-backend-flyte-binary-cluster-role-binding']]) {
      expect(cp.kubectl(['get', kind, name]).status).not.toBe(0);
    }
    expect(cp.mustKubectl(['get', 'crd', 'flyteworkflows.flyte.lyft.com', '-o', 'name']).trim()).toBe('customresourcedefinition.apiextensions.k8s.io/flyteworkflows.flyte.lyft.com');
    expect(cp.mustKubectl(['get', 'namespace', NS, '-o', 'jsonpath={.status.phase}'])).toBe('Active');
    expect(cp.mustKubectl(['get', 'secrets', 'db-secret', 'private-registry-secret', '-n', NS, '-o', 'name']).trim().split('\n')).toHaveLength(2);
    expect(cp.helm(['status', RELEASE, '-n', NS]).status).not.toBe(0);
  }, 180_000);
});

/**
 * Facts of the upstream flyte-binary chart v1.16.8 (`helm template flyte-backend` with the
 * enterprise values) that our `enterprise` environment must keep. The objects are written out here
 * on purpose: the test states what upstream deploys, it does not read it from our code. What Flyte
 * reads from the configuration is compared at the end, with upstream's chart rendered by Helm and
 * both configurations loaded by Flyte's own loader.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import type { KubeObject } from '../src/synth/manifests';
import { flyteConfigOf } from './conformance/config-of';
import { assembleConfigDir, assembleTemplateDir, bcryptHash, effectiveConfig, renderTemplates } from './conformance/harness';
import { configSecrets, flyteHashFile, newClientSecret } from './conformance/operator-secrets';
import { differingPaths, eksProductionValues, upstreamRender, UPSTREAM } from './conformance/upstream';
import { objectsOf, ROOT } from './helpers';

// The enterprise environment with the upstream enterprise values where it goes beyond them (an
// ALB instead of NGINX, a verified database certificate, a CA bundle, a proxy, an S3 VPC endpoint,
// affinity and probe timings): parity is for the same settings.
const enterprise: any = YAML.parse(fs.readFileSync(path.join(ROOT, 'config', 'environments', 'enterprise.yaml'), 'utf8'));
const upstreamSettings = {
  ...enterprise,
  database: { ...enterprise.database, options: 'sslmode=require', caBundle: undefined },
  storage: { ...enterprise.storage, endpoint: undefined },
  caBundle: undefined,
  proxy: undefined,
  pod: { ...enterprise.pod, affinity: undefined, probes: undefined },
  ingress: {
    host: 'flyte.example.com',
    className: 'nginx',
    tlsSecret: 'flyte-tls',
    annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' },
    httpAnnotations: { 'nginx.ingress.kubernetes.io/app-root': '/console' },
    grpcAnnotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' },
  },
};
const objects: any[] = objectsOf(JSON.parse(JSON.stringify(upstreamSettings)));
const get = (kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`missing ${kind}/${name}`);
  return o;
};
const deployment = () => get('Deployment', 'flyte-backend-flyte-binary');
const flyte = () => deployment().spec.template.spec.containers.find((c: any) => c.name === 'flyte');

describe('parity with the upstream enterprise render', () => {
  test('every upstream object exists, except the documented drop', () => {
    const upstream = [
      'ServiceAccount/flyte-backend-flyte-binary',
      'ConfigMap/flyte-backend-flyte-binary-cluster-resource-templates',
      'ConfigMap/flyte-backend-flyte-binary-config',
      'ClusterRole/flyte-backend-flyte-binary-cluster-role',
      'ClusterRoleBinding/flyte-backend-flyte-binary-cluster-role-binding',
      'Service/flyte-backend-flyte-binary-grpc',
      'Service/flyte-backend-flyte-binary-http',
      'Service/flyte-backend-flyte-binary-webhook',
      'Deployment/flyte-backend-flyte-binary',
      'Ingress/flyte-backend-flyte-binary-grpc',
      'Ingress/flyte-backend-flyte-binary-http',
    ];
    const ours = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    for (const id of upstream) expect(ours).toContain(id);
    // Dropped on purpose (README "Differences from the upstream chart"): an empty Secret.
    expect(ours).not.toContain('Secret/flyte-backend-flyte-binary-config-secret');
  });

  test('namespaced objects are in "flyte"', () => {
    for (const o of objects.filter((x) => !['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding'].includes(x.kind))) {
      expect(`${o.kind}/${o.metadata.name}:${o.metadata.namespace}`).toBe(`${o.kind}/${o.metadata.name}:flyte`);
    }
  });

  test('services: names, ports, target ports and the upstream selector', () => {
    const selector = { 'app.kubernetes.io/name': 'flyte-binary', 'app.kubernetes.io/instance': 'flyte-backend', 'app.kubernetes.io/component': 'flyte-binary' };
    const expected: Record<string, unknown[]> = {
      'flyte-backend-flyte-binary-http': [{ name: 'http', port: 8088, targetPort: 'http' }],
      'flyte-backend-flyte-binary-grpc': [{ name: 'grpc', port: 8089, targetPort: 'grpc' }],
      'flyte-backend-flyte-binary-webhook': [{ name: 'webhook', port: 443, targetPort: 'webhook' }],
    };
    for (const [name, ports] of Object.entries(expected)) {
      const svc = get('Service', name);
      expect(svc.spec.type).toBe('ClusterIP');
      expect(svc.spec.ports).toEqual(ports);
      expect(svc.spec.selector).toEqual(selector);
    }
    expect(deployment().spec.selector.matchLabels).toEqual(selector);
    expect(deployment().spec.template.metadata.labels).toMatchObject(selector);
  });

  test('deployment: one replica, Recreate, the upstream container ports, args and env', () => {
    expect(deployment().spec.replicas).toBe(1);
    expect(deployment().spec.strategy).toEqual({ type: 'Recreate' });
    expect(flyte().ports).toEqual(expect.arrayContaining([
      { name: 'http', containerPort: 8088 },
      { name: 'grpc', containerPort: 8089 },
      { name: 'webhook', containerPort: 9443 },
    ]));
    expect(flyte().args).toEqual(['start', '--config', '/etc/flyte/config.d/*.yaml']);
    expect(flyte().env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ]);
    expect(flyte().imagePullPolicy).toBe('IfNotPresent');
    expect(deployment().spec.template.spec.serviceAccountName).toBe('flyte-backend-flyte-binary');
  });

  test('probes: /healthcheck on the http port after 30 s', () => {
    const probe = { httpGet: { path: '/healthcheck', port: 'http' }, initialDelaySeconds: 30 };
    expect(flyte().livenessProbe).toEqual(probe);
    expect(flyte().readinessProbe).toEqual(probe);
  });

  test('resources: requests 1 CPU / 1Gi, limits 2 CPU / 2Gi on both containers', () => {
    const r = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } };
    expect(flyte().resources).toEqual(r);
    expect(deployment().spec.template.spec.initContainers[0].resources).toEqual(r);
  });

  test('volume mounts and volumes of upstream', () => {
    const mounts = flyte().volumeMounts;
    expect(mounts).toEqual(expect.arrayContaining([
      { name: 'cluster-resource-templates', mountPath: '/etc/flyte/cluster-resource-templates' },
      { name: 'config', mountPath: '/etc/flyte/config.d' },
      { name: 'state', mountPath: '/var/run/flyte' },
      { name: 'db-secret', mountPath: '/etc/db-secret', readOnly: true },
    ]));
    const volumes = deployment().spec.template.spec.volumes;
    const byName = (n: string) => volumes.find((v: any) => v.name === n);
    expect(byName('cluster-resource-templates').projected.sources).toEqual([{ configMap: { name: 'flyte-backend-flyte-binary-cluster-resource-templates' } }]);
    // With auth on, upstream projects a Secret-backed file with the client's bcrypt hash into the
    // config folder too (its 014-auth-secrets.yaml); ours comes from the operator's Secret.
    expect(byName('config').projected.sources).toEqual([
      { configMap: { name: 'flyte-backend-flyte-binary-config' } },
      { secret: { name: 'flyte-propeller-client', items: [{ key: 'client_secret_hash.yaml', path: '006-auth-client-hash.yaml', mode: 0o440 }] } },
    ]);
    expect(byName('state').emptyDir).toBeDefined();
    expect(byName('db-secret').secret.secretName).toBe('db-secret');
  });

  test('wait-for-db init container waits for the RDS endpoint', () => {
    const init = deployment().spec.template.spec.initContainers[0];
    expect(init.name).toBe('wait-for-db');
    expect(init.command).toEqual(['sh', '-ec']);
    // Upstream writes the values into the script; here they are variables, so the shell never
    // expands a "$" in them. Same flags, same loop.
    expect(init.args[0]).toBe('until pg_isready \\\n  -h "$DB_HOST" \\\n  -p "$DB_PORT" \\\n  -U "$DB_USER"\ndo\n  echo waiting for database\n  sleep 0.1\ndone\n');
    expect(init.env).toEqual([
      { name: 'DB_HOST', value: 'flyte-db.cluster-abc123.us-east-1.rds.amazonaws.com' },
      { name: 'DB_PORT', value: '5432' },
      { name: 'DB_USER', value: 'flyteadmin' },
    ]);
  });

  test('RBAC: the upstream rules minus CRD creation, with the webhook narrowed to its own object', () => {
    const rules = get('ClusterRole', 'flyte-backend-flyte-binary-cluster-role').rules;
    expect(rules).toEqual([
      // Upstream's first rule, plus limitranges (the LimitRange template creates them), minus
      // secrets (a namespaced Role, below: issue 20 item 12).
      { apiGroups: [''], resources: ['limitranges', 'namespaces', 'resourcequotas', 'serviceaccounts'], verbs: ['create', 'get', 'list', 'patch', 'update'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch', 'update'] },
      { apiGroups: [''], resources: ['podtemplates'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['flyte.lyft.com'], resources: ['flyteworkflows'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'post', 'update', 'watch'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['create'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], resourceNames: ['flyte-backend-flyte-binary-webhook'], verbs: ['get', 'update'] },
    ]);
    expect(rules.some((r: any) => r.apiGroups.includes('apiextensions.k8s.io'))).toBe(false);
    const binding = get('ClusterRoleBinding', 'flyte-backend-flyte-binary-cluster-role-binding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'flyte-backend-flyte-binary-cluster-role' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'flyte-backend-flyte-binary', namespace: 'flyte' }]);
  });

  test('service account: IRSA role and the pull secret', () => {
    const sa = get('ServiceAccount', 'flyte-backend-flyte-binary');
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::123456789012:role/flyte-backend');
    expect(sa.imagePullSecrets).toEqual([{ name: 'private-registry-secret' }]);
  });

  test('ingresses: class, TLS, host, annotations and backends', () => {
    const http = get('Ingress', 'flyte-backend-flyte-binary-http');
    const grpc = get('Ingress', 'flyte-backend-flyte-binary-grpc');
    expect(http.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', 'nginx.ingress.kubernetes.io/app-root': '/console' });
    expect(grpc.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' });
    for (const ing of [http, grpc]) {
      expect(ing.spec.ingressClassName).toBe('nginx');
      expect(ing.spec.tls).toEqual([{ hosts: ['flyte.example.com'], secretName: 'flyte-tls' }]);
      expect(ing.spec.rules[0].host).toBe('flyte.example.com');
    }
    expect(http.spec.rules[0].http.paths.map((p: any) => p.path)).toEqual([
      '/console', '/console/*', '/api', '/api/*', '/healthcheck', '/v1/*', '/.well-known', '/.well-known/*', '/login', '/login/*',
      '/logout', '/logout/*', '/callback', '/callback/*', '/me', '/config', '/config/*', '/oauth2', '/oauth2/*',
    ]);
    expect(grpc.spec.rules[0].http.paths.map((p: any) => p.path)).toEqual([
      '/flyteidl.service.AdminService', '/flyteidl.service.AdminService/*', '/flyteidl.service.AuthMetadataService', '/flyteidl.service.AuthMetadataService/*',
      '/flyteidl.service.DataProxyService', '/flyteidl.service.DataProxyService/*', '/flyteidl.service.IdentityService', '/flyteidl.service.IdentityService/*',
      '/flyteidl.service.SignalService', '/flyteidl.service.SignalService/*', '/grpc.health.v1.Health', '/grpc.health.v1.Health/*',
    ]);
  });

  test('every image, the co-pilot image in the config included, is under your-private-registry.com', () => {
    const pod = deployment().spec.template.spec;
    const images = [...pod.containers, ...pod.initContainers].map((c: any) => c.image);
    // The co-pilot image as Flyte reads it from the config folder (conformance harness).
    images.push(flyteConfigOf(objects).plugins.k8s['co-pilot'].image);
    // flyte-binary twice: the main container and, with auth, gen-admin-auth-secret.
    expect(images).toHaveLength(4);
    for (const image of images) expect(image.startsWith('your-private-registry.com/')).toBe(true);
    expect(images.some((i: string) => i.includes('flytecopilot-release:v1.16.8'))).toBe(true);
  });
});

/**
 * The upstream chart with `configuration.auth.enabled=true` and the enterprise environment's auth
 * settings (oidc baseUrl/clientId, internal clientId flytepropeller, authorizedUris): the objects,
 * written out (what Flyte reads is compared below, through its own loader).
 */
describe('parity with the upstream render with auth on (same settings)', () => {
  const podSpec = () => deployment().spec.template.spec;

  test('the Secret Flyte generates its keys into exists, empty, under upstream\'s name', () => {
    const secret = get('Secret', 'flyte-backend-flyte-binary-admin-auth');
    expect(secret.type).toBe('Opaque');
    expect(secret.data).toBeUndefined();
    expect(secret.stringData).toBeUndefined();
  });

  test('no Secret with client secrets is rendered (upstream writes client-secrets with the values)', () => {
    expect(objects.find((o) => o.metadata.name === 'flyte-backend-flyte-binary-client-secrets')).toBeUndefined();
  });

  test('mounted files: /etc/secrets holds the generated keys, client_secret and oidc_client_secret (copied by the init container from these Secrets)', () => {
    expect(flyte().volumeMounts).toContainEqual({ name: 'auth', mountPath: '/etc/secrets', readOnly: true });
    const volume = podSpec().volumes.find((v: any) => v.name === 'auth-sources');
    const sources = volume.projected.sources.map((s: any) => s.secret);
    expect(sources[0]).toEqual({ name: 'flyte-backend-flyte-binary-admin-auth' });
    const files = sources.flatMap((s: any) => (s.items ?? []).map((i: any) => i.path)).sort();
    expect(files).toEqual(['client_secret', 'oidc_client_secret']);
  });

  test('the init container gen-admin-auth-secret runs "secrets init" then "secrets create" into that Secret', () => {
    const init = podSpec().initContainers.find((c: any) => c.name === 'gen-admin-auth-secret');
    expect(init.command).toEqual(['sh', '-ec']);
    expect(init.args[0]).toMatch(/secrets init --localPath "\$AUTH_GENERATED"\n.*secrets create --name flyte-backend-flyte-binary-admin-auth --fromPath "\$AUTH_GENERATED"\n/);
    expect(init.env).toContainEqual({ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } });
    expect(init.env).toContainEqual({ name: 'AUTH_GENERATED', value: '/tmp/admin-auth-secret' });
    expect(init.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/flyte/config.d' });
    expect(init.image).toBe(flyte().image);
  });
});

/**
 * What Flyte v1.16.8 reads from upstream's render against what it reads from ours, for the same
 * settings, through Flyte's own loader (the conformance harness): the upstream chart rendered here
 * by the real Helm with the enterprise values, eks-production.yaml's logging, inline configuration
 * and cluster-resource templates (its placeholders filled in), and auth on with the enterprise environment's
 * settings and one client secret for both. Every configuration key whose value differs must be a
 * row of "Differences from the upstream chart" (docs/upstream.md, linked from README), and every listed key must still differ.
 */
describe('what Flyte reads: ours against upstream\'s render (conformance harness)', () => {
  const ROLE = 'arn:aws:iam::123456789012:role/flyte-tasks';
  const LOG_GROUP = '/aws/eks/flyte-enterprise/cluster';
  const secret = newClientSecret();
  const eks = eksProductionValues({ AWS_REGION: 'us-east-1', EKS_CLUSTER_NAME: 'flyte-enterprise', FLYTE_USER_IAM_ARN: ROLE });
  const upstreamObjects = upstreamRender([path.join(UPSTREAM, 'enterprise.values.yaml'), {
    clusterResourceTemplates: eks.clusterResourceTemplates,
    configuration: {
      logging: eks.configuration.logging,
      inline: eks.configuration.inline,
      auth: {
        enabled: true,
        oidc: { baseUrl: enterprise.auth.oidc.issuer, clientId: enterprise.auth.oidc.clientId, clientSecret: newClientSecret() },
        // The chart writes clientSecretHash as given: Flyte decodes it from base64.
        internal: { clientSecret: secret, clientSecretHash: Buffer.from(bcryptHash(secret)).toString('base64') },
        authorizedUris: enterprise.auth.authorizedUris,
      },
    },
  }]);
  // Ours for the same settings: one task role for every domain (eks-production.yaml's form), its
  // CloudWatch group, no projects of our own (upstream seeds flytesnacks), no quota or task resources.
  const oursObjects = objectsOf(JSON.parse(JSON.stringify({
    ...upstreamSettings,
    projects: undefined,
    tasks: { roleArn: ROLE },
    logs: { cloudwatch: { region: 'us-east-1', logGroup: LOG_GROUP } },
  })));
  const upstreamDir = assembleConfigDir(upstreamObjects);
  const oursDir = assembleConfigDir(oursObjects, configSecrets(oursObjects, { secret, makeHashFile: flyteHashFile }, 'flytepropeller'));
  const upstream = effectiveConfig(upstreamDir);
  const ours = effectiveConfig(oursDir);
  afterAll(() => {
    for (const d of [upstreamDir, oursDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  /** Each key where Flyte reads a different value, with the docs/upstream.md row that gives the reason. */
  const DIFFERENCES: Record<string, string> = {
    'admin.tokenUrl': '`admin.tokenUrl`',
    'auth.authorizedUris': '`authorizedUris`',
    'flyteadmin.roleNameKey': 'flyteadmin.roleNameKey',
    'logger.level': '`logger.level`',
    'plugins.k8s-array.logs.config.cloudwatch-log-group': '`cloudwatch-region`, `cloudwatch-log-group`',
    'plugins.k8s-array.logs.config.cloudwatch-region': '`cloudwatch-region`, `cloudwatch-log-group`',
    'plugins.k8s-array.logs.config.cloudwatch-template-uri': '`cloudwatch-template-uri`',
    'plugins.k8s.co-pilot.image': 'same for co-pilot',
    'plugins.k8s.default-env-vars': '`plugins.k8s.default-env-vars`',
    'plugins.logs.cloudwatch-log-group': '`cloudwatch-region`, `cloudwatch-log-group`',
    'plugins.logs.cloudwatch-region': '`cloudwatch-region`, `cloudwatch-log-group`',
    'plugins.logs.cloudwatch-template-uri': '`cloudwatch-template-uri`',
    'propeller.create-flyteworkflow-crd': '`propeller.create-flyteworkflow-crd: false`',
    'storage.cache': '`storage.cache`',
    'tasks.task-plugins.enabled-plugins': '`k8s-array`',
  };
  const documented = (p: string) => Object.keys(DIFFERENCES).find((k) => p === k || p.startsWith(`${k}.`));
  const guide = fs.readFileSync(path.join(ROOT, 'docs', 'upstream.md'), 'utf8');
  const differencesSection = guide.slice(guide.indexOf('# Differences from the upstream chart'), guide.indexOf('## RBAC'));

  test('both load strictly; every key that differs is a documented difference, and every documented one differs', () => {
    const differing = differingPaths(upstream, ours);
    expect(differing.filter((p) => documented(p) === undefined)).toEqual([]);
    expect(Object.keys(DIFFERENCES).filter((k) => !differing.some((p) => documented(p) === k))).toEqual([]);
  });

  test('"Differences from the upstream chart" (docs/upstream.md) has a row for each', () => {
    for (const phrase of new Set(Object.values(DIFFERENCES))) expect(`${phrase}: ${differencesSection.includes(phrase)}`).toBe(`${phrase}: true`);
  });

  test('the differences, value by value', () => {
    expect([upstream.propeller['create-flyteworkflow-crd'], ours.propeller['create-flyteworkflow-crd']]).toEqual([true, false]);
    expect([upstream.flyteadmin.roleNameKey, ours.flyteadmin.roleNameKey]).toEqual(['iam.amazonaws.com/role', 'eks.amazonaws.com/role-arn']);
    expect([upstream.logger.level, ours.logger.level]).toEqual([5, 3]);
    expect(upstream.plugins.logs['cloudwatch-template-uri']).toContain(';stream=var.log.containers.{{ .podName }}');
    expect(ours.plugins.logs['cloudwatch-template-uri']).toContain(';stream={{ .nodeName }}-application.var.log.containers.{{ .podName }}');
    expect([upstream.admin.tokenUrl, ours.admin.tokenUrl]).toEqual(['', 'http://localhost:8088/oauth2/token']);
  });

  test('the same: customData, inject-finalizer, the internal server\'s clients and hash, openId, useAuth, database, storage', () => {
    for (const key of ['cluster_resources', 'server', 'database', 'storage.stow', 'storage.container', 'domains', 'task_resources', 'webhook', 'catalog-cache', 'flyte.dataCatalog', 'flyte.propeller']) {
      const pick = (c: any) => key.split('.').reduce((v, k) => v[k], c);
      expect(`${key}: ${JSON.stringify(pick(ours))}`).toBe(`${key}: ${JSON.stringify(pick(upstream))}`);
    }
    expect(ours.cluster_resources.customData.production.defaultIamRole.value).toBe(ROLE);
    expect(ours.plugins.k8s['inject-finalizer']).toBe(true);
    expect(ours.auth.appAuth).toEqual(upstream.auth.appAuth);
    expect(ours.auth.userAuth).toEqual(upstream.auth.userAuth);
    expect(ours.server.security.useAuth).toBe(true);
  });

  test('the cluster-resource templates render alike: upstream\'s ServiceAccount with the role, ours with the pull Secret and the regional STS endpoint', () => {
    const render = (objects: KubeObject[], dir: string) => {
      const templates = assembleTemplateDir(objects);
      try {
        const files = renderTemplates(dir, templates, 'flytesnacks', 'production').split(/^---\n# Source: /m).filter((t) => t.length > 0);
        const sa = files.find((f) => f.startsWith('002_serviceaccount.yaml\n'))!;
        return YAML.parse(sa.slice(sa.indexOf('\n') + 1));
      } finally {
        fs.rmSync(templates, { recursive: true, force: true });
      }
    };
    const theirs = render(upstreamObjects, upstreamDir);
    const mine = render(oursObjects, oursDir);
    expect(theirs.metadata).toEqual({ name: 'default', namespace: 'flytesnacks-production', annotations: { 'eks.amazonaws.com/role-arn': ROLE } });
    expect(mine.metadata).toEqual({ name: 'default', namespace: 'flytesnacks-production', annotations: { 'eks.amazonaws.com/role-arn': ROLE, 'eks.amazonaws.com/sts-regional-endpoints': 'true' } });
    expect(mine.imagePullSecrets).toEqual([{ name: 'private-registry-secret' }]);
  });
});

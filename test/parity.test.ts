/**
 * Facts of the upstream flyte-binary chart v1.16.8 (`helm template flyte-backend` with the
 * enterprise values) that our `enterprise` environment must keep. Written out here on purpose:
 * the test states what upstream deploys, it does not read it from our code.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
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
const config = (file: string) => YAML.parse(get('ConfigMap', 'flyte-backend-flyte-binary-config').data[file]);

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

  test('Flyte config files and values', () => {
    // 004-tasks.yaml holds what upstream's eks-production.yaml puts under its inline config (see below).
    expect(Object.keys(get('ConfigMap', 'flyte-backend-flyte-binary-config').data).sort()).toEqual(['000-core.yaml', '001-plugins.yaml', '002-database.yaml', '003-storage.yaml', '004-tasks.yaml', '005-auth.yaml']);
    const core = config('000-core.yaml');
    // The client keys come with auth (see the auth parity below).
    expect(core.admin).toEqual({ authType: 'ClientSecret', clientId: 'flytepropeller', clientSecretLocation: '/etc/secrets/client_secret', endpoint: 'localhost:8089', insecure: true });
    expect(core['catalog-cache']).toEqual({ endpoint: 'localhost:8081', insecure: true, type: 'datacatalog' });
    expect(core.cluster_resources).toEqual({ standaloneDeployment: false, templatePath: '/etc/flyte/cluster-resource-templates' });
    expect(core.logger).toEqual({ 'show-source': true, level: 1 });
    expect(core.webhook).toEqual({
      certDir: '/var/run/flyte/certs', localCert: true, secretName: 'flyte-backend-flyte-binary-webhook-secret',
      serviceName: 'flyte-backend-flyte-binary-webhook', servicePort: 443,
    });
    expect(core.flyte).toEqual({
      // The enterprise environment declares its own projects in place of upstream's flytesnacks.
      admin: {
        disableClusterResourceManager: false, disableScheduler: false, disabled: false, seedProjects: ['analytics', 'ml-training'],
        seedProjectsWithDetails: [{ description: 'Reporting pipelines.', name: 'analytics' }, { description: 'Model training.', name: 'ml-training' }],
      },
      dataCatalog: { disabled: false },
      propeller: { disableWebhook: false, disabled: false },
    });
    const plugins = config('001-plugins.yaml');
    expect(plugins.tasks['task-plugins']['enabled-plugins']).toEqual(['container', 'sidecar', 'k8s-array', 'connector-service', 'echo']);
    expect(plugins.tasks['task-plugins']['default-for-task-types']).toEqual({ container: 'container', container_array: 'k8s-array', sidecar: 'sidecar' });
    expect(config('002-database.yaml')).toEqual({
      database: { postgres: { username: 'flyteadmin', host: 'flyte-db.cluster-abc123.us-east-1.rds.amazonaws.com', port: 5432, dbname: 'flyte', options: 'sslmode=require', passwordPath: '/etc/db-secret/password' } },
    });
    expect(config('003-storage.yaml')).toEqual({
      propeller: { 'rawoutput-prefix': 's3://acme-flyte-userdata/data' },
      storage: { type: 'stow', stow: { kind: 's3', config: { region: 'us-east-1', disable_ssl: false, v2_signing: false, auth_type: 'iam' } }, container: 'acme-flyte-metadata' },
    });
    // Upstream's default template, plus the Pod Security labels.
    expect(YAML.parse(get('ConfigMap', 'flyte-backend-flyte-binary-cluster-resource-templates').data['001_namespace.yaml'])).toMatchObject({
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: '{{ namespace }}' },
    });
  });

  test('documented config differences: CRD shipped, metrics port pinned', () => {
    expect(config('000-core.yaml').propeller).toEqual({ 'create-flyteworkflow-crd': false, 'prof-port': 10254 });
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
    images.push(config('001-plugins.yaml').plugins.k8s['co-pilot'].image);
    // flyte-binary twice: the main container and, with auth, gen-admin-auth-secret.
    expect(images).toHaveLength(4);
    for (const image of images) expect(image.startsWith('your-private-registry.com/')).toBe(true);
    expect(images.some((i: string) => i.includes('flytecopilot-release:v1.16.8'))).toBe(true);
  });
});

/**
 * Upstream's eks-production.yaml with the settings of our enterprise environment filled in (a
 * worker role for every domain, CloudWatch links, task resources through its inline config):
 * what that render writes, stated here, against what we write.
 */
describe('parity with upstream eks-production.yaml for the same settings', () => {
  const templates = () => get('ConfigMap', 'flyte-backend-flyte-binary-cluster-resource-templates').data;

  test('cluster_resources.customData: the role of each domain under defaultIamRole (upstream writes a list of one-key maps; Flyte reads both as this map)', () => {
    const customData = config('004-tasks.yaml').cluster_resources.customData;
    const upstream = [
      { production: [{ defaultIamRole: { value: 'arn:aws:iam::123456789012:role/flyte-tasks-production' } }] },
      { staging: [{ defaultIamRole: { value: 'arn:aws:iam::123456789012:role/flyte-tasks' } }] },
      { development: [{ defaultIamRole: { value: 'arn:aws:iam::123456789012:role/flyte-tasks' } }] },
    ];
    for (const entry of upstream) {
      for (const [domain, vars] of Object.entries(entry)) {
        for (const v of vars) for (const [name, value] of Object.entries(v)) expect(customData[domain][name]).toEqual(value);
      }
    }
    expect(Object.keys(customData).sort()).toEqual(['development', 'production', 'staging']);
  });

  test('the ServiceAccount template: upstream\'s default ServiceAccount with the role annotation, plus the pull Secret and the regional STS endpoint', () => {
    const sa = YAML.parse(templates()['002_serviceaccount.yaml']);
    expect(sa).toMatchObject({
      apiVersion: 'v1', kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: '{{ namespace }}', annotations: { 'eks.amazonaws.com/role-arn': '{{ defaultIamRole }}' } },
    });
    expect(sa.imagePullSecrets).toEqual([{ name: 'private-registry-secret' }]);
    expect(sa.metadata.annotations['eks.amazonaws.com/sts-regional-endpoints']).toBe('true');
  });

  test('plugins.logs and the k8s-array plugin: upstream\'s keys with CloudWatch enabled and its template', () => {
    const uri = 'https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEventViewer:group=/aws/containerinsights/flyte-enterprise/application;stream=var.log.containers.{{ .podName }}_{{ .namespace }}_{{ .containerName }}-{{ .containerId }}.log';
    const upstream = { 'kubernetes-enabled': false, 'cloudwatch-enabled': true, 'cloudwatch-template-uri': uri, 'stackdriver-enabled': false };
    const plugins = config('001-plugins.yaml').plugins;
    expect(plugins.logs).toMatchObject(upstream);
    expect(plugins['k8s-array'].logs.config).toMatchObject(upstream);
    // Beyond upstream: the region and log group Flyte would build the same link from.
    expect(plugins.logs['cloudwatch-region']).toBe('us-east-1');
    expect(plugins.logs['cloudwatch-log-group']).toBe('/aws/containerinsights/flyte-enterprise/application');
  });

  test('task_resources: flyteadmin\'s keys (cpu, memory, gpu, ephemeralStorage) for defaults and limits', () => {
    expect(config('004-tasks.yaml').task_resources).toEqual({
      defaults: { cpu: '500m', memory: '1Gi', ephemeralStorage: '2Gi' },
      limits: { cpu: '4', memory: '16Gi', gpu: '1', ephemeralStorage: '20Gi' },
    });
  });

  test('task plugins: upstream\'s enabled plugins and defaults (k8s-array in lower case, as the plugin registers)', () => {
    expect(config('001-plugins.yaml').tasks['task-plugins']).toEqual({
      'enabled-plugins': ['container', 'sidecar', 'k8s-array', 'connector-service', 'echo'],
      'default-for-task-types': { container: 'container', sidecar: 'sidecar', container_array: 'k8s-array' },
    });
  });
});

/**
 * The upstream chart with `configuration.auth.enabled=true` and the enterprise environment's auth
 * settings (oidc baseUrl/clientId, internal clientId flytepropeller, authorizedUris), written out.
 */
describe('parity with the upstream render with auth on (same settings)', () => {
  const podSpec = () => deployment().spec.template.spec;
  const auth = () => config('005-auth.yaml');

  test('config: server.security.useAuth, the openId client, the internal server and authorizedUris', () => {
    expect(auth().server).toEqual({ security: { useAuth: true } });
    expect(auth().auth.userAuth.openId).toMatchObject({ baseUrl: 'https://login.example.com/oauth2/default', clientId: '0oa1flyteconsole', scopes: ['profile', 'openid'] });
    expect(auth().auth.appAuth.thirdPartyConfig.flyteClient).toMatchObject({ clientId: 'flytectl', redirectUri: 'http://localhost:53593/callback', scopes: ['all'] });
    const clients = auth().auth.appAuth.selfAuthServer.staticClients;
    expect(Object.keys(clients).sort()).toEqual(['flyte-cli', 'flytectl', 'flytepropeller']);
    expect(clients.flytepropeller).toMatchObject({ id: 'flytepropeller', grant_types: ['refresh_token', 'client_credentials'], response_types: ['token'], scopes: ['all', 'offline', 'access_token'] });
    expect(clients.flytectl).toMatchObject({ public: true, redirect_uris: ['http://localhost:53593/callback', 'http://localhost:12345/callback'] });
    // Upstream lists the site's URL, then the Service in four spellings (it names "<fullname>",
    // a Service it never creates; ours is the HTTP Service).
    expect(auth().auth.authorizedUris).toEqual([
      'https://flyte.example.com',
      'http://flyte-backend-flyte-binary-http:8088',
      'http://flyte-backend-flyte-binary-http.flyte:8088',
      'http://flyte-backend-flyte-binary-http.flyte.svc:8088',
      'http://flyte-backend-flyte-binary-http.flyte.svc.cluster.local:8088',
    ]);
  });

  test('propeller\'s admin client: clientId flytepropeller, secret file /etc/secrets/client_secret', () => {
    expect(config('000-core.yaml').admin).toMatchObject({ clientId: 'flytepropeller', endpoint: 'localhost:8089', insecure: true });
    // Upstream leaves these at Flyte's defaults, which are these values.
    expect(config('000-core.yaml').admin).toMatchObject({ authType: 'ClientSecret', clientSecretLocation: '/etc/secrets/client_secret' });
  });

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

/** fast-check arbitraries shared by the fuzz suite and the control-plane apply test. */
import fc from 'fast-check';

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/);
const dnsName = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => l.join('.'));
const host = fc.oneof(dnsName, fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.')));
// Kubernetes refuses an IP as an Ingress host: the last label has a letter.
const ingressHost = fc
  .tuple(fc.array(label, { maxLength: 2 }), fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/))
  .map(([l, last]) => [...l, last].join('.'));
// System namespaces (default, kube-*) are refused.
const namespace = label.filter((n) => n !== 'default' && !n.startsWith('kube-'));
const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/);
const bucket = fc.stringMatching(/^[a-z][a-z0-9-]{1,20}[a-z0-9]$/);
const quantityPair = (unit: string, max: number) =>
  fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max })).map(([a, b]) => [`${Math.min(a, b)}${unit}`, `${Math.max(a, b)}${unit}`]);

/** Three ordered integers a <= b <= c (task default <= task limit <= quota). */
const ordered = (max: number) =>
  fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max }), fc.integer({ min: 1, max })).map((t) => [...t].sort((x, y) => x - y));
const roleArnOf = (account: string) => fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,20}$/).map((n) => `arn:aws:iam::${account}:role/${n}`);
// Kubernetes refuses the data keys "." and "..*".
const secretKey = fc.stringMatching(/^[-._a-zA-Z0-9]{1,20}$/).filter((k) => k !== '.' && !k.startsWith('..'));
const plugin = fc.constantFrom('container', 'sidecar', 'pod', 'k8s-array', 'connector-service', 'echo', 'spark', 'ray', 'dask', 'pytorch', 'tensorflow', 'mpi');
const linkTemplate = fc
  .tuple(dnsName, fc.constantFrom('{{ .podName }}', '{{.namespace}}', '{{ .containerName }}', 'static'))
  .map(([h, v]) => `https://${h}/logs?q=${v}`);

/** Workflow settings: projects, domains, task roles, quotas and resources, plugins, log links, flyteConfig. */
const workflow = fc.record({
  projects: fc.option(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  domains: fc.option(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  roleArn: fc.option(roleArnOf('210987654321'), { nil: undefined }),
  override: fc.option(fc.record({ roleArn: fc.option(roleArnOf('444455556666'), { nil: undefined }), quotaBoost: fc.integer({ min: 0, max: 50 }) }), { nil: undefined }),
  podSecurity: fc.option(fc.constantFrom('privileged', 'baseline', 'restricted'), { nil: undefined }),
  trustLaterProjects: fc.option(fc.boolean(), { nil: undefined }),
  cpu: fc.option(ordered(64), { nil: undefined }),
  memory: ordered(256),
  gpu: fc.option(ordered(8), { nil: undefined }),
  withQuota: fc.boolean(),
  plugins: fc.option(fc.uniqueArray(plugin, { minLength: 1, maxLength: 5 }), { nil: undefined }),
  cloudwatch: fc.option(fc.record({ region: fc.constantFrom('us-east-1', 'us-gov-west-1', 'cn-north-1'), logGroup: fc.stringMatching(/^\/[a-z0-9/_-]{1,30}$/) }), { nil: undefined }),
  kubernetes: fc.option(linkTemplate.map((templateUri) => ({ templateUri })), { nil: undefined }),
  custom: fc.option(fc.array(fc.record({ displayName: fc.stringMatching(/^[A-Z][a-z]{0,10}$/), templateUris: fc.array(linkTemplate, { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  flyteConfig: fc.option(fc.record({ retries: fc.integer({ min: 0, max: 9 }), finalizer: fc.boolean() }), { nil: undefined }),
  podTemplateUser: fc.option(fc.integer({ min: 1, max: 65534 }), { nil: undefined }),
  // Names in any case; values go-yaml would read as numbers, booleans or null must stay strings.
  taskEnv: fc.option(
    fc.uniqueArray(
      fc.record({
        name: fc.oneof(fc.constantFrom('PIP_INDEX_URL', 'HF_HUB_OFFLINE', 'AWS_STS_REGIONAL_ENDPOINTS', 'pip_trusted_host'), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/)),
        value: fc.oneof(fc.constantFrom('1', 'true', 'no', 'null', '', '0x1F', 'https://nexus.corp.example/repository/pypi/simple'), fc.stringMatching(/^[a-z0-9 :/._,=-]{0,20}$/)),
      }),
      { minLength: 1, maxLength: 4, selector: (v) => v.name },
    // Names the chart or Flyte set are refused; literal values under secret-looking names too.
    ).map((vars) => vars.filter((v) => !/^(FLYTE_AWS_ENDPOINT|HTTPS?_PROXY|NO_PROXY|SSL_CERT_FILE|AWS_CA_BUNDLE|REQUESTS_CA_BUNDLE)$/i.test(v.name) && !/^(FLYTE_INTERNAL_|_F_|FLYTE_ATTEMPT_NUMBER$|FLYTE_EXECUTION_URL$)/.test(v.name) && !/pass|pwd|secret|token|key/i.test(`${v.name} ${v.value}`))),
    { nil: undefined, freq: 2 },
  ),
  namespaceObjects: fc.option(fc.subarray([
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'team-settings', labels: { team: 'data' } }, data: { PROJECT: '{{ project }}', DOMAIN: '{{ domain }}' } },
    { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'gpu-tasks' }, template: { spec: { nodeSelector: { 'nvidia.com/gpu.present': 'true' }, containers: [{ name: 'default', image: 'registry.example/noop:1' }] } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-ingress' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
  ], { minLength: 1 }), { nil: undefined }),
});

function workflowSettings(w: typeof workflow extends fc.Arbitrary<infer T> ? T : never): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (w.projects) out.projects = w.projects.map((name, i) => (i % 2 === 0 ? { name, description: `Project ${name}.` } : { name }));
  const domains = w.domains ?? ['development', 'staging', 'production'];
  if (w.domains) out.domains = w.domains;
  const tasks: Record<string, any> = {};
  if (w.podSecurity) tasks.podSecurity = w.podSecurity;
  if (w.podTemplateUser !== undefined) tasks.podTemplate = { runAsUser: w.podTemplateUser };
  if (w.namespaceObjects) tasks.namespaceObjects = w.namespaceObjects;
  if (w.taskEnv && w.taskEnv.length > 0) tasks.env = w.taskEnv;
  if (w.trustLaterProjects !== undefined) tasks.trustLaterProjects = w.trustLaterProjects;
  const last = domains[domains.length - 1];
  const overrideRole = w.override?.roleArn;
  // A shared role that some domain still uses, plus an override; or an override in every domain.
  if (w.roleArn && !(overrideRole && domains.length === 1)) tasks.roleArn = w.roleArn;
  if (w.cpu) {
    const [cd, cl, cq] = w.cpu;
    const [md, ml, mq] = w.memory;
    tasks.resources = { defaults: { cpu: `${cd * 100}m`, memory: `${md}Gi` }, limits: { cpu: `${cl * 100}m`, memory: `${ml}Gi` } };
    if (w.gpu) tasks.resources.limits.gpu = String(w.gpu[1]);
    if (w.withQuota) {
      tasks.quota = { cpu: `${cq * 100}m`, memory: `${mq}Gi`, ...(w.gpu ? { gpu: String(w.gpu[2]) } : {}) };
    }
  }
  const override: Record<string, unknown> = {};
  if (overrideRole) override.roleArn = overrideRole;
  if (tasks.quota && w.override && w.override.quotaBoost > 0) {
    const q = tasks.quota;
    override.quota = { ...q, memory: `${parseInt(q.memory, 10) + w.override.quotaBoost}Gi` };
  }
  if (Object.keys(override).length > 0) {
    if (!tasks.roleArn && overrideRole && domains.length > 1) {
      // Without a shared role every domain needs its own.
      tasks.domains = Object.fromEntries(domains.map((d) => [d, d === last ? override : { roleArn: overrideRole }]));
    } else tasks.domains = { [last]: override };
  }
  if (Object.keys(tasks).length > 0 || w.roleArn) out.tasks = tasks;
  if (w.plugins) {
    out.plugins = { enabled: w.plugins, defaultForTaskTypes: Object.fromEntries(w.plugins.slice(0, 2).map((p) => [`${p.replace(/-/g, '_')}_task`, p])) };
  }
  if (w.cloudwatch || w.kubernetes || w.custom) out.logs = { ...(w.cloudwatch ? { cloudwatch: w.cloudwatch } : {}), ...(w.kubernetes ? { kubernetes: w.kubernetes } : {}), ...(w.custom ? { custom: w.custom } : {}) };
  // Settings the schema does not model (inject-finalizer is the release's own since issue 19).
  if (w.flyteConfig) out.flyteConfig = { propeller: { 'max-workflow-retries': w.flyteConfig.retries }, plugins: { k8s: { 'send-object-events': w.flyteConfig.finalizer } } };
  return out;
}

/** The auth block of a generated environment; names carry prefixes no other generated Secret has. */
function authSettings(a: {
  issuer: string; clientId: string; external: boolean; audience?: string; internalClientId?: string; scopes?: string[];
  oidcSynced: boolean; internalSynced: boolean; shared: boolean; authorizedUris: string[];
  cli?: { clientId?: string; redirectUri?: string; scopes?: string[] };
}): Record<string, unknown> {
  const sync = (remoteKey: string, extra: Record<string, string> = {}) => ({ source: 'externalSecret', externalSecret: { storeName: 'aws-sm', remoteKey, property: 'secret', ...extra } });
  const shared = a.shared && !a.oidcSynced && !a.internalSynced;
  return {
    oidc: { issuer: a.issuer, clientId: a.clientId, clientSecret: { name: shared ? 'auth-clients' : 'oidc-client', key: 'oidc', ...(a.oidcSynced ? sync('prod/oidc') : {}) } },
    ...(a.external
      ? { authorizationServer: { type: 'external', issuer: a.issuer, ...(a.audience ? { audience: a.audience } : {}) } }
      : {}),
    internalClient: {
      ...(a.internalClientId ? { clientId: a.internalClientId } : {}),
      ...(a.scopes ? { scopes: a.scopes } : {}),
      clientSecret: {
        name: shared ? 'auth-clients' : 'propeller-client',
        ...(a.internalSynced ? sync('prod/propeller', a.external ? {} : { hashProperty: 'hash' }) : {}),
      },
    },
    authorizedUris: a.authorizedUris,
    ...(a.cli ? { cliClient: a.cli } : {}),
  };
}

/** A valid environment file (as a plain object) drawn from the whole space the schema accepts. */
const nodeRequirement = fc.oneof(
  fc.record({ key: fc.constantFrom('kubernetes.io/arch', 'eks.amazonaws.com/capacityType', 'corp.example/pool'), operator: fc.constantFrom('In', 'NotIn'), values: fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), { minLength: 1, maxLength: 2 }) }),
  fc.record({ key: fc.constantFrom('corp.example/gpu', 'node.kubernetes.io/instance-type'), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
  fc.record({ key: fc.constant('corp.example/cores'), operator: fc.constantFrom('Gt', 'Lt'), values: fc.integer({ min: 0, max: 256 }).map((n) => [String(n)]) }),
);
const podAffinityTerm = fc.record(
  {
    topologyKey: fc.constantFrom('kubernetes.io/hostname', 'topology.kubernetes.io/zone'),
    labelSelector: fc.oneof(
      fc.record({ matchLabels: fc.dictionary(fc.constantFrom('app.kubernetes.io/name', 'corp.example/app'), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/), { minKeys: 1, maxKeys: 2 }) }),
      fc.record({ matchExpressions: fc.array(fc.record({ key: fc.constant('corp.example/tier'), operator: fc.constantFrom('In', 'NotIn'), values: fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 1 }) }),
    ),
    namespaces: fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['topologyKey', 'labelSelector'] },
);
const probeTimings = fc.record(
  { initialDelaySeconds: fc.nat(600), periodSeconds: fc.integer({ min: 1, max: 60 }), timeoutSeconds: fc.integer({ min: 1, max: 30 }), failureThreshold: fc.integer({ min: 1, max: 120 }) },
  { requiredKeys: [] },
);
const fileSource = fc.tuple(fc.boolean(), fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/), fc.stringMatching(/^[a-z][-_a-z0-9]{0,8}\.(crt|pem)$/)).map(([fromSecret, name, key]) => (fromSecret ? { secret: name, key } : { configMap: name, key }));

export const validEnv = fc
  .record({
    release: fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/),
    namespace,
    createNamespace: fc.boolean(),
    version: fc.oneof(fc.stringMatching(/^v[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$/), fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,20}[A-Za-z0-9])?$/).filter((t) => t !== 'latest')),
    registry: fc.option(fc.record({
      // A registry host has a ".", a ":port" or is localhost (else it would be a Docker Hub namespace).
      host: fc.tuple(dnsName, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined })).map(([h, p]) => (p ? `${h}:${p}` : h.includes('.') || h === 'localhost' ? h : `${h}.corp`)),
      // A path prefix: a Harbor project, an Artifactory repository key, nested levels.
      prefix: fc.option(fc.array(fc.stringMatching(/^[a-z0-9]+([._-][a-z0-9]+)?$/), { minLength: 1, maxLength: 2 }).map((p) => p.join('/')), { nil: undefined }),
      pullSecret: dnsName,
      mapping: fc.constantFrom('path', 'flat'),
    }), { nil: undefined }),
    database: fc.record({
      host,
      port: fc.integer({ min: 1, max: 65535 }),
      name: identifier,
      username: identifier,
      options: fc.constantFrom('sslmode=require', 'sslmode=verify-full', 'sslmode=disable connect_timeout=10'),
      passwordSecret: fc.oneof(
        fc.record({ name: dnsName, key: secretKey }),
        fc.record({
          name: dnsName,
          key: secretKey,
          source: fc.constant('externalSecret'),
          externalSecret: fc.record({ storeName: dnsName, remoteKey: fc.stringMatching(/^[A-Za-z0-9/_+=.@-]{1,40}$/), property: fc.option(fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/), { nil: undefined }) }),
        }),
      ),
    }),
    storage: fc.record({
      provider: fc.constant('s3'),
      region: fc.constantFrom('us-east-1', 'eu-west-3', 'us-gov-west-1', 'ap-southeast-2', 'cn-north-1'),
      metadataBucket: bucket,
      userDataBucket: bucket,
    }),
    credentials: fc.option(fc.constantFrom('irsa', 'podIdentity'), { nil: undefined }),
    roleArn: fc.tuple(fc.constantFrom('aws', 'aws-us-gov', 'aws-cn'), fc.stringMatching(/^[0-9]{12}$/), fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,30}$/)).map(([p, a, n]) => `arn:${p}:iam::${a}:role/${n}`),
    ingress: fc.option(fc.record({ host: ingressHost, className: dnsName, tlsSecret: fc.option(dnsName, { nil: undefined }) }), { nil: undefined }),
    cpu: quantityPair('m', 8000),
    memory: quantityPair('Mi', 16384),
    networkPolicy: fc.option(
      fc.record({
        enabled: fc.boolean(),
        ingressNamespaces: fc.option(fc.array(label, { minLength: 1, maxLength: 3 }), { nil: undefined }),
        ingressCidrs: fc.option(fc.array(fc.tuple(fc.nat(255), fc.nat(255), fc.integer({ min: 16, max: 28 })).map(([a, b, bits]) => `10.${a}.${b & ~((1 << Math.max(0, 24 - bits)) - 1) & 255}.0/${bits}`), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    // Map values start with a letter: YAML reads an unquoted 0b1, 0x1 or 1e3 as a number.
    labels: fc.option(fc.dictionary(fc.stringMatching(/^corp\.example\/[a-z][a-z0-9]{0,8}$/), fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/), { minKeys: 1, maxKeys: 2 }), { nil: undefined }),
    pod: fc.option(
      fc.record(
        {
          nodeSelector: fc.dictionary(fc.constantFrom('eks.amazonaws.com/nodegroup', 'karpenter.sh/nodepool', 'kubernetes.io/arch'), fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/), { minKeys: 1, maxKeys: 2 }),
          tolerations: fc.array(
            fc.oneof(
              fc.record({ key: fc.constantFrom('dedicated', 'corp.example/flyte'), value: fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), effect: fc.constantFrom('NoSchedule', 'PreferNoSchedule') }),
              fc.record({ key: fc.constant('node.kubernetes.io/not-ready'), operator: fc.constant('Exists'), effect: fc.constant('NoExecute'), tolerationSeconds: fc.nat(600) }),
            ),
            { maxLength: 2 },
          ),
          topologySpreadConstraints: fc.array(
            fc.record({ maxSkew: fc.integer({ min: 1, max: 3 }), topologyKey: fc.constantFrom('topology.kubernetes.io/zone', 'kubernetes.io/hostname'), whenUnsatisfiable: fc.constantFrom('DoNotSchedule', 'ScheduleAnyway') }),
            { maxLength: 1 },
          ),
          annotations: fc.dictionary(fc.stringMatching(/^corp\.example\/[a-z]{1,8}$/), fc.stringMatching(/^([a-z][a-z0-9 ]{0,11})?$/), { maxKeys: 2 }),
          labels: fc.dictionary(fc.stringMatching(/^corp\.example\/p[a-z]{1,8}$/), fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), { maxKeys: 2 }),
          affinity: fc.record(
            {
              nodeAffinity: fc.record(
                {
                  requiredDuringSchedulingIgnoredDuringExecution: fc.record({
                    nodeSelectorTerms: fc.array(fc.record({ matchExpressions: fc.array(nodeRequirement, { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 2 }),
                  }),
                  preferredDuringSchedulingIgnoredDuringExecution: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), preference: fc.record({ matchExpressions: fc.array(nodeRequirement, { minLength: 1, maxLength: 2 }) }) }), { maxLength: 2 }),
                },
                { requiredKeys: [] },
              ),
              podAntiAffinity: fc.record({ preferredDuringSchedulingIgnoredDuringExecution: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), podAffinityTerm: podAffinityTerm }), { minLength: 1, maxLength: 2 }) }),
              podAffinity: fc.record({ requiredDuringSchedulingIgnoredDuringExecution: fc.array(podAffinityTerm, { minLength: 1, maxLength: 1 }) }),
            },
            { requiredKeys: [] },
          ),
          env: fc.uniqueArray(
            fc.oneof(
              fc.record({ name: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,11}$/), value: fc.stringMatching(/^[a-z][a-z0-9./-]{0,15}$/) }),
              fc.record({ name: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,11}$/), secretKeyRef: fc.record({ name: dnsName, key: fc.stringMatching(/^[a-z][-._a-z0-9]{0,10}$/) }) }),
              fc.record({ name: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,11}$/), configMapKeyRef: fc.record({ name: dnsName, key: fc.stringMatching(/^[a-z][-._a-z0-9]{0,10}$/) }) }),
            ),
            // Names the chart sets are refused; literal values under secret-looking names too.
            { maxLength: 3, selector: (v) => v.name },
          ).map((vars) => vars.filter((v) => !/^(POD_NAME|POD_NAMESPACE|SSL_CERT_FILE|AWS_CA_BUNDLE|HTTPS?_PROXY|NO_PROXY)$/.test(v.name) && !('value' in v && /PASS|PWD|SECRET|TOKEN|KEY/.test(v.name)))),
          probes: fc.record(
            {
              startup: probeTimings,
              readiness: probeTimings,
              liveness: probeTimings,
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    services: fc.option(
      fc.record({ type: fc.constantFrom('ClusterIP', 'NodePort'), annotations: fc.record({ grpc: fc.constant({ 'traefik.ingress.kubernetes.io/service.serversscheme': 'h2c' }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      { nil: undefined },
    ),
    trust: fc.record(
      {
        caBundle: fileSource,
        databaseCaBundle: fileSource,
        endpoint: fc.tuple(fc.stringMatching(/^[a-z0-9]{8}$/), fc.constantFrom('us-east-1', 'eu-west-3')).map(([id, region]) => `https://bucket.vpce-${id}.s3.${region}.vpce.amazonaws.com`),
        proxy: fc.record(
          {
            http: fc.constantFrom('http://proxy.corp.example:3128', 'http://10.0.0.5:8080'),
            https: fc.constantFrom('http://proxy.corp.example:3128', 'https://proxy.corp.example:8443'),
            noProxy: fc.array(fc.constantFrom('10.100.0.0/16', '.vpce.amazonaws.com', 'db.internal', '172.20.0.0/16'), { maxLength: 3 }),
          },
          { requiredKeys: ['https'] },
        ),
      },
      { requiredKeys: [] },
    ),
    serviceMonitor: fc.option(fc.record({ enabled: fc.boolean(), interval: fc.constantFrom('15s', '1m'), labels: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.stringMatching(/^[a-z0-9]{1,10}$/), { maxKeys: 2 }) }), { nil: undefined }),
    workflow,
    ecr: fc.boolean(),
    auth: fc.option(
      fc.record({
        // An identity provider on 443 or on its own port (which the NetworkPolicy then lets out).
        issuer: fc.tuple(dnsName, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), fc.stringMatching(/^(\/[a-z0-9]{1,8}){0,2}$/)).map(([h, p, path]) => `https://${h}.example.com${p ? `:${p}` : ''}${path}`),
        clientId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._~:@+-]{0,20}$/),
        external: fc.boolean(),
        audience: fc.option(fc.stringMatching(/^api:\/\/[a-z][a-z0-9-]{0,10}$/), { nil: undefined }),
        internalClientId: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), { nil: undefined }),
        scopes: fc.option(fc.array(fc.stringMatching(/^[a-z][a-z0-9:._-]{0,10}$/), { minLength: 1, maxLength: 2 }), { nil: undefined }),
        oidcSynced: fc.boolean(),
        internalSynced: fc.boolean(),
        // Both client secrets in one operator-made Secret, under two keys.
        shared: fc.boolean(),
        authorizedUris: fc.array(ingressHost.map((h) => `https://${h}`), { maxLength: 2 }),
        cli: fc.option(fc.record({ clientId: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), redirectUri: fc.integer({ min: 1024, max: 65535 }).map((p) => `http://localhost:${p}/callback`), scopes: fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 2 }) }, { requiredKeys: [] }), { nil: undefined }),
      }),
      { nil: undefined },
    ),
  })
  .map((r) => {
    const env: Record<string, unknown> = {
      release: r.release,
      namespace: r.namespace,
      createNamespace: r.createNamespace,
      flyte: { version: r.version },
      database: r.database,
      storage: r.storage,
      serviceAccount: { roleArn: r.roleArn, ...(r.credentials ? { credentials: r.credentials } : {}) },
      resources: { requests: { cpu: r.cpu[0], memory: r.memory[0] }, limits: { cpu: r.cpu[1], memory: r.memory[1] } },
    };
    // An ECR registry may go without a pull Secret.
    const prefix = r.registry?.prefix ? `/${r.registry.prefix}` : '';
    if (r.registry && r.ecr) env.registry = { host: `210987654321.dkr.ecr.eu-west-3.amazonaws.com${prefix}`, mapping: r.registry.mapping };
    else if (r.registry) env.registry = { host: `${r.registry.host}${prefix}`, pullSecret: r.registry.pullSecret, mapping: r.registry.mapping };
    else env.policy = { waivers: [{ rule: 'image-registry', reason: 'generated environment without a registry' }] };
    if (r.ingress) env.ingress = r.ingress;
    if (r.networkPolicy) env.networkPolicy = r.networkPolicy;
    if (r.serviceMonitor) env.metrics = { serviceMonitor: r.serviceMonitor };
    Object.assign(env, workflowSettings(r.workflow));
    if (r.labels) env.labels = r.labels;
    if (r.pod) env.pod = r.pod;
    if (r.services) env.services = r.services;
    if (r.auth) env.auth = authSettings(r.auth);
    if (r.trust.caBundle) env.caBundle = r.trust.caBundle;
    if (r.trust.proxy) env.proxy = r.trust.proxy;
    if (r.trust.endpoint) (env.storage as Record<string, unknown>).endpoint = r.trust.endpoint;
    // A database CA bundle goes with a verifying sslmode.
    if (r.trust.databaseCaBundle) env.database = { ...(env.database as object), options: 'sslmode=verify-full connect_timeout=10', caBundle: r.trust.databaseCaBundle };
    return JSON.parse(JSON.stringify(env));
  });

/** Paths of every leaf and object in a value. */
function paths(v: unknown, prefix: string[] = []): string[][] {
  if (v === null || typeof v !== 'object') return [prefix];
  const own = Array.isArray(v) ? v.map((x, i) => paths(x, [...prefix, String(i)])) : Object.entries(v).map(([k, x]) => paths(x, [...prefix, k]));
  return [prefix, ...own.flat()].filter((p) => p.length > 0);
}
function at(obj: any, p: string[]): any {
  return p.reduce((o, k) => o[k], obj);
}

/**
 * A valid environment made invalid by one mutation, with the field the error must name (the
 * fuzz suite's invalid corpus; `kind` says which mutation).
 */
export const invalidEnv = fc
  .tuple(
    validEnv,
    fc.nat(),
    fc.constantFrom(
      'unknown-key', 'wrong-type', 'bad-string', 'missing', 'latest', 'port', 'requests',
      // Refusals of the second hardening round (issue 20).
      'system-namespace', 'release-namespace', 'db-option', 'docker-hub', 'empty-namespaces', 'merge-key', 'odd-key', 'secret-named-key',
    ),
    fc.string({ minLength: 1, maxLength: 12 }),
  )
  .map(([env, pick, kind, junk]) => ({ kind, ...mutate(env, pick, kind, junk) }));

function mutate(env: any, pick: number, kind: string, junk: string): { env: any; field: string } {
  // flyteConfig is free-form: any key and value of it is valid. The bodies of namespace objects are
  // checked against Kubernetes' schemas in code for types and required fields only (README;
  // test/config/namespace-objects.test.ts), not by the editor schema: only their envelope is mutated.
  const body = (p: string[]) => p[0] === 'tasks' && p[1] === 'namespaceObjects' && p.length > 3 && !['apiVersion', 'kind', 'metadata'].includes(p[3]);
  const all = paths(env).filter((p) => p[0] !== 'flyteConfig' && !body(p));
  const leaves = all.filter((p) => typeof at(env, p) === 'string');
  // Maps whose keys and values are data (labels, annotations, node selectors) take any string.
  const dataMap = (p: string[]) => p.some((k) => k === 'labels' || k === 'annotations' || k === 'nodeSelector' || k === 'matchLabels');
  const objects = all.filter((p) => { const v = at(env, p); return v && typeof v === 'object' && !Array.isArray(v) && !dataMap(p); });
  switch (kind) {
    case 'unknown-key': {
      const p = objects[pick % objects.length];
      const key = `x${junk.replace(/\W/g, '')}key`;
      return invalid(env, (e) => { at(e, p)[key] = 1; }, `${p.join('.')}.${key}`);
    }
    case 'wrong-type': {
      const p = leaves[pick % leaves.length];
      return invalid(env, (e) => { at(e, p.slice(0, -1))[p[p.length - 1]] = [1, 2]; }, p.join('.'));
    }
    case 'bad-string': {
      const candidates = leaves.filter((q) => !['options', 'property', 'remoteKey', 'reason', 'mapping', 'credentials', 'source', 'provider', 'interval', 'description', 'podSecurity', 'type', 'operator', 'effect', 'whenUnsatisfiable', 'value'].includes(q[q.length - 1]) && !(q[0] === 'metrics') && !dataMap(q));
      const p = candidates[pick % candidates.length];
      return invalid(env, (e) => { at(e, p.slice(0, -1))[p[p.length - 1]] = `${junk} INVALID/${junk}`; }, p.join('.'));
    }
    case 'missing': {
      const required = [['release'], ['namespace'], ['flyte', 'version'], ['database', 'host'], ['database', 'username'], ['storage', 'region'], ['serviceAccount', 'roleArn'], ['resources', 'limits', 'cpu']];
      const p = required[pick % required.length];
      return invalid(env, (e) => { delete at(e, p.slice(0, -1))[p[p.length - 1]]; }, p.join('.'));
    }
    case 'latest':
      return invalid(env, (e) => { e.flyte.version = 'latest'; }, 'flyte.version');
    case 'port':
      return invalid(env, (e) => { e.database.port = [0, 65536, -1, 1.5, 100000][pick % 5]; }, 'database.port');
    case 'system-namespace':
      // "kube-<domain>": a namespace Kubernetes reserves, whatever the domains.
      return invalid(env, (e) => { e.projects = [{ name: 'kube' }]; }, 'projects.0.name');
    case 'release-namespace':
      return invalid(env, (e) => { e.namespace = `${e.projects?.[0]?.name ?? 'flytesnacks'}-${e.domains?.[0] ?? 'development'}`; }, 'namespace');
    case 'db-option': {
      const options = ['sslmode=verify-full sslmode=disable', 'sslmode=verify-full host=db.evil.example', 'port=15432', 'user=postgres', 'dbname=postgres', 'service=prod', 'keepalives=1'][pick % 7];
      return invalid(env, (e) => { e.database.options = options; }, 'database.options');
    }
    case 'docker-hub': {
      const host = ['docker.io/library', 'index.docker.io', 'registry-1.docker.io', 'docker.io'][pick % 4];
      return invalid(env, (e) => { e.registry = { host, pullSecret: 'pull' }; }, 'registry.host');
    }
    case 'empty-namespaces':
      return invalid(env, (e) => { e.networkPolicy = { ...e.networkPolicy, ingressNamespaces: [] }; }, 'networkPolicy.ingressNamespaces');
    case 'merge-key':
      return invalid(env, (e) => { e.database['<<'] = { host: e.database.host }; }, 'database.<<');
    case 'odd-key': {
      // A no-break space or a zero-width space typed into a key: named, escaped.
      const [char, shown] = [['\u00a0', '\\u00a0'], ['\u200b', '\\u200b']][pick % 2];
      return invalid(env, (e) => { e.storage[`region${char}`] = e.storage.region; delete e.storage.region; }, `storage.region${shown}`);
    }
    case 'secret-named-key':
      // Passes every field's check; the scan of dist/ finds the key that names a secret.
      return invalid(env, (e) => { e.pod = { ...e.pod, annotations: { ...e.pod?.annotations, 'corp.example/db-password': `v${pick}` } }; }, 'policy check failed');
    default:
      return invalid(env, (e) => { e.resources.requests.memory = '99999Gi'; }, 'resources.requests.memory');
  }
}

function invalid(env: any, mutate: (e: any) => void, field: string) {
  const copy = JSON.parse(JSON.stringify(env));
  mutate(copy);
  return { env: copy, field };
}


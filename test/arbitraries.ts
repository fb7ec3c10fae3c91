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

/** A valid environment file (as a plain object) drawn from the whole space the schema accepts. */
export const validEnv = fc
  .record({
    release: fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/),
    namespace,
    createNamespace: fc.boolean(),
    version: fc.oneof(fc.stringMatching(/^v[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$/), fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,20}[A-Za-z0-9])?$/).filter((t) => t !== 'latest')),
    registry: fc.option(fc.record({
      // A registry host has a ".", a ":port" or is localhost (else it would be a Docker Hub namespace).
      host: fc.tuple(dnsName, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined })).map(([h, p]) => (p ? `${h}:${p}` : h.includes('.') || h === 'localhost' ? h : `${h}.corp`)),
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
        fc.record({ name: dnsName, key: fc.stringMatching(/^[-._a-zA-Z0-9]{1,20}$/) }),
        fc.record({
          name: dnsName,
          key: fc.stringMatching(/^[-._a-zA-Z0-9]{1,20}$/),
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
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    services: fc.option(
      fc.record({ type: fc.constantFrom('ClusterIP', 'NodePort'), annotations: fc.record({ grpc: fc.constant({ 'traefik.ingress.kubernetes.io/service.serversscheme': 'h2c' }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      { nil: undefined },
    ),
    serviceMonitor: fc.option(fc.record({ enabled: fc.boolean(), interval: fc.constantFrom('15s', '1m'), labels: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.stringMatching(/^[a-z0-9]{1,10}$/), { maxKeys: 2 }) }), { nil: undefined }),
  })
  .map((r) => {
    const env: Record<string, unknown> = {
      release: r.release,
      namespace: r.namespace,
      createNamespace: r.createNamespace,
      flyte: { version: r.version },
      database: r.database,
      storage: r.storage,
      serviceAccount: { roleArn: r.roleArn },
      resources: { requests: { cpu: r.cpu[0], memory: r.memory[0] }, limits: { cpu: r.cpu[1], memory: r.memory[1] } },
    };
    if (r.registry) env.registry = r.registry;
    else env.policy = { waivers: [{ rule: 'image-registry', reason: 'generated environment without a registry' }] };
    if (r.ingress) env.ingress = r.ingress;
    if (r.networkPolicy) env.networkPolicy = r.networkPolicy;
    if (r.serviceMonitor) env.metrics = { serviceMonitor: r.serviceMonitor };
    if (r.labels) env.labels = r.labels;
    if (r.pod) env.pod = r.pod;
    if (r.services) env.services = r.services;
    return JSON.parse(JSON.stringify(env));
  });


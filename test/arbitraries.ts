/** fast-check arbitraries shared by the fuzz suite and the control-plane apply test. */
import fc from 'fast-check';

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/);
const dnsName = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => l.join('.'));
const host = fc.oneof(dnsName, fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.')));
const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/);
const bucket = fc.stringMatching(/^[a-z][a-z0-9-]{1,20}[a-z0-9]$/);
const quantityPair = (unit: string, max: number) =>
  fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max })).map(([a, b]) => [`${Math.min(a, b)}${unit}`, `${Math.max(a, b)}${unit}`]);

/** A valid environment file (as a plain object) drawn from the whole space the schema accepts. */
export const validEnv = fc
  .record({
    release: fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/),
    namespace: label,
    createNamespace: fc.boolean(),
    version: fc.oneof(fc.stringMatching(/^v[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$/), fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,20}[A-Za-z0-9])?$/).filter((t) => t !== 'latest')),
    registry: fc.option(fc.record({
      host: fc.tuple(dnsName, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined })).map(([h, p]) => (p ? `${h}:${p}` : h)),
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
    ingress: fc.option(fc.record({ host: dnsName, className: dnsName, tlsSecret: fc.option(dnsName, { nil: undefined }) }), { nil: undefined }),
    cpu: quantityPair('m', 8000),
    memory: quantityPair('Mi', 16384),
    networkPolicy: fc.option(fc.record({ enabled: fc.boolean(), ingressNamespaces: fc.option(fc.array(label, { minLength: 1, maxLength: 3 }), { nil: undefined }) }), { nil: undefined }),
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
  .tuple(validEnv, fc.nat(), fc.constantFrom('unknown-key', 'wrong-type', 'bad-string', 'missing', 'latest', 'port', 'requests'), fc.string({ minLength: 1, maxLength: 12 }))
  .map(([env, pick, kind, junk]) => ({ kind, ...mutate(env, pick, kind, junk) }));

function mutate(env: any, pick: number, kind: string, junk: string): { env: any; field: string } {
  const all = paths(env);
  const leaves = all.filter((p) => typeof at(env, p) === 'string');
  // Settings objects, not maps of labels whose keys are data.
  const objects = all.filter((p) => { const v = at(env, p); return v && typeof v === 'object' && !Array.isArray(v) && p[p.length - 1] !== 'labels'; });
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
      const candidates = leaves.filter((q) => !['options', 'property', 'remoteKey', 'reason', 'mapping', 'source', 'provider', 'interval'].includes(q[q.length - 1]) && !(q[0] === 'metrics'));
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
    default:
      return invalid(env, (e) => { e.resources.requests.memory = '99999Gi'; }, 'resources.requests.memory');
  }
}

function invalid(env: any, mutate: (e: any) => void, field: string) {
  const copy = JSON.parse(JSON.stringify(env));
  mutate(copy);
  return { env: copy, field };
}


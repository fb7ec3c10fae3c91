import { globalRegistry, z } from 'zod/mini';
import * as f from '../../../src/config/formats';
import { environmentSchema } from '../../../src/config/schema';
import { descriptionAt, schemaAt, unwrap } from '../../../src/config/schema-nav';
import { validInput } from '../../helpers';

const clone = <T>(v: T): any => JSON.parse(JSON.stringify(v));
const issuesOf = (input: unknown) => {
  const r = environmentSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('environmentSchema defaults', () => {
  test('a minimal file gets every documented default', () => {
    const input = clone(validInput());
    delete input.database.port;
    delete input.database.name;
    delete input.database.options;
    delete input.registry.mapping;
    const spec = environmentSchema.parse({
      ...input,
      database: { ...input.database, passwordSecret: { name: 's', key: 'k', source: 'externalSecret', externalSecret: { storeName: 'store', remoteKey: 'prod/flyte/db' } } },
      networkPolicy: {},
      metrics: { serviceMonitor: {} },
      policy: {},
    });
    expect(spec.createNamespace).toBe(true);
    expect(spec.database.port).toBe(5432);
    expect(spec.database.name).toBe('flyte');
    expect(spec.database.options).toBe('sslmode=require');
    expect(spec.registry!.mapping).toBe('path');
    expect(spec.serviceAccount.credentials).toBe('irsa');
    expect(spec.database.passwordSecret.externalSecret).toEqual({ storeName: 'store', storeKind: 'ClusterSecretStore', remoteKey: 'prod/flyte/db', refreshInterval: '1h' });
    expect(spec.networkPolicy).toEqual({ enabled: false, metricsNamespaces: ['monitoring'], egressCidrs: ['0.0.0.0/0'] });
    expect(spec.metrics).toEqual({ serviceMonitor: { enabled: false, interval: '30s', labels: {} } });
    expect(spec.policy).toEqual({ waivers: [] });
  });

  test('the password source defaults to an existing Secret', () => {
    expect(environmentSchema.parse(validInput()).database.passwordSecret.source).toBe('existingSecret');
  });

  test('optional sections stay absent', () => {
    const spec = environmentSchema.parse(validInput());
    for (const key of ['images', 'ingress', 'eks', 'networkPolicy', 'metrics', 'policy'] as const) expect(spec[key]).toBeUndefined();
  });

  test('numeric quantities become strings; given values are kept', () => {
    const spec = environmentSchema.parse({ ...validInput(), resources: { requests: { cpu: 0.5, memory: '1Gi' }, limits: { cpu: 2, memory: '2Gi' } } });
    expect(spec.resources).toEqual({ requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
  });
});

describe('environmentSchema field messages', () => {
  test.each([
    [(e: any) => { e.networkPolicy = { enabled: true, egressCidrs: [] }; }, 'networkPolicy.egressCidrs', 'expected at least one CIDR block'],
    [(e: any) => { e.networkPolicy = { enabled: true, egressCidrs: ['10.0.0.0/33'] }; }, 'networkPolicy.egressCidrs.0', 'expected an IPv4 CIDR block such as "10.0.0.0/16"'],
    [(e: any) => { e.networkPolicy = { enabled: 'yes' }; }, 'networkPolicy.enabled', 'expected true or false'],
    [(e: any) => { e.ingress = { host: 'h.corp', className: 'nginx', annotations: { 'a/b': 5 } }; }, 'ingress.annotations.a/b', 'expected a string annotation value (quote numbers and booleans)'],
    [(e: any) => { e.metrics = { serviceMonitor: { labels: { 'bad key': 'x' } } }; }, 'metrics.serviceMonitor.labels.bad key', `expected keys that are ${f.LABEL_KEY.allowed}`],
    [(e: any) => { e.ingress = { host: 'h.corp', className: 'nginx', httpAnnotations: { 'Bad.Prefix/x': 'y' } }; }, 'ingress.httpAnnotations.Bad.Prefix/x', `expected keys that are ${f.LABEL_KEY.allowed}`],
    [(e: any) => { e.ingress = { host: 'h.corp', className: 'nginx', grpcAnnotations: ['a'] }; }, 'ingress.grpcAnnotations', 'expected a map of annotation keys to string values'],
    [(e: any) => { e.metrics = { serviceMonitor: { labels: 'team=x' } }; }, 'metrics.serviceMonitor.labels', 'expected a map of label keys to values'],
    [(e: any) => { e.metrics = { serviceMonitor: { labels: { team: '-x' } } }; }, 'metrics.serviceMonitor.labels.team', `expected ${f.LABEL_VALUE.allowed}`],
    [(e: any) => { e.registry.host = 'myteam/flyte'; }, 'registry.host', `expected ${f.REGISTRY_LOCATION.allowed}`],
    [(e: any) => { e.registry.host = 'harbor.corp.example/Flyte'; }, 'registry.host', `expected ${f.REGISTRY_LOCATION.allowed}`],
    [(e: any) => { e.registry = { host: 'harbor.corp.example/flyte' }; }, 'registry.pullSecret', 'expected the name of the pull Secret; only an ECR registry ("<account>.dkr.ecr.<region>.amazonaws.com") may go without one'],
    [(e: any) => { e.serviceAccount.credentials = 'kiam'; }, 'serviceAccount.credentials', 'expected "irsa" (IAM roles for service accounts) or "podIdentity" (EKS Pod Identity)'],
    [(e: any) => { e.registry.mapping = 'tree'; }, 'registry.mapping', 'expected "path" (keep the source repository path) or "flat" (last path element only)'],
    [(e: any) => { e.storage.provider = 'gcs'; }, 'storage.provider', 'expected "s3"'],
    [(e: any) => { e.policy = { waivers: [{ rule: 'seccomp', object: 'Deployment flyte', reason: 'the node has no seccomp' }] }; }, 'policy.waivers.0.object', 'expected "<Kind>/<name>", for example "Deployment/flyte-backend-flyte-binary", or for credential-in-output a file of dist/<env>/ such as "chart/values.yaml"'],
    [(e: any) => { e.database.passwordSecret = { name: 's', key: 'k', source: 'externalSecret', externalSecret: { storeName: 's', remoteKey: 'k', storeKind: 'Vault' } }; }, 'database.passwordSecret.externalSecret.storeKind', 'expected "SecretStore" or "ClusterSecretStore"'],
    [(e: any) => { e.database.passwordSecret = { name: 's', key: 'k', source: 'externalSecret', externalSecret: { storeName: 's', remoteKey: 'a b' } }; }, 'database.passwordSecret.externalSecret.remoteKey', 'expected a Secrets Manager secret name or ARN: letters, digits and /_+=.@:-'],
    [(e: any) => { e.database.port = 5432.5; }, 'database.port', 'expected an integer from 1 to 65535'],
    [(e: any) => { e.createNamespace = 'false'; }, 'createNamespace', 'expected true or false'],
  ])('%#: %s', (edit, path, message) => {
    const input = clone(validInput());
    edit(input);
    expect(issuesOf(input)[0]).toEqual({ path, message });
  });
});

/** Every key of every object, as paths; array elements as index 0; records (label maps) are leaves. */
function allPaths(node: z.ZodMiniType, prefix: PropertyKey[] = []): PropertyKey[][] {
  const def = (unwrap(node) as unknown as { def: { type: string; shape?: Record<string, z.ZodMiniType>; element?: z.ZodMiniType } }).def;
  if (def.type === 'object') return Object.entries(def.shape!).flatMap(([k, child]) => [[...prefix, k], ...allPaths(child, [...prefix, k])]);
  if (def.type === 'array') return [[...prefix, 0], ...allPaths(def.element!, [...prefix, 0])];
  return [];
}

describe('descriptions (they become the comments of values.yaml and the schema of the Helm chart)', () => {
  const paths = allPaths(environmentSchema);

  test('the walk reaches every section', () => {
    expect(paths.length).toBeGreaterThan(60);
    expect(paths).toContainEqual(['database', 'passwordSecret', 'externalSecret', 'refreshInterval']);
    expect(paths).toContainEqual(['networkPolicy', 'ingressNamespaces', 0]);
    expect(paths).toContainEqual(['policy', 'waivers', 0, 'reason']);
  });

  test('the root and every key have a one-line sentence', () => {
    expect(globalRegistry.get(environmentSchema)?.description).toBe('An enterprise-flyte environment.');
    const missing = paths.filter((p) => !descriptionAt(p)).map((p) => p.join('.'));
    expect(missing).toEqual([]);
    for (const p of paths) {
      const d = descriptionAt(p)!;
      expect(`${p.join('.')}: ${d}`).toMatch(/^[^\n]+[.)]$/);
      expect(schemaAt(p)).toBeDefined();
    }
  });
});


import { globalRegistry, z } from 'zod/mini';
import * as f from '../../src/config/formats';
import { environmentSchema, str } from '../../src/config/schema';
import { descriptionAt, schemaAt, unwrap } from '../../src/config/schema-nav';
import { messageOf, validInput } from '../helpers';

const clone = <T>(v: T): any => JSON.parse(JSON.stringify(v));
const issuesOf = (input: unknown) => {
  const r = environmentSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('str', () => {
  const s = str(f.DNS_LABEL, 'A name.');

  test('accepts the format and keeps the description', () => {
    expect(s.parse('ok-1')).toBe('ok-1');
    expect(globalRegistry.get(s)?.description).toBe('A name.');
  });

  test('every failure (type, pattern, length, extra check) says what is allowed', () => {
    const expected = `expected ${f.DNS_LABEL.allowed}`;
    for (const bad of [42, 'Bad', 'a'.repeat(64)]) {
      const r = s.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => i.message)).toEqual([expected]);
    }
    const tag = str(f.IMAGE_TAG, 'A tag.').safeParse('latest');
    expect(tag.error!.issues.map((i) => i.message)).toEqual([`expected ${f.IMAGE_TAG.allowed}`]);
  });
});

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

describe('environmentSchema cross-field rules', () => {
  test('source "externalSecret" needs an externalSecret block', () => {
    const input = clone(validInput());
    input.database.passwordSecret.source = 'externalSecret';
    expect(issuesOf(input)).toEqual([
      { path: 'database.passwordSecret.externalSecret', message: 'expected storeName, remoteKey (and optionally storeKind, property, refreshInterval) when source is "externalSecret"' },
    ]);
    expect(messageOf(input)).toBe('test.yaml: database.passwordSecret.externalSecret: is missing; expected storeName, remoteKey (and optionally storeKind, property, refreshInterval) when source is "externalSecret"');
  });

  test('an externalSecret block needs source "externalSecret", given or defaulted', () => {
    for (const source of [undefined, 'existingSecret']) {
      const input = clone(validInput());
      input.database.passwordSecret.externalSecret = { storeName: 'store', remoteKey: 'k' };
      if (source) input.database.passwordSecret.source = source;
      expect(issuesOf(input)).toEqual([
        { path: 'database.passwordSecret.source', message: 'expected "externalSecret" when an externalSecret block is given (or remove the block)' },
      ]);
      expect(messageOf(input)).toBe('test.yaml: database.passwordSecret.source: "existingSecret" is not allowed; expected "externalSecret" when an externalSecret block is given (or remove the block)');
    }
  });

  test('source and block together are accepted', () => {
    const input = clone(validInput());
    input.database.passwordSecret = { ...input.database.passwordSecret, source: 'externalSecret', externalSecret: { storeName: 'store', remoteKey: 'k', storeKind: 'SecretStore', property: 'password' } };
    expect(issuesOf(input)).toEqual([]);
  });

  test.each([
    ['cpu', '4', '3', 'resources.requests.cpu', 'expected at most the limit (3)'],
    ['cpu', '3001m', '3', 'resources.requests.cpu', 'expected at most the limit (3)'],
    ['memory', '4Gi', '3Gi', 'resources.requests.memory', 'expected at most the limit (3Gi)'],
    ['memory', '3073Mi', '3Gi', 'resources.requests.memory', 'expected at most the limit (3Gi)'],
  ])('%s: a request of %s above the limit %s is refused at the request', (kind, request, limit, path, message) => {
    const input = clone(validInput());
    input.resources.requests[kind] = request;
    input.resources.limits[kind] = limit;
    expect(issuesOf(input)).toEqual([{ path, message }]);
  });

  test('each kind is compared on its own: a high CPU request is not excused by a high memory limit', () => {
    const input = clone(validInput());
    input.resources = { requests: { cpu: '2', memory: '1Mi' }, limits: { cpu: '1', memory: '64Gi' } };
    expect(issuesOf(input).map((i) => i.path)).toEqual(['resources.requests.cpu']);
    input.resources = { requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '1', memory: '1Gi' } };
    expect(issuesOf(input).map((i) => i.path)).toEqual(['resources.requests.cpu', 'resources.requests.memory']);
  });

  test.each([
    ['1', '1000m'],
    ['1Gi', '1024Mi'],
    ['700m', '0.7'],
    ['100m', '0.1'],
  ])('a request equal to the limit in another unit (%s, %s) is accepted', (request, limit) => {
    const input = clone(validInput());
    input.resources = { requests: { cpu: request.endsWith('i') ? '1' : request, memory: request.endsWith('i') ? request : '1Gi' }, limits: { cpu: limit.endsWith('i') ? '1' : limit, memory: limit.endsWith('i') ? limit : '1Gi' } };
    expect(issuesOf(input)).toEqual([]);
  });

  test('a malformed quantity is reported at its own field only', () => {
    const input = clone(validInput());
    input.resources.limits.memory = '2 GB';
    expect(issuesOf(input)).toEqual([{ path: 'resources.limits.memory', message: `expected ${f.QUANTITY.allowed}` }]);
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
    [(e: any) => { e.policy = { waivers: [{ rule: 'seccomp', object: 'deployment', reason: 'the node has no seccomp' }] }; }, 'policy.waivers.0.object', 'expected "<Kind>/<name>", for example "Deployment/flyte-backend-flyte-binary"'],
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

describe('auth', () => {
  const withAuth = (auth: Record<string, unknown>) => ({ ...clone(validInput()), auth });
  const base = () => ({
    oidc: { issuer: 'https://login.a.example/oauth2/default', clientId: '0oa-a', clientSecret: { name: 'oidc-a' } },
    internalClient: { clientSecret: { name: 'prop-a' } },
  });

  test('defaults: keys client_secret, hash file client_secret_hash.yaml, client flytepropeller, no extra URIs', () => {
    const spec = environmentSchema.parse(withAuth(base()));
    expect(spec.auth!.oidc.clientSecret).toEqual({ name: 'oidc-a', key: 'client_secret', source: 'existingSecret' });
    expect(spec.auth!.internalClient).toEqual({ clientId: 'flytepropeller', clientSecret: { name: 'prop-a', key: 'client_secret', hashKey: 'client_secret_hash.yaml', source: 'existingSecret' } });
    expect(spec.auth!.authorizedUris).toEqual([]);
  });

  test.each([
    ['an http issuer', (a: any) => { a.oidc.issuer = 'http://login.a.example'; }, `auth.oidc.issuer: "http://login.a.example" is not allowed; expected ${f.HTTPS_URL.allowed}`],
    ['an issuer with a user', (a: any) => { a.oidc.issuer = 'https://u:p@login.a.example'; }, `auth.oidc.issuer: "https://u:p@login.a.example" is not allowed; expected ${f.HTTPS_URL.allowed}`],
    ['a client secret typed in', (a: any) => { a.oidc.clientSecret = 's3cr3t'; }, 'auth.oidc.clientSecret: "s3cr3t" is not allowed; expected a map'],
    ['an unknown key', (a: any) => { a.oidc.secret = 'x'; }, 'auth.oidc.secret: unknown key; allowed keys here: issuer, clientId, clientSecret'],
    ['an external server without issuer', (a: any) => { a.authorizationServer = { type: 'external' }; }, 'auth.authorizationServer.issuer: is missing; expected the base URL of the external authorization server when type is "external"'],
    ['an audience for the internal server', (a: any) => { a.authorizationServer = { audience: 'api://a' }; }, 'auth.authorizationServer.type: "internal" is not allowed; expected "external" when issuer or audience is given (the internal server takes neither)'],
    ['a synced secret without its store', (a: any) => { a.oidc.clientSecret.source = 'externalSecret'; }, 'auth.oidc.clientSecret.externalSecret: is missing; expected storeName, remoteKey (and optionally storeKind, property, refreshInterval) when source is "externalSecret"'],
    ['a synced internal secret without its hash', (a: any) => { a.internalClient.clientSecret = { name: 'prop-a', source: 'externalSecret', externalSecret: { storeName: 's', remoteKey: 'k' } }; }, 'auth.internalClient.clientSecret.externalSecret.hashProperty: is missing; expected the JSON property that holds the bcrypt hash (the internal authorization server checks the client secret against it)'],
    ['the same key for both clients', (a: any) => { a.internalClient.clientSecret.name = 'oidc-a'; }, 'auth.internalClient.clientSecret.key: "client_secret" is not allowed; expected a key other than auth.oidc.clientSecret.key in the same Secret (the two clients have different secrets)'],
    ['the generated Secret\'s name', (a: any) => { a.oidc.clientSecret.name = 'rel-a-flyte-binary-admin-auth'; }, 'auth.oidc.clientSecret.name: "rel-a-flyte-binary-admin-auth" is not allowed; expected a name other than "rel-a-flyte-binary-admin-auth" (Flyte keeps its generated keys in that Secret)'],
    ['a synced Secret named like the database\'s', (a: any) => { a.oidc.clientSecret = { name: 'secret-a', source: 'externalSecret', externalSecret: { storeName: 's', remoteKey: 'k' } }; }, 'auth.oidc.clientSecret.name: "secret-a" is not allowed; expected a name other than database.passwordSecret.name when either is synced (two ExternalSecrets cannot own one Secret)'],
    ['a scope with a space', (a: any) => { a.cliClient = { scopes: ['a b'] }; }, `auth.cliClient.scopes.0: "a b" is not allowed; expected ${f.OAUTH_SCOPE.allowed}`],
  ])('refuses %s with one line naming the field', (_what, mutate, message) => {
    const auth = base();
    mutate(auth);
    const m = messageOf(withAuth(auth));
    // Other problems, if any, follow as " (and N more ...)".
    expect(m.slice(0, `test.yaml: ${message}`.length)).toBe(`test.yaml: ${message}`);
    expect(m).not.toContain('\n');
  });

  test('an external server with audience, synced secrets with their store', () => {
    const spec = environmentSchema.parse(withAuth({
      ...base(),
      authorizationServer: { type: 'external', issuer: 'https://login.a.example:8443/oauth2/aus1', audience: 'api://flyte-a' },
      internalClient: { clientId: 'svc-a', scopes: ['api:flyte'], clientSecret: { name: 'prop-a', source: 'externalSecret', externalSecret: { storeName: 'asm', remoteKey: 'prod/prop', property: 'secret' } } },
    }));
    expect(spec.auth!.authorizationServer).toEqual({ type: 'external', issuer: 'https://login.a.example:8443/oauth2/aus1', audience: 'api://flyte-a' });
    expect(spec.auth!.internalClient.clientSecret.externalSecret).toEqual({ storeName: 'asm', storeKind: 'ClusterSecretStore', remoteKey: 'prod/prop', property: 'secret', refreshInterval: '1h' });
  });
});

describe('flyte.logLevel', () => {
  test('defaults to "warn"; each level name is accepted', () => {
    expect(environmentSchema.parse(validInput()).flyte.logLevel).toBe('warn');
    for (const level of ['error', 'warn', 'info', 'debug']) expect(environmentSchema.parse(validInput({ flyte: { version: 'v1.16.8', logLevel: level } } as any)).flyte.logLevel).toBe(level);
  });

  test.each([['verbose'], [5], ['WARN']])('refuses %p with one line naming the field, the value and what is allowed', (level) => {
    const m = messageOf(validInput({ flyte: { version: 'v1.16.8', logLevel: level } } as any));
    expect(m).toBe(`test.yaml: flyte.logLevel: ${JSON.stringify(level)} is not allowed; expected "error", "warn" (errors and warnings), "info" or "debug"`);
  });
});

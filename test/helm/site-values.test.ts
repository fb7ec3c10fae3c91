import { compareQuantities } from '../../src/config/quantity';
import { schemaAt, unwrap } from '../../src/config/schema-nav';
import { getPath, markerMatcher, markersFor, markSpec, SITE_VALUES } from '../../src/helm/site-values';
import { specOf, validInput } from '../helpers';

const clone = <T>(v: T): any => JSON.parse(JSON.stringify(v));
const full = () => {
  const input = clone(validInput());
  input.ingress = { host: 'flyte.a.example', className: 'nginx-a', tlsSecret: 'tls-a' };
  input.tasks = { roleArn: 'arn:aws:iam::111122223333:role/tasks-a' };
  input.auth = {
    oidc: { issuer: 'https://idp.a.example/oauth2', clientId: 'console-a', clientSecret: { name: 'oidc-a' } },
    authorizationServer: { type: 'external', issuer: 'https://idp.a.example/oauth2/aus', audience: 'api://a' },
    internalClient: { clientSecret: { name: 'prop-a' } },
  };
  input.storage.endpoint = 'https://s3.a.example';
  input.proxy = { http: 'http://proxy-a.example:3128', https: 'https://proxy-a.example:3129' };
  input.caBundle = { configMap: 'corp-ca-a', key: 'ca-a.crt' };
  input.database.caBundle = { configMap: 'rds-ca-a', key: 'rds-a.pem' };
  return specOf(input);
};
// A bundle comes from a ConfigMap or a Secret, never both: the full environment uses ConfigMaps.
const FULL = SITE_VALUES.filter((v) => !v.path.endsWith('caBundle.secret'));
const patternOf = (marker: string | number) => markerMatcher([{ path: 'x', marker }]).pattern;
const matchesWhole = (marker: string | number, text: string) => patternOf(marker).test(text);

describe('SITE_VALUES', () => {
  test('every path exists in the environment schema', () => {
    for (const v of SITE_VALUES) expect(`${v.path}: ${schemaAt(v.path.split('.')) !== undefined}`).toBe(`${v.path}: true`);
  });

  test('every candidate marker markersFor may use (50 rounds) passes the same validation as a real value', () => {
    for (const v of SITE_VALUES) {
      const node = unwrap(schemaAt(v.path.split('.'))!);
      for (let n = 0; n < 50; n++) {
        const r = node.safeParse(v.marker(n));
        expect(`${v.path} ${v.marker(n)}: ${r.success}`).toBe(`${v.path} ${v.marker(n)}: true`);
      }
    }
  });

  test('markers differ between values and between rounds', () => {
    for (const n of [0, 1, 7]) {
      const round = SITE_VALUES.map((v) => String(v.marker(n)));
      expect(new Set(round).size).toBe(round.length);
    }
    for (const v of SITE_VALUES) expect(v.marker(0)).not.toEqual(v.marker(1));
  });

  test('no marker contains another as a whole token, so replacing one never touches another', () => {
    const markers = SITE_VALUES.map((v) => String(v.marker(0)));
    for (const a of markers) for (const b of markers) if (a !== b) expect(`${a} in ${b}: ${matchesWhole(a, b)}`).toBe(`${a} in ${b}: false`);
  });
});

describe('markerMatcher: one marker', () => {
  test('matches the marker as a whole token, wherever it stands', () => {
    for (const text of ['zhv3z', 'host: zhv3z\n', 'host: "zhv3z"', '-h zhv3z \\', 'postgres://zhv3z:5432/db', 'zhv3z.corp']) {
      expect(matchesWhole('zhv3z', text)).toBe(true);
    }
  });

  test('does not match inside a longer word or number', () => {
    for (const text of ['azhv3z', 'zhv3zq', 'zhv3z1', '0zhv3z', 'Zzhv3z']) expect(matchesWhole('zhv3z', text)).toBe(false);
    // Digits inside a hash, a digest or a longer number are not the port marker.
    for (const text of ['164101', '641010', `sha256:ab64101cd`, 'x64101', '64101y']) expect(matchesWhole(64101, text)).toBe(false);
    for (const text of ['port: 64101\n', ':64101/', '"64101"', '-p 64101 ']) expect(matchesWhole(64101, text)).toBe(true);
  });

  test('treats the marker literally: regular expression characters are escaped', () => {
    expect(matchesWhole('zhv=a.b', 'zhv=axb')).toBe(false);
    expect(matchesWhole('zhv=a.b', 'options: zhv=a.b')).toBe(true);
    expect(matchesWhole('(x)+', '(x)+')).toBe(true);
    expect(matchesWhole('(x)+', 'xx')).toBe(false);
  });

  test('is global, for replacing every occurrence', () => {
    expect('a zhv1z b zhv1z'.replace(patternOf('zhv1z'), 'R')).toBe('a R b R');
  });
});

describe('markersFor', () => {
  test('only the values the environment sets: no ingress, no tlsSecret, no registry when absent', () => {
    const input = clone(validInput());
    delete input.registry;
    const paths = markersFor(specOf(input), '').map((v) => v.path);
    expect(paths).not.toContain('registry.host');
    expect(paths.some((p) => p.startsWith('ingress.'))).toBe(false);
    expect(paths).toContain('database.host');

    const withIngress = clone(validInput());
    withIngress.ingress = { host: 'h.example', className: 'c' };
    const ingressPaths = markersFor(specOf(withIngress), '').map((v) => v.path);
    expect(ingressPaths).toEqual(expect.arrayContaining(['ingress.host', 'ingress.className', 'registry.host', 'registry.pullSecret']));
    expect(ingressPaths).not.toContain('ingress.tlsSecret');

    const fromSecrets = clone(validInput());
    fromSecrets.caBundle = { secret: 'corp-ca-s', key: 'ca.crt' };
    fromSecrets.database.caBundle = { secret: 'rds-ca-s', key: 'rds.pem' };
    const secretPaths = markersFor(specOf(fromSecrets), '').map((v) => v.path);
    expect(secretPaths).toEqual(expect.arrayContaining(['caBundle.secret', 'caBundle.key', 'database.caBundle.secret', 'database.caBundle.key']));
    expect(secretPaths).not.toContain('caBundle.configMap');
    expect(secretPaths).not.toContain('proxy.http');
  });

  test('under EKS Pod Identity the role ARNs are in no object, so they are not exposed', () => {
    const irsa = full();
    expect(markersFor(irsa, '').map((v) => v.path)).toEqual(expect.arrayContaining(['serviceAccount.roleArn', 'tasks.roleArn']));
    const podIdentity = { ...irsa, serviceAccount: { ...irsa.serviceAccount, credentials: 'podIdentity' as const } };
    const paths = markersFor(podIdentity, '').map((v) => v.path);
    expect(paths).not.toContain('serviceAccount.roleArn');
    expect(paths).not.toContain('tasks.roleArn');
    expect(paths).toContain('registry.host');
  });

  test('every site value of a full environment, in SITE_VALUES order, first-round markers', () => {
    const values = markersFor(full(), 'nothing in common');
    expect(values.map((v) => v.path)).toEqual(FULL.map((v) => v.path));
    expect(values.map((v) => v.marker)).toEqual(FULL.map((v) => v.marker(0)));
  });

  test('a marker that occurs in the real output moves every value to the next round', () => {
    const first = markersFor(full(), '');
    const host = first.find((v) => v.path === 'database.host')!.marker;
    const next = markersFor(full(), `host: ${host}\n`);
    expect(next.map((v) => v.marker)).toEqual(FULL.map((v) => v.marker(1)));
    const port = next.find((v) => v.path === 'database.port')!.marker;
    const third = markersFor(full(), `host: ${host}\nport: ${port}\n`);
    expect(third.map((v) => v.marker)).toEqual(FULL.map((v) => v.marker(2)));
  });

  test('a marker inside a longer token does not count as occurring', () => {
    const values = markersFor(full(), 'digest: sha256:064101abc zhv3zz');
    expect(values.map((v) => v.marker)).toEqual(FULL.map((v) => v.marker(0)));
  });

  test('chosen markers occur nowhere in the real output, and requests stay below limits', () => {
    const output = [0, 1, 2, 3].map((n) => `cpu: ${SITE_VALUES.find((v) => v.path === 'resources.requests.cpu')!.marker(n)}`).join('\n');
    const values = markersFor(full(), output);
    for (const v of values) expect(matchesWhole(v.marker, output)).toBe(false);
    const m = (p: string) => String(values.find((v) => v.path === p)!.marker);
    expect(compareQuantities(m('resources.requests.cpu'), m('resources.limits.cpu'))).toBeLessThan(0);
    expect(compareQuantities(m('resources.requests.memory'), m('resources.limits.memory'))).toBeLessThan(0);
  });

  test('tries 50 rounds, then gives up with a clear error', () => {
    const taken = (rounds: number) => Array.from({ length: rounds }, (_, n) => `zhv3${'q'.repeat(n)}z`).join(' ');
    expect(markersFor(full(), taken(49)).find((v) => v.path === 'database.host')!.marker).toBe(`zhv3${'q'.repeat(49)}z`);
    expect(() => markersFor(full(), taken(50))).toThrow('helm: no free set of markers');
  });
});

describe('markSpec', () => {
  test('replaces each marked value and keeps the rest', () => {
    const spec = full();
    const values = markersFor(spec, '');
    const marked = markSpec(spec, values);
    for (const v of values) expect(getPath(marked, v.path)).toBe(v.marker);
    expect(marked.release).toBe('rel-a');
    expect(marked.flyte.version).toBe('v9.8.7');
    expect(marked.database.passwordSecret.source).toBe('existingSecret');
  });

  test('does not change its input', () => {
    const spec = full();
    const before = clone(spec);
    const marked = markSpec(spec, markersFor(spec, ''));
    expect(spec).toEqual(before);
    expect(marked).not.toBe(spec);
    expect(marked.database).not.toBe(spec.database);
  });

  test('the marked spec is still a valid environment', () => {
    const spec = full();
    expect(() => specOf(markSpec(spec, markersFor(spec, '')))).not.toThrow();
  });
});

describe('getPath', () => {
  test('reads nested values; missing paths and paths through non-objects are undefined', () => {
    const o = { a: { b: { c: 3 }, n: null, s: 'x' } };
    expect(getPath(o, 'a.b.c')).toBe(3);
    expect(getPath(o, 'a.b')).toEqual({ c: 3 });
    expect(getPath(o, 'a.nope.c')).toBeUndefined();
    expect(getPath(o, 'a.n.c')).toBeUndefined();
    expect(getPath(o, 'a.s.length')).toBeUndefined();
    expect(getPath(undefined, 'a')).toBeUndefined();
  });
});

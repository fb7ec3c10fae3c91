import * as net from 'net';
import { EXIT, UserError } from '../../src/errors';
import { ImageReference } from '../../src/images/reference';
import { MANIFEST_TYPES, parseChallenge, RegistryClient, registryBaseUrl } from '../../src/images/registry-client';
import { digestOf, DOCKER_V2, FakeRegistry, manifest, OCI_INDEX, startFakeRegistry } from './fake-registry';

const APP = manifest('app v1');
const INDEX = manifest('app index', OCI_INDEX);
const OTHER = manifest('other', DOCKER_V2);
const MANIFESTS = { 'team/app:v1': APP, 'team/app:multi': INDEX, 'team/other:2': OTHER };

let registries: FakeRegistry[] = [];
async function start(options: Partial<Parameters<typeof startFakeRegistry>[0]> = {}): Promise<FakeRegistry> {
  const r = await startFakeRegistry({ manifests: MANIFESTS, ...options });
  registries.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(registries.map((r) => r.close()));
  registries = [];
});

const ref = (registry: FakeRegistry, rest: string) => ImageReference.parse(`${registry.host}/${rest}`);
const client = (registry: FakeRegistry, extra: ConstructorParameters<typeof RegistryClient>[0] = {}) =>
  new RegistryClient({ insecureRegistries: [registry.host], ...extra });

async function failure(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).not.toContain('\n');
    return e as UserError;
  }
  throw new Error('expected a failure');
}

describe('RegistryClient.resolveDigest', () => {
  test('GET the manifest and hash it (no HEAD: its digest would be unverified); the Accept header lists OCI and Docker manifest and index types', async () => {
    const r = await start();
    expect(await client(r).resolveDigest(ref(r, 'team/app:v1'))).toBe(digestOf(APP.body));
    expect(r.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /v2/team/app/manifests/v1']);
    const accept = String(r.requests[0].headers.accept);
    for (const type of [
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.docker.distribution.manifest.list.v2+json',
      'application/vnd.docker.distribution.manifest.v2+json',
    ]) expect(accept).toContain(type);
    expect(MANIFEST_TYPES).toHaveLength(4);
  });

  test('an OCI index and a Docker v2 manifest resolve to their own digests', async () => {
    const r = await start();
    const c = client(r);
    expect(await c.resolveDigest(ref(r, 'team/app:multi'))).toBe(digestOf(INDEX.body));
    expect(await c.resolveDigest(ref(r, 'team/other:2'))).toBe(digestOf(OTHER.body));
  });

  test('a reference with a digest asks for that digest', async () => {
    const r = await start();
    const d = digestOf(APP.body);
    expect(await client(r).resolveDigest(ref(r, `team/app@${d}`))).toBe(d);
    expect(r.requests[0].url).toBe(`/v2/team/app/manifests/${d}`);
  });

  test('works with a registry that refuses HEAD', async () => {
    const r = await start({ refuseHead: true });
    expect(await client(r).resolveDigest(ref(r, 'team/app:v1'))).toBe(digestOf(APP.body));
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
  });

  test('works without a Docker-Content-Digest header', async () => {
    const r = await start({ omitDigestHeader: true });
    expect(await client(r).resolveDigest(ref(r, 'team/app:v1'))).toBe(digestOf(APP.body));
  });

  test('an HTML page answered with 200 (a proxy) is not pinned (exit 3)', async () => {
    const r = await start({ html: true });
    const e = await failure(client(r).resolveDigest(ref(r, 'team/app:v1')));
    expect(e.exitCode).toBe(EXIT.SERVICE);
    expect(e.message).toBe(`${r.host}/team/app:v1: ${r.host} answered Content-Type "text/html", not a manifest (${MANIFEST_TYPES.join(', ')}); a proxy or login page may be in the way; nothing was pinned`);
  });

  test('a body over 4 MiB without a Content-Length is cut off, not read into memory (exit 3)', async () => {
    const r = await start({ hugeBody: 64 * 1024 * 1024 });
    const e = await failure(client(r).resolveDigest(ref(r, 'team/app:v1')));
    expect(e.exitCode).toBe(EXIT.SERVICE);
    expect(e.message).toBe(`${r.host}/team/app:v1: the registry answered more than 4194304 bytes, more than a manifest can hold; check the registry`);
  });

  test('the deadline covers a body that trickles in for ever (exit 3)', async () => {
    const r = await start({ slowBody: true });
    const started = Date.now();
    const e = await failure(client(r, { timeoutMs: 800 }).resolveDigest(ref(r, 'team/app:v1')));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(e.exitCode).toBe(EXIT.SERVICE);
    expect(e.message).toMatch(new RegExp(`^${r.host.replace(/\./g, '\\.')}/team/app:v1: no answer from http://${r.host.replace(/\./g, '\\.')} within 0\\.8 s; check the network or retry$`));
  });

  test('a redirect from HTTPS to plain HTTP is refused', async () => {
    // A TLS registry on loopback with a throw-away certificate made by openssl.
    const https = require('https');
    const { execFileSync } = require('child_process');
    const dir = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'ef-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', `${dir}/k.pem`, '-out', `${dir}/c.pem`], { stdio: 'pipe' });
    const plain = await start();
    const server = https.createServer({ key: require('fs').readFileSync(`${dir}/k.pem`), cert: require('fs').readFileSync(`${dir}/c.pem`) }, (req: any, res: any) => {
      res.writeHead(302, { Location: `http://${plain.host}${req.url}` }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${server.address().port}`;
    // Node's fetch trusts the system CAs only: add the test certificate to every TLS context.
    const tls = require('tls');
    const original = tls.createSecureContext;
    tls.createSecureContext = (options: any) => { const ctx = original(options); ctx.context.addCACert(require('fs').readFileSync(`${dir}/c.pem`)); return ctx; };
    try {
      const e = await failure(new RegistryClient({ timeoutMs: 5000 }).resolveDigest(ImageReference.parse(`${host}/team/app:v1`)));
      expect(e.message).toBe(`${host}/team/app:v1: https://${host} redirected to http://${plain.host} over plain HTTP; refusing to leave HTTPS; report it to the registry's operator`);
      expect(plain.requests).toEqual([]);
    } finally {
      tls.createSecureContext = original;
      server.close();
    }
  });

  test('a GET body that does not match the announced digest is a service error', async () => {
    const wrong = `sha256:${'e'.repeat(64)}`;
    const r = await start({ refuseHead: true, announceDigest: wrong });
    const e = await failure(client(r).resolveDigest(ref(r, 'team/app:v1')));
    expect(e.exitCode).toBe(EXIT.SERVICE);
    expect(e.message).toBe(
      `${r.host}/team/app:v1: the registry announced digest ${wrong} but the manifest it sent hashes to ${digestOf(APP.body)}; retry, or report it to the registry's operator`,
    );
  });

  test('follows the bearer flow: challenge, anonymous token with service and scope, retry', async () => {
    const r = await start({ auth: 'bearer' });
    const c = client(r);
    expect(await c.resolveDigest(ref(r, 'team/app:v1'))).toBe(digestOf(APP.body));
    const token = r.requests.filter((q) => q.url.startsWith('/token'));
    expect(token).toHaveLength(1);
    const query = new URL(token[0].url, 'http://x').searchParams;
    expect(query.get('service')).toBe('fake-registry');
    expect(query.get('scope')).toBe('repository:team/app:pull');
    expect(token[0].headers.authorization).toBeUndefined();
    const last = r.requests[r.requests.length - 1];
    expect(last.headers.authorization).toBe('Bearer fake-registry-token');
    // The token is reused for the same repository.
    await c.resolveDigest(ref(r, 'team/app:multi'));
    expect(r.requests.filter((q) => q.url.startsWith('/token'))).toHaveLength(1);
  });

  test('sends stored credentials to the token service', async () => {
    const creds = { username: 'example-user', password: 'example-password' };
    const r = await start({ auth: 'bearer', credentials: creds });
    const c = client(r, { credentials: (host) => (host === r.host ? creds : undefined) });
    expect(await c.resolveDigest(ref(r, 'team/app:v1'))).toBe(digestOf(APP.body));
    const token = r.requests.find((q) => q.url.startsWith('/token'))!;
    expect(token.headers.authorization).toBe(`Basic ${Buffer.from('example-user:example-password').toString('base64')}`);
  });

  test('a token service that refuses anonymous access is the user\'s to fix (exit 2)', async () => {
    const r = await start({ auth: 'bearer', credentials: { username: 'u', password: 'p' } });
    const e = await failure(client(r).resolveDigest(ref(r, 'team/app:v1')));
    expect(e.exitCode).toBe(EXIT.INPUT);
    expect(e.message).toBe(
      `${r.host}/team/app:v1: the token service of ${r.host} refused anonymous access (HTTP 401); run "skopeo login ${r.host}" or set REGISTRY_AUTH_FILE`,
    );
  });

  test('answers a Basic challenge with stored credentials, and reports it without them', async () => {
    const creds = { username: 'example-user', password: 'example-password' };
    const r = await start({ auth: 'basic', credentials: creds });
    expect(await client(r, { credentials: () => creds }).resolveDigest(ref(r, 'team/app:v1'))).toBe(digestOf(APP.body));
    const e = await failure(client(r).resolveDigest(ref(r, 'team/app:v1')));
    expect(e.exitCode).toBe(EXIT.INPUT);
    expect(e.message).toBe(`${r.host}/team/app:v1: access denied by ${r.host} (HTTP 401 UNAUTHORIZED); run "skopeo login ${r.host}" or set REGISTRY_AUTH_FILE`);
  });

  test('an unknown tag is "manifest unknown" (exit 2)', async () => {
    const r = await start();
    const e = await failure(client(r).resolveDigest(ref(r, 'team/app:nope')));
    expect(e.exitCode).toBe(EXIT.INPUT);
    expect(e.message).toBe(`${r.host}/team/app:nope: manifest unknown: ${r.host}/team/app has no tag "nope"; check the image reference in the environment file`);
  });

  test('an unknown repository is named as such (exit 2)', async () => {
    const r = await start();
    const e = await failure(client(r).resolveDigest(ref(r, 'team/ghost:1')));
    expect(e.exitCode).toBe(EXIT.INPUT);
    expect(e.message).toBe(`${r.host}/team/ghost:1: repository unknown: ${r.host} has no repository team/ghost; check the image reference in the environment file`);
  });

  test('a server error is a service failure (exit 3)', async () => {
    const r = await start({ status: 503 });
    const e = await failure(client(r).resolveDigest(ref(r, 'team/app:v1')));
    expect(e.exitCode).toBe(EXIT.SERVICE);
    expect(e.message).toBe(`${r.host}/team/app:v1: ${r.host} answered HTTP 503 UNAVAILABLE; retry later or check the registry`);
  });

  test('a registry that does not answer in time is a service failure (exit 3)', async () => {
    const r = await start({ hang: true });
    const e = await failure(client(r, { timeoutMs: 300 }).resolveDigest(ref(r, 'team/app:v1')));
    expect(e.exitCode).toBe(EXIT.SERVICE);
    expect(e.message).toBe(`${r.host}/team/app:v1: no answer from http://${r.host} within 0.3 s; check the network or retry`);
  });

  test('a closed port is a service failure (exit 3)', async () => {
    const port = await closedPort();
    const e = await failure(new RegistryClient({ insecureRegistries: [`127.0.0.1:${port}`] }).resolveDigest(ImageReference.parse(`127.0.0.1:${port}/a:1`)));
    expect(e.exitCode).toBe(EXIT.SERVICE);
    expect(e.message).toBe(`127.0.0.1:${port}/a:1: cannot reach http://127.0.0.1:${port} (ECONNREFUSED); check the host name, the network and the proxy settings`);
  });

  test('uses HTTPS unless the registry is named insecure, and hints at the flag', async () => {
    const r = await start();
    const e = await failure(new RegistryClient().resolveDigest(ref(r, 'team/app:v1')));
    expect(e.exitCode).toBe(EXIT.SERVICE);
    expect(e.message).toMatch(new RegExp(`^${r.host}/team/app:v1: cannot reach https://${r.host} \\(.+\\); if ${r.host} serves plain HTTP, pass --insecure-registry ${r.host}$`));
    expect(r.requests).toEqual([]);
  });
});

describe('registryBaseUrl', () => {
  test('maps docker.io to its API host, HTTPS by default, HTTP for named registries', () => {
    expect(registryBaseUrl('docker.io')).toBe('https://registry-1.docker.io');
    expect(registryBaseUrl('cr.flyte.org')).toBe('https://cr.flyte.org');
    expect(registryBaseUrl('127.0.0.1:5000', ['127.0.0.1:5000'])).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('127.0.0.1:5001', ['127.0.0.1:5000'])).toBe('https://127.0.0.1:5001');
  });
});

describe('parseChallenge', () => {
  test('reads a Docker Hub style bearer challenge', () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/postgres:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/postgres:pull' },
    });
  });

  test('accepts spaces, unquoted values, escapes and any case', () => {
    expect(parseChallenge('BEARER Realm="https://a/t", service=reg, error="insufficient_scope", scope="x:\\"y\\""')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://a/t', service: 'reg', error: 'insufficient_scope', scope: 'x:"y"' },
    });
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({ scheme: 'basic', params: { realm: 'Registry Realm' } });
    expect(parseChallenge('')).toBeUndefined();
  });
});

/** A port nothing listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

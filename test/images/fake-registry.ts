/**
 * A small stand-in for a registry's HTTP API v2 on 127.0.0.1, for the error paths a real
 * registry cannot be made to show on demand (refused HEAD, bad digests, 5xx, silence). The
 * happy path runs against the real registry (CNCF Distribution, built by scripts/tools/build.sh) in mirroring.test.ts.
 */
import { createHash } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';

export interface FakeManifest {
  readonly body: Buffer;
  readonly mediaType: string;
}

export interface FakeRegistryOptions {
  /** "repository:tag" -> manifest. Each manifest is also served by its digest. */
  readonly manifests: Record<string, FakeManifest>;
  /** How the registry asks for authentication. @default 'none' */
  readonly auth?: 'none' | 'bearer' | 'basic';
  /** Basic credentials the token service (bearer) or the registry (basic) requires. @default - anonymous allowed */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Answer HEAD with 405. */
  readonly refuseHead?: boolean;
  /** Leave out Docker-Content-Digest. */
  readonly omitDigestHeader?: boolean;
  /** Announce this digest instead of the real one. */
  readonly announceDigest?: string;
  /** Answer every manifest request with this status. */
  readonly status?: number;
  /** Never answer manifest requests. */
  readonly hang?: boolean;
  /** Answer manifest requests with a 200 HTML page (a proxy's login page). */
  readonly html?: boolean;
  /** Answer GET with this many bytes of a manifest type, without a Content-Length. */
  readonly hugeBody?: number;
  /** Send the headers and a first byte, then one byte every 100 ms, for ever. */
  readonly slowBody?: boolean;
  /** Answer manifest requests with a 302 to this URL. */
  readonly redirectTo?: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface FakeRegistry {
  /** `127.0.0.1:PORT` */
  readonly host: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export function digestOf(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** A manifest body with a marker, so that every test image has its own digest. */
export function manifest(marker: string, mediaType = OCI_MANIFEST): FakeManifest {
  const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(Buffer.from(marker)), size: marker.length }, layers: [] }));
  return { body, mediaType };
}

const TOKEN = 'fake-registry-token';

export async function startFakeRegistry(options: FakeRegistryOptions): Promise<FakeRegistry> {
  const requests: RecordedRequest[] = [];
  const hanging: http.ServerResponse[] = [];
  const basicOk = (header: string | undefined) =>
    options.credentials === undefined ||
    header === `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`;

  const server = http.createServer((req, res) => {
    requests.push({ method: req.method!, url: req.url!, headers: req.headers });
    const url = new URL(req.url!, 'http://fake');
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
      res.end(req.method === 'HEAD' ? undefined : text);
    };

    if (url.pathname === '/token') {
      if (!basicOk(req.headers.authorization)) return json(401, { errors: [{ code: 'UNAUTHORIZED' }] });
      return json(200, { token: TOKEN, expires_in: 300 });
    }
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!m) return json(404, { errors: [{ code: 'NOT_FOUND' }] });
    const [, repo, ref] = m;

    if (options.auth === 'bearer' && req.headers.authorization !== `Bearer ${TOKEN}`) {
      return json(401, { errors: [{ code: 'UNAUTHORIZED' }] }, {
        'WWW-Authenticate': `Bearer realm="http://${host}/token",service="fake-registry",scope="repository:${repo}:pull"`,
      });
    }
    if (options.auth === 'basic' && (req.headers.authorization === undefined || !basicOk(req.headers.authorization))) {
      return json(401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'WWW-Authenticate': 'Basic realm="fake-registry"' });
    }
    if (options.hang) {
      hanging.push(res);
      return undefined;
    }
    if (options.status !== undefined) return json(options.status, { errors: [{ code: 'UNAVAILABLE' }] });
    if (options.redirectTo !== undefined) {
      res.writeHead(302, { Location: options.redirectTo, 'Content-Length': '0' });
      return res.end();
    }
    if (options.html) {
      const page = '<html><body>Please sign in to the proxy</body></html>';
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(page.length) });
      return res.end(req.method === 'HEAD' ? undefined : page);
    }
    if (options.hugeBody !== undefined && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': OCI_MANIFEST });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < options.hugeBody!) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      return pump();
    }
    if (options.slowBody && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': OCI_MANIFEST });
      res.write('{');
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
      hanging.push(res);
      return undefined;
    }
    if (req.method === 'HEAD' && options.refuseHead) return json(405, { errors: [{ code: 'UNSUPPORTED' }] });

    const repoKnown = Object.keys(options.manifests).some((k) => k.startsWith(`${repo}:`));
    const found = Object.entries(options.manifests).find(([k, v]) => k === `${repo}:${ref}` || (k.startsWith(`${repo}:`) && digestOf(v.body) === ref));
    if (!repoKnown) return json(404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
    if (!found) return json(404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
    const man = found[1];
    // Like docker-registry 2.8: OCI content is "unknown" unless the client accepts OCI types.
    if (!(req.headers.accept ?? '').includes(man.mediaType)) return json(404, { errors: [{ code: 'MANIFEST_UNKNOWN' }] });
    const headers: Record<string, string> = { 'Content-Type': man.mediaType, 'Content-Length': String(man.body.length) };
    if (!options.omitDigestHeader) headers['Docker-Content-Digest'] = options.announceDigest ?? digestOf(man.body);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : man.body);
    return undefined;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

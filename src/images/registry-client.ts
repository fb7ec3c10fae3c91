import { createHash } from 'crypto';
import { EXIT, UserError } from '../errors';
import { printable } from '../printable';
import type { CredentialLookup, Credentials } from './credentials';
import { DOCKER_HUB, ImageReference } from './reference';

/** Manifest types a digest may name: multi-platform indexes first, then single manifests. */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

/** Docker Hub's API host; `docker.io` itself only redirects browsers. */
const DOCKER_HUB_API = 'registry-1.docker.io';
/** The distribution spec's limit on manifest size. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface RegistryClientOptions {
  /**
   * Registries (`host[:port]`, as written in image references) reached over plain HTTP.
   * @default - none: every registry is reached over HTTPS with verified certificates
   */
  readonly insecureRegistries?: readonly string[];
  /**
   * Time allowed for each HTTP request, in milliseconds.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /**
   * Credentials sent to token services and to registries that ask for Basic auth.
   * @default - anonymous
   */
  readonly credentials?: CredentialLookup;
}

/** A parsed `WWW-Authenticate` challenge. */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses `WWW-Authenticate: Bearer realm="...",service="...",scope="..."` (RFC 7235
 * auth-params, quoted or not). Only the first challenge is read; registries send one.
 */
export function parseChallenge(header: string): Challenge | undefined {
  // The blanks after the scheme are one token's: one way to split, linear in the header.
  const m = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?:\s+(\S.*)?)?$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const param = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))\s*(?:,|$)\s*/gy;
  const rest = m[2] ?? '';
  let p: RegExpExecArray | null;
  while (param.lastIndex < rest.length && (p = param.exec(rest)) !== null) {
    params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
  }
  return { scheme: m[1].toLowerCase(), params };
}

/** The base URL of a registry's API: HTTPS unless the user named it insecure. */
export function registryBaseUrl(registry: string, insecureRegistries: readonly string[] = []): string {
  const host = registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
  return `${insecureRegistries.includes(registry) ? 'http' : 'https'}://${host}`;
}

/**
 * Resolves image references to manifest digests with the registry HTTP API v2 (the OCI
 * distribution spec), following the bearer-token flow when a registry asks for it.
 */
export class RegistryClient {
  private readonly insecure: readonly string[];
  private readonly timeoutMs: number;
  private readonly credentials: CredentialLookup;
  /** Tokens by registry and scope, for the life of the client. */
  private readonly tokens = new Map<string, string>();

  constructor(options: RegistryClientOptions = {}) {
    this.insecure = options.insecureRegistries ?? [];
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.credentials = options.credentials ?? (() => undefined);
  }

  /**
   * The digest of the manifest (or index) `ref` names: by its digest if it has one, else by
   * its tag. Errors are one-line UserErrors: exit 2 for a tag or repository that does not
   * exist or access that is denied, exit 3 when the registry or the network fails.
   */
  public async resolveDigest(ref: ImageReference): Promise<string> {
    const reference = ref.digest ?? ref.tag;
    if (reference === undefined) throw new UserError(`${ref}: has neither tag nor digest; expected a reference such as "${ref}:1.0"`);
    const url = `${registryBaseUrl(ref.registry, this.insecure)}/v2/${ref.repository}/manifests/${reference}`;
    const where = `${ref}`;

    // Always GET and hash what arrived: a digest announced by HEAD alone is not verified.
    const res = await this.authorized(ref, 'GET', url, where);
    const body = await this.readBody(res, where);
    if (res.status !== 200) throw statusError(where, ref, res.status, body);
    assertManifest(where, ref, res, body);
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const announced = res.headers.get('docker-content-digest');
    if (announced !== null && announced !== digest) {
      throw new UserError(`${where}: the registry announced digest ${announced} but the manifest it sent hashes to ${digest}; retry, or report it to the registry's operator`, EXIT.SERVICE);
    }
    if (ref.digest !== undefined && ref.digest !== digest) {
      throw new UserError(`${where}: the registry sent a manifest that hashes to ${digest}; retry, or report it to the registry's operator`, EXIT.SERVICE);
    }
    return digest;
  }

  /** Sends a request, answering a 401 challenge once (bearer token or basic credentials). */
  private async authorized(ref: ImageReference, method: string, url: string, where: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: MANIFEST_TYPES.join(', ') };
    const scope = `repository:${ref.repository}:pull`;
    const cached = this.tokens.get(`${ref.registry} ${scope}`);
    if (cached !== undefined) headers.Authorization = `Bearer ${cached}`;
    const first = await this.send(method, url, headers, where);
    if (first.status !== 401) return first;
    const challenge = parseChallenge(first.headers.get('www-authenticate') ?? '');
    const creds = this.credentials(ref.registry);
    const canRetry = challenge?.scheme === 'bearer' || (challenge?.scheme === 'basic' && creds !== undefined);
    // No way to authenticate: the caller reports the 401 (and reads its body).
    if (!canRetry) return first;
    await first.arrayBuffer().catch(() => undefined);
    if (challenge?.scheme === 'bearer') {
      const token = await this.token(ref, challenge, scope, creds, where);
      this.tokens.set(`${ref.registry} ${scope}`, token);
      return this.send(method, url, { ...headers, Authorization: `Bearer ${token}` }, where);
    }
    return this.send(method, url, { ...headers, Authorization: basic(creds!) }, where);
  }

  /** Fetches a bearer token from the challenge's realm (anonymously without credentials). */
  private async token(ref: ImageReference, challenge: Challenge, defaultScope: string, creds: Credentials | undefined, where: string): Promise<string> {
    const realm = challenge.params.realm;
    let url: URL;
    try {
      url = new URL(realm ?? '');
    } catch {
      throw new UserError(`${where}: ${ref.registry} asked for a bearer token without a usable realm (${JSON.stringify(realm ?? null)}); report it to the registry's operator`, EXIT.SERVICE);
    }
    if (challenge.params.service !== undefined) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', challenge.params.scope ?? defaultScope);
    const headers: Record<string, string> = {};
    // Never send a password in clear text to a realm the user did not name insecure.
    if (creds !== undefined && (url.protocol === 'https:' || this.insecure.includes(url.host))) headers.Authorization = basic(creds);
    const res = await this.send('GET', url.toString(), headers, `${where}: token service ${url.origin}${url.pathname}`);
    const body = await this.readBody(res, where);
    if (res.status === 401 || res.status === 403) {
      throw new UserError(
        `${where}: the token service of ${ref.registry} refused ${creds ? 'the stored credentials' : 'anonymous access'} (HTTP ${res.status}); run "skopeo login ${ref.registry}" or set REGISTRY_AUTH_FILE`,
      );
    }
    if (res.status !== 200) {
      throw new UserError(`${where}: the token service of ${ref.registry} answered HTTP ${res.status}; retry later or check ${url.origin}`, EXIT.SERVICE);
    }
    let json: { token?: unknown; access_token?: unknown };
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new UserError(`${where}: the token service of ${ref.registry} did not answer JSON; check ${url.origin}`, EXIT.SERVICE);
    }
    const token = typeof json.token === 'string' && json.token ? json.token : json.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new UserError(`${where}: the token service of ${ref.registry} answered without a token; check ${url.origin}`, EXIT.SERVICE);
    }
    return token;
  }

  /**
   * One request with its own deadline, which also covers reading the body (see readBody).
   * Redirects are followed here, at most 5, and never from HTTPS to plain HTTP.
   */
  private async send(method: string, url: string, headers: Record<string, string>, where: string): Promise<Response> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let current = url;
    for (let hop = 0; ; hop++) {
      let res: Response;
      try {
        res = await fetch(current, { method, headers, redirect: 'manual', signal });
      } catch (e) {
        throw networkError(e, current, where, this.timeoutMs);
      }
      const location = res.headers.get('location');
      if (![301, 302, 303, 307, 308].includes(res.status) || location === null) {
        deadlines.set(res, signal);
        return res;
      }
      await res.body?.cancel().catch(() => undefined);
      const next = new URL(location, current);
      if (new URL(current).protocol === 'https:' && next.protocol !== 'https:') {
        throw new UserError(`${where}: ${new URL(current).origin} redirected to ${printable(next.origin)} over plain HTTP; refusing to leave HTTPS; report it to the registry's operator`, EXIT.SERVICE);
      }
      if (hop >= 5) throw new UserError(`${where}: more than 5 redirects from ${new URL(url).origin}; report it to the registry's operator`, EXIT.SERVICE);
      // Credentials go to the origin they were meant for only.
      if (next.origin !== new URL(current).origin) delete headers.Authorization;
      current = next.toString();
    }
  }

  /** Reads at most MAX_MANIFEST_BYTES, within the request's deadline, whatever the headers say. */
  private async readBody(res: Response, where: string): Promise<Buffer> {
    const tooLarge = () => new UserError(`${where}: the registry answered more than ${MAX_MANIFEST_BYTES} bytes, more than a manifest can hold; check the registry`, EXIT.SERVICE);
    const length = Number(res.headers.get('content-length') ?? '0');
    if (length > MAX_MANIFEST_BYTES) {
      await res.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (!res.body) return Buffer.alloc(0);
    const signal = deadlines.get(res);
    const reader = res.body.getReader();
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > MAX_MANIFEST_BYTES) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(Buffer.from(value));
      }
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw networkError(e, res.url || where, where, this.timeoutMs);
    }
    return Buffer.concat(chunks);
  }
}

/** The deadline of each response's request, so that reading its body honours it too. */
const deadlines = new WeakMap<Response, AbortSignal>();

/** A manifest answer has a manifest media type and is a JSON object: not a proxy's HTML page. */
function assertManifest(where: string, ref: ImageReference, res: Response, body: Buffer): void {
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!(MANIFEST_TYPES as readonly string[]).includes(type)) {
    throw new UserError(
      `${where}: ${ref.registry} answered ${type ? `Content-Type ${JSON.stringify(printable(type))}` : 'without a Content-Type'}, not a manifest (${MANIFEST_TYPES.join(', ')}); a proxy or login page may be in the way; nothing was pinned`,
      EXIT.SERVICE,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    json = undefined;
  }
  const doc = json as { schemaVersion?: unknown; mediaType?: unknown } | undefined;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || doc.schemaVersion !== 2 || (doc.mediaType !== undefined && doc.mediaType !== type)) {
    throw new UserError(`${where}: ${ref.registry} answered a body that is not a ${type} manifest; nothing was pinned; check the registry`, EXIT.SERVICE);
  }
}

function basic(creds: Credentials): string {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
}

/** One line for a non-200 manifest answer; the distribution error code says what is missing. */
function statusError(where: string, ref: ImageReference, status: number, body: Buffer): UserError {
  let code: string | undefined;
  try {
    code = (JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: string }> }).errors?.[0]?.code;
  } catch {
    code = undefined;
  }
  if (status === 404) {
    const what = code === 'NAME_UNKNOWN'
      ? `repository unknown: ${ref.registry} has no repository ${ref.repository}`
      : `manifest unknown: ${ref.name} has no ${ref.digest !== undefined ? `manifest ${ref.digest}` : `tag ${JSON.stringify(ref.tag)}`}`;
    return new UserError(`${where}: ${what}; check the image reference in the environment file`);
  }
  if (status === 401 || status === 403) {
    return new UserError(`${where}: access denied by ${ref.registry} (HTTP ${status}${code ? ` ${code}` : ''}); run "skopeo login ${ref.registry}" or set REGISTRY_AUTH_FILE`);
  }
  return new UserError(`${where}: ${ref.registry} answered HTTP ${status}${code ? ` ${code}` : ''}; retry later or check the registry`, EXIT.SERVICE);
}

function networkError(e: unknown, url: string, where: string, timeoutMs: number): UserError {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return new UserError(`${where}: no answer from ${new URL(url).origin} within ${timeoutMs / 1000} s; check the network or retry`, EXIT.SERVICE);
  }
  const cause = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
  // A plain-HTTP registry reached over HTTPS fails in the TLS handshake.
  const plainHttp = url.startsWith('https:') && /EPROTO|wrong version number|ERR_SSL|packet length too long/i.test(`${err?.cause?.code} ${err?.cause?.message}`);
  const hint = plainHttp ? `; if ${new URL(url).host} serves plain HTTP, pass --insecure-registry ${new URL(url).host}` : '; check the host name, the network and the proxy settings';
  return new UserError(`${where}: cannot reach ${new URL(url).origin} (${cause})${hint}`, EXIT.SERVICE);
}

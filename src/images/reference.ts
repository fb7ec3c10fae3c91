/**
 * Image references, parsed by the grammar of github.com/distribution/reference:
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component { "/" path-component }
 *   domain    := host [ ":" port ]
 *
 * and normalised the way Docker does: a first component without ".", ":" and other than
 * "localhost" is a path on docker.io, and a single-component path on docker.io gets "library/".
 */

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}';

/** The whole grammar as one anchored pattern (exported for the linear-time test). */
export const REFERENCE = new RegExp(
  `^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);
const SHA256 = /^sha256:[0-9a-f]{64}$/;

export const DOCKER_HUB = 'docker.io';

export class ImageReference {
  /**
   * Parses a reference. Throws a one-line error for anything the grammar rejects, naming
   * `what` (for example `images.waitForDb`).
   */
  public static parse(value: string, what = 'image'): ImageReference {
    const fail = (why: string): never => {
      throw new Error(`${what}: ${JSON.stringify(value)} is not a valid image reference; ${why}`);
    };
    if (typeof value !== 'string' || value.length === 0) fail('expected "[registry/]path[:tag][@sha256:digest]"');
    const m = REFERENCE.exec(value);
    if (m === null) return fail('expected "[registry[:port]/]path[:tag][@sha256:digest]" with a lowercase path');
    const [, first, rest, tag, digest] = m;
    // "localhost", or a first component with "." or ":" (or uppercase), names a registry;
    // anything else is a path on Docker Hub.
    const isRegistry = first !== undefined && (/[.:]/.test(first) || first === 'localhost' || /[A-Z]/.test(first));
    let domain = isRegistry ? first : DOCKER_HUB;
    let path = first !== undefined && !isRegistry ? `${first}/${rest}` : rest;
    if (domain === 'index.docker.io') domain = DOCKER_HUB;
    if (domain === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
    if (`${domain}/${path}`.length > 255) fail('the repository name is longer than 255 characters');
    if (digest !== undefined && !SHA256.test(digest)) fail('only "sha256:" followed by 64 lowercase hex digits is accepted as a digest');
    return new ImageReference(domain, path, tag, digest);
  }

  private constructor(
    /** Registry host and optional port, for example "cr.flyte.org" or "docker.io". */
    public readonly registry: string,
    /** Repository path inside the registry, for example "flyteorg/flyte-binary-release". */
    public readonly repository: string,
    public readonly tag: string | undefined,
    /** Content digest, "sha256:<hex>". */
    public readonly digest: string | undefined,
  ) {}

  /** Fully qualified name without tag or digest. */
  public get name(): string {
    return `${this.registry}/${this.repository}`;
  }

  /** The same image in another registry and repository, keeping tag and digest. */
  public withName(registry: string, repository: string): ImageReference {
    return new ImageReference(registry, repository, this.tag, this.digest);
  }

  public withDigest(digest: string | undefined): ImageReference {
    if (digest !== undefined && !SHA256.test(digest)) throw new Error(`${JSON.stringify(digest)} is not a sha256 digest`);
    return new ImageReference(this.registry, this.repository, this.tag, digest);
  }

  /** Canonical form: registry/repository[:tag][@digest]. */
  public toString(): string {
    return `${this.name}${this.tag !== undefined ? `:${this.tag}` : ''}${this.digest !== undefined ? `@${this.digest}` : ''}`;
  }
}

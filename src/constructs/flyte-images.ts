import type { IConstruct } from 'constructs';
import { isImageKey } from '../config/flyte-config-rules';
import { defaultSourceImages, SourceImages } from '../images/defaults';
import { ImageReference } from '../images/reference';
import { propsError, withPath } from './errors';
import type { NamespaceObject } from './namespace-objects';
import type { PrivateRegistry } from './private-registry';

/** One image a pod of the deployment can run. */
export interface ImageUse {
  /** What runs it: `flyte-binary`, `co-pilot` or `wait-for-db`. */
  readonly role: string;
  /** Where the reference appears in the rendered objects. */
  readonly usedIn: string;
  /** The upstream image. */
  readonly source: ImageReference;
  /** What the cluster pulls: the mirrored reference, pinned by digest when known. */
  readonly target: ImageReference;
}

export interface FlyteImagesProps {
  /** Flyte version: the tag of the default images. */
  readonly version: string;
  /**
   * Source images.
   * @default - the upstream images of `version` (see `defaultSourceImages`)
   */
  readonly images?: Partial<SourceImages>;
  /**
   * Mirror every image into this registry.
   * @default - images are pulled from their source registries
   */
  readonly registry?: PrivateRegistry;
  /**
   * Digests of source images (`registry/repository:tag` -> `sha256:...`); images with a digest
   * are referenced by digest.
   * @default - none
   */
  readonly digests?: Readonly<Record<string, string>>;
}

/**
 * Image resolution: each source reference (the upstream default of the version, or the site's)
 * becomes what the cluster pulls, the mirrored reference pinned by digest when one is known, and
 * is recorded as an `ImageUse` (the inventory, the mirroring files and the bill of materials are
 * made from these). Errors name the field of `scope`'s props the reference came from.
 */
export class FlyteImages {
  /** Every image resolved so far, in the order asked. */
  public readonly uses: ImageUse[] = [];
  private readonly sources: SourceImages;

  constructor(private readonly scope: IConstruct, private readonly props: FlyteImagesProps) {
    this.sources = { ...defaultSourceImages(props.version), ...props.images };
  }

  /** One of the deployment's own images (`images.<what>`). */
  public image(role: string, what: keyof SourceImages, usedIn: string): string {
    return this.resolve(role, `images.${what}`, this.sources[what], usedIn);
  }

  /** The reference the cluster pulls for `reference`, named `field` in errors. Refuses untagged and `latest` images. */
  public resolve(role: string, field: string, reference: string, usedIn: string): string {
    const source = withPath(this.scope, () => ImageReference.parse(reference, field));
    if (source.tag === undefined && source.digest === undefined) {
      throw propsError(this.scope, field, `${JSON.stringify(reference)} has no tag; expected a tag such as ":${this.props.version}" (untagged means "latest")`);
    }
    if (source.tag === 'latest') {
      throw propsError(this.scope, field, `${JSON.stringify(reference)} uses the "latest" tag; expected a fixed tag`);
    }
    const digest = source.digest ?? this.props.digests?.[source.toString()];
    const mirrored = this.props.registry ? this.props.registry.mirror(source) : source;
    const target = withPath(this.scope, () => mirrored.withDigest(digest));
    this.uses.push({ role, usedIn, source, target });
    return target.toString();
  }

  /**
   * The free-form Flyte configuration (`flyteConfig`) with the images it names (keys Flyte reads
   * as images) replaced by what the cluster pulls: task pods pull them like co-pilot.
   */
  public rewriteConfig(config: Readonly<Record<string, unknown>>, usedIn: string): Record<string, unknown> {
    return rewrite(config, [], (path, key, value) =>
      isImageKey(key) ? this.resolve('flyte-config', ['flyteConfig', ...path, key].join('.'), value, `${usedIn} ${[...path, key].join('.')}`) : undefined) as Record<string, unknown>;
  }

  /** A namespace object with the images of its containers (`image` keys) replaced by what the cluster pulls. */
  public rewriteObject(o: NamespaceObject, templates: string): NamespaceObject {
    const file = `100_${String(o.kind).toLowerCase()}_${o.metadata?.name}.yaml`;
    const field = `tasks.namespaceObjects(${o.kind}/${o.metadata?.name})`;
    return rewrite(o, [], (path, key, value) =>
      key === 'image' ? this.resolve('namespace-object', [field, ...path, key].join('.'), value, `${templates} ${file} ${[...path, key].join('.')}`) : undefined) as NamespaceObject;
  }
}

/** A copy of `value` with each string under a key `replace` answers for replaced by its answer. */
function rewrite(value: unknown, path: string[], replace: (path: string[], key: string, value: string) => string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v, i) => rewrite(v, [...path, String(i)], replace));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, (typeof v === 'string' ? replace(path, k, v) : undefined) ?? rewrite(v, [...path, k], replace)]));
}

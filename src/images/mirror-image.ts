import type { ImageReference } from './reference';

/** One image to carry across the air gap. */
export interface MirrorImage {
  /** The upstream image, with its digest when known. */
  readonly source: ImageReference;
  /** What `skopeo sync` pulls: the digest when known (so a moved tag cannot change it), else the tag. */
  readonly pull: string;
  /**
   * Where `skopeo sync --scoped --dest dir` stores it under the transfer directory:
   * `<registry>/<repository>@<digest>` or `<registry>/<repository>:<tag>`.
   */
  readonly path: string;
  /** The reference pushed in the private registry: `<target name>:<tag>`, or `@<digest>` without a tag. */
  readonly destination: string;
  readonly digest?: string;
}

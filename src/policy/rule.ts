import type { KubeObject } from '../synth/manifests';

/** One broken rule, on one field of one object. */
export interface Violation {
  readonly rule: string;
  /** `<Kind>/<name>` */
  readonly object: string;
  /** Dotted path of the offending field, containers named in brackets. */
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

/** What the rules know besides the objects. */
export interface PolicyContext {
  /** The environment's private registry host; undefined when it has none. */
  readonly registry?: string;
  /** Every image reference the image inventory lists (mirrored targets). */
  readonly inventory: readonly string[];
  /**
   * What the scan of every file written to dist/<env>/ found (src/policy/output-scan.ts), when
   * the files exist. @default - none: the objects alone are checked
   */
  readonly outputFindings?: readonly Violation[];
}

export interface Rule {
  readonly id: string;
  /** One line for README and reports. */
  readonly description: string;
  check(objects: readonly KubeObject[], ctx: PolicyContext): Violation[];
}

/** `<Kind>/<name>` of an object, as violations name it. */
export const id = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;

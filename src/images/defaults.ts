/** The images the Flyte binary deployment runs, before any registry mirroring. */
export interface SourceImages {
  /** The Flyte binary (main container). */
  readonly flyteBinary: string;
  /** The co-pilot sidecar; referenced only from the Flyte plugin config. */
  readonly coPilot: string;
  /** The wait-for-db init container. */
  readonly waitForDb: string;
}

/** Upstream defaults for a Flyte release. */
export function defaultSourceImages(version: string): SourceImages {
  return {
    flyteBinary: `cr.flyte.org/flyteorg/flyte-binary-release:${version}`,
    coPilot: `cr.flyte.org/flyteorg/flytecopilot-release:${version}`,
    waitForDb: 'postgres:15-alpine',
  };
}

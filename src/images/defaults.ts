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

/**
 * flytekit's default task images (`DefaultImages` of flytekit: cr.flyte.org/flyteorg/flytekit:py<major>.<minor>-<version>),
 * one per Python version, for the flytekit release matching the Flyte version (without its "v").
 */
export function flytekitImages(flyteVersion: string, options: { readonly pythonVersions?: readonly string[]; readonly version?: string } = {}): string[] {
  const version = options.version ?? flyteVersion.replace(/^v/, '');
  return (options.pythonVersions ?? ['3.12']).map((py) => `cr.flyte.org/flyteorg/flytekit:py${py}-${version}`);
}

import type { FlyteEnvironment } from '../constructs/flyte-environment';
import { compareStrings } from '../synth/compare';
import type { OutputFile } from '../synth/output-dir';
import type { MirrorImage } from './mirror-image';
import { mirrorScript } from './mirror-script';
import { syncYaml } from './skopeo-sync';

/**
 * The images of `chart` that a private registry mirrors, one per source and destination,
 * sorted. Empty when the environment pulls straight from the source registries.
 */
export function mirrorPlan(chart: FlyteEnvironment): MirrorImage[] {
  if (chart.registry === undefined) return [];
  const byKey = new Map<string, MirrorImage>();
  for (const use of chart.flyte.images) {
    const digest = use.target.digest;
    const source = use.source.withDigest(digest);
    const pull = digest ?? source.tag!;
    const path = `${source.name}${digest !== undefined ? `@${digest}` : `:${source.tag}`}`;
    const destination = `${use.target.name}${source.tag !== undefined ? `:${source.tag}` : `@${digest}`}`;
    byKey.set(`${path} ${destination}`, { source, pull, path, destination, digest });
  }
  return [...byKey.values()].sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.destination, b.destination));
}

/** `mirror/images.sync.yaml` and `scripts/mirror-images.sh`, or nothing without a private registry. */
export function mirrorFiles(environment: string, chart: FlyteEnvironment): OutputFile[] {
  const plan = mirrorPlan(chart);
  if (chart.registry === undefined || plan.length === 0) return [];
  return [
    { path: 'mirror/images.sync.yaml', content: syncYaml(plan) },
    { path: 'scripts/mirror-images.sh', content: mirrorScript({ environment, registry: chart.registry.host, mapping: chart.registry.mapping, images: plan }), mode: 0o755 },
  ];
}

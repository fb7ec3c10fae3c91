import type { FlyteEnvironment } from '../constructs/flyte-environment';
import type { RepositoryMapping } from '../constructs/private-registry';
import { compareStrings } from '../synth/compare';
import type { OutputFile } from '../synth/output-dir';

/** One image a pod of the deployment can run. */
export interface InventoryImage {
  /** What runs it: `flyte-binary`, `co-pilot` or `wait-for-db`. */
  readonly role: string;
  /** Where the reference appears in the rendered objects. */
  readonly usedIn: string;
  /** The upstream reference, normalised (`docker.io/library/postgres:15-alpine`). */
  readonly source: string;
  /** What the cluster pulls: the mirrored reference, with `@sha256:...` when the digest is known. */
  readonly target: string;
  /** The manifest (or index) digest, the same in both registries; null until locked. */
  readonly digest: string | null;
}

/** The content of `dist/<env>/images.json`. */
export interface ImageInventory {
  readonly environment: string;
  /** The private registry every image is mirrored into; null when pods pull from the sources. */
  readonly registry: string | null;
  /** How source repositories are named in that registry; null without a registry. */
  readonly mapping: RepositoryMapping | null;
  /** Sorted by role. */
  readonly images: readonly InventoryImage[];
}

/** Every image `chart` can run, including those referenced only from the Flyte config. */
export function imageInventory(environment: string, chart: FlyteEnvironment): ImageInventory {
  const images = chart.flyte.images
    .map((use) => ({
      role: use.role,
      usedIn: use.usedIn,
      source: use.source.toString(),
      target: use.target.toString(),
      digest: use.target.digest ?? null,
    }))
    .sort((a, b) => compareStrings(a.role, b.role) || compareStrings(a.usedIn, b.usedIn));
  return {
    environment,
    registry: chart.registry?.host ?? null,
    mapping: chart.registry?.mapping ?? null,
    images,
  };
}

/** Stable JSON: keys sorted at every level, two-space indent, trailing newline. */
export function inventoryJson(inventory: ImageInventory): string {
  return `${JSON.stringify(sortKeys(inventory), null, 2)}\n`;
}

/** `images.json` of one environment. */
export function inventoryFile(inventory: ImageInventory): OutputFile {
  return { path: 'images.json', content: inventoryJson(inventory) };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(obj).sort(compareStrings).map((k) => [k, sortKeys(obj[k])]));
  }
  return value;
}

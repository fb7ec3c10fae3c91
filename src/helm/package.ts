import { createHash } from 'crypto';
import type { OutputFile } from '../synth/output-dir';
import { tarGz } from '../synth/tar';
import { toYaml } from '../synth/yaml';

/**
 * `helm repo index` writes the time of the run; a fixed instant keeps index.yaml byte-identical.
 */
const CREATED = '1980-01-01T00:00:00Z';

export interface PackagedChart {
  /** `<name>-<version>.tgz` */
  readonly fileName: string;
  readonly tgz: Buffer;
  /** index.yaml of a `file://` chart repository holding just this chart. */
  readonly index: string;
}

/** Packages chart files like `helm package`, but reproducibly (see tarGz). */
export async function packageChart(name: string, version: string, files: readonly OutputFile[], metadata: Record<string, unknown>): Promise<PackagedChart> {
  const tgz = await tarGz(files.map((f) => ({ path: `${name}/${f.path}`, content: f.content, mode: f.mode })));
  const fileName = `${name}-${version}.tgz`;
  const digest = createHash('sha256').update(tgz).digest('hex');
  const entry = { ...metadata, created: CREATED, digest, urls: [fileName] };
  const index = toYaml({ apiVersion: 'v1', entries: { [name]: [entry] }, generated: CREATED });
  return { fileName, tgz, index };
}

import { createHash } from 'crypto';
import * as YAML from 'yaml';
import { sortKeys } from '../synth/stable-json';

/**
 * The message Helm signs in a chart's provenance file, as `helm package --sign` writes it
 * (helm.sh/helm pkg/provenance/sign.go, messageBlock): the chart's metadata (Chart.yaml) as YAML
 * with sorted keys, the YAML document end marker `...` (a `---` line is not allowed in an OpenPGP
 * clear-signed message), then `files:` mapping the archive's base name to `sha256:<hex>`.
 * `helm verify` checks the signature, then that hash against the archive.
 */
export function provenanceMessage(chartYaml: string, archiveName: string, archive: Buffer): string {
  const metadata = YAML.parse(chartYaml);
  if (metadata === null || typeof metadata !== 'object' || typeof metadata.name !== 'string' || typeof metadata.version !== 'string') {
    throw new Error(`provenance of ${archiveName}: Chart.yaml has no name and version`);
  }
  const sha = createHash('sha256').update(archive).digest('hex');
  return `${YAML.stringify(sortKeys(metadata))}\n...\n${YAML.stringify({ files: { [archiveName]: `sha256:${sha}` } })}`;
}

import { PackageURL } from 'packageurl-js';
import { ImageReference } from './reference';

/**
 * The `pkg:oci` package URL of an image (purl-spec, types/oci-definition.json): the name is the
 * last component of the repository, lowercased; the version is the manifest digest; the
 * repository and tag are qualifiers. An image whose digest is not locked yet has no version.
 */
export function ociPurl(reference: ImageReference | string): string {
  const ref = typeof reference === 'string' ? ImageReference.parse(reference) : reference;
  const name = ref.repository.split('/').pop()!.toLowerCase();
  const qualifiers: Record<string, string> = { repository_url: ref.name };
  if (ref.tag !== undefined) qualifiers.tag = ref.tag;
  return new PackageURL('oci', undefined, name, ref.digest, qualifiers, undefined).toString();
}

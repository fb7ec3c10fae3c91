import { PackageURL } from 'packageurl-js';
import { ociPurl } from '../../src/images/purl';

const HEX = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe('ociPurl', () => {
  test('a locked image: digest as the version, repository and tag as qualifiers', () => {
    const purl = ociPurl(`harbor.corp.example:5443/mirror/flyteorg/flyte-binary-release:v1.16.8@sha256:${HEX}`);
    // Read back by the purl library, component by component.
    const parsed = PackageURL.fromString(purl);
    expect([parsed.type, parsed.namespace, parsed.name, parsed.version]).toEqual(['oci', undefined, 'flyte-binary-release', `sha256:${HEX}`]);
    expect({ ...parsed.qualifiers }).toEqual({ repository_url: 'harbor.corp.example:5443/mirror/flyteorg/flyte-binary-release', tag: 'v1.16.8' });
    expect(purl.startsWith(`pkg:oci/flyte-binary-release@sha256:${HEX}?`)).toBe(true);
  });

  test('an image not locked yet has no version; Docker Hub names are normalised first', () => {
    const parsed = PackageURL.fromString(ociPurl('postgres:15-alpine'));
    expect([parsed.name, parsed.version]).toEqual(['postgres', undefined]);
    expect({ ...parsed.qualifiers }).toEqual({ repository_url: 'docker.io/library/postgres', tag: '15-alpine' });
  });

  test('no tag, digest only: no tag qualifier', () => {
    const parsed = PackageURL.fromString(ociPurl(`cr.flyte.org/flyteorg/flytecopilot-release@sha256:${HEX}`));
    expect({ ...parsed.qualifiers }).toEqual({ repository_url: 'cr.flyte.org/flyteorg/flytecopilot-release' });
    expect(parsed.version).toBe(`sha256:${HEX}`);
  });

  test('an invalid reference is refused by the reference grammar', () => {
    expect(() => ociPurl('Not An Image')).toThrow('is not a valid image reference');
  });
});

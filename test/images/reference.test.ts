import { ImageReference } from '../../src/images/reference';

const HEX = 'b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7';
const OTHER_HEX = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

function parts(value: string) {
  const r = ImageReference.parse(value);
  return { registry: r.registry, repository: r.repository, tag: r.tag, digest: r.digest };
}

function errorOf(value: string, what?: string): string {
  try {
    ImageReference.parse(value, what);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
}

describe('ImageReference.parse: valid references (distribution reference grammar, Docker normalisation)', () => {
  // Expectations follow github.com/distribution/reference ParseNormalizedNamed.
  const cases: Array<[string, string, string, string | undefined, string | undefined]> = [
    ['postgres:15-alpine', 'docker.io', 'library/postgres', '15-alpine', undefined],
    ['ubuntu', 'docker.io', 'library/ubuntu', undefined, undefined],
    ['bitnami/postgresql:16.2.0', 'docker.io', 'bitnami/postgresql', '16.2.0', undefined],
    ['docker.io/postgres:16', 'docker.io', 'library/postgres', '16', undefined],
    ['index.docker.io/library/redis:7', 'docker.io', 'library/redis', '7', undefined],
    ['docker.io/bitnami/redis', 'docker.io', 'bitnami/redis', undefined, undefined],
    ['cr.flyte.org/flyteorg/flyte-binary-release:v1.16.8', 'cr.flyte.org', 'flyteorg/flyte-binary-release', 'v1.16.8', undefined],
    ['localhost/app', 'localhost', 'app', undefined, undefined],
    ['localhost:5000/team/app:1', 'localhost:5000', 'team/app', '1', undefined],
    ['127.0.0.1:5443/a/b/c/d:tag_1', '127.0.0.1:5443', 'a/b/c/d', 'tag_1', undefined],
    ['registry.example.com:443/team/app@sha256:' + HEX, 'registry.example.com:443', 'team/app', undefined, `sha256:${HEX}`],
    ['quay.io/org/app:2.0@sha256:' + OTHER_HEX, 'quay.io', 'org/app', '2.0', `sha256:${OTHER_HEX}`],
    ['[::1]:5000/foo:bar', '[::1]:5000', 'foo', 'bar', undefined],
    ['Registry/app', 'Registry', 'app', undefined, undefined],
    ['my-registry/app', 'docker.io', 'my-registry/app', undefined, undefined],
    ['host/a.b/c_d/e__f/g-h/i--j', 'docker.io', 'host/a.b/c_d/e__f/g-h/i--j', undefined, undefined],
    [`app:${'T'.repeat(128)}`, 'docker.io', 'library/app', 'T'.repeat(128), undefined],
    ['app:_underscore.start', 'docker.io', 'library/app', '_underscore.start', undefined],
  ];
  test.each(cases)('%s', (value, registry, repository, tag, digest) => {
    expect(parts(value)).toEqual({ registry, repository, tag, digest });
  });

  test('canonical form names registry and repository, then tag, then digest', () => {
    expect(ImageReference.parse('postgres:15-alpine').toString()).toBe('docker.io/library/postgres:15-alpine');
    expect(ImageReference.parse('postgres:15-alpine').name).toBe('docker.io/library/postgres');
    expect(ImageReference.parse(`quay.io/org/app:2.0@sha256:${HEX}`).toString()).toBe(`quay.io/org/app:2.0@sha256:${HEX}`);
    expect(ImageReference.parse(`localhost:5000/app@sha256:${HEX}`).toString()).toBe(`localhost:5000/app@sha256:${HEX}`);
    expect(ImageReference.parse('ubuntu').toString()).toBe('docker.io/library/ubuntu');
  });

  test('withName moves the image and keeps tag and digest', () => {
    const moved = ImageReference.parse(`quay.io/org/app:2.0@sha256:${HEX}`).withName('mirror.corp:5000', 'org/app');
    expect(moved.toString()).toBe(`mirror.corp:5000/org/app:2.0@sha256:${HEX}`);
  });

  test('withDigest sets, replaces or removes the digest and accepts only sha256', () => {
    const r = ImageReference.parse('quay.io/org/app:2.0');
    expect(r.withDigest(`sha256:${HEX}`).toString()).toBe(`quay.io/org/app:2.0@sha256:${HEX}`);
    expect(r.withDigest(`sha256:${HEX}`).withDigest(`sha256:${OTHER_HEX}`).digest).toBe(`sha256:${OTHER_HEX}`);
    expect(r.withDigest(`sha256:${HEX}`).withDigest(undefined).toString()).toBe('quay.io/org/app:2.0');
    expect(() => r.withDigest('sha256:abc')).toThrow('"sha256:abc" is not a sha256 digest');
  });
});

describe('ImageReference.parse: invalid references give one clear line', () => {
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['uppercase path', 'docker.io/Library/postgres'],
    ['uppercase single name', 'Postgres'],
    ['empty tag', 'postgres:'],
    ['tag starting with a dot', 'postgres:.15'],
    ['tag too long', `postgres:${'t'.repeat(129)}`],
    ['two colons', 'postgres::15'],
    ['leading separator', '-postgres'],
    ['triple underscore', 'org/a___b'],
    ['double dot', 'org/a..b'],
    ['trailing slash', 'org/app/'],
    ['scheme', 'https://registry.example.com/app'],
    ['space', 'postgres 15'],
    ['short digest', 'app@sha256:abc'],
    ['port without host', ':5000/app'],
  ];
  test.each(cases)('%s', (_name, value) => {
    const message = errorOf(value, 'images.waitForDb');
    expect(message.startsWith(`images.waitForDb: ${JSON.stringify(value)} is not a valid image reference; expected "`)).toBe(true);
    expect(message).not.toContain('\n');
  });

  test('a digest algorithm other than sha256 is named as the problem', () => {
    expect(errorOf(`app@sha512:${HEX}${HEX}`)).toBe(
      `image: "app@sha512:${HEX}${HEX}" is not a valid image reference; only "sha256:" followed by 64 lowercase hex digits is accepted as a digest`,
    );
  });

  test('a sha256 digest of the wrong length is refused', () => {
    expect(errorOf(`app@sha256:${HEX}00`)).toContain('only "sha256:" followed by 64 lowercase hex digits is accepted as a digest');
  });

  test('a repository name longer than 255 characters is refused', () => {
    const long = `registry.example.com/${'a'.repeat(240)}`;
    expect(errorOf(long)).toBe(`image: ${JSON.stringify(long)} is not a valid image reference; the repository name is longer than 255 characters`);
    // 255 exactly is allowed.
    expect(ImageReference.parse(`registry.example.com/${'a'.repeat(234)}`).name).toHaveLength(255);
  });
});

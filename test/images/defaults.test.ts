import { defaultSourceImages, flytekitImages } from '../../src/images/defaults';
import { ImageReference } from '../../src/images/reference';

describe('defaultSourceImages', () => {
  // The images of the upstream flyte-binary chart: the release images on cr.flyte.org tagged with
  // the Flyte version, and postgres:15-alpine for the wait-for-db init container.
  test('the upstream images of a release', () => {
    expect(defaultSourceImages('v1.16.8')).toEqual({
      flyteBinary: 'cr.flyte.org/flyteorg/flyte-binary-release:v1.16.8',
      coPilot: 'cr.flyte.org/flyteorg/flytecopilot-release:v1.16.8',
      waitForDb: 'postgres:15-alpine',
    });
  });

  test('the version is the tag of the Flyte images only', () => {
    const images = defaultSourceImages('v2.0.1-rc3');
    expect(ImageReference.parse(images.flyteBinary).tag).toBe('v2.0.1-rc3');
    expect(ImageReference.parse(images.coPilot).tag).toBe('v2.0.1-rc3');
    expect(ImageReference.parse(images.waitForDb).tag).toBe('15-alpine');
  });

  test('every default is a tagged reference that parses; postgres is Docker Hub library/postgres', () => {
    const images = defaultSourceImages('v1.16.8');
    const parsed = Object.values(images).map((i) => ImageReference.parse(i));
    expect(parsed.map((p) => p.toString())).toEqual([
      'cr.flyte.org/flyteorg/flyte-binary-release:v1.16.8',
      'cr.flyte.org/flyteorg/flytecopilot-release:v1.16.8',
      'docker.io/library/postgres:15-alpine',
    ]);
    for (const p of parsed) expect(p.digest).toBeUndefined();
  });
});

describe('flytekitImages', () => {
  // flytekit's DefaultImages: cr.flyte.org/flyteorg/flytekit:py<major>.<minor>-<flytekit version>.
  test('one per Python version, tagged with the Flyte version without its "v" unless a flytekit version is given', () => {
    expect(flytekitImages('v1.16.8')).toEqual(['cr.flyte.org/flyteorg/flytekit:py3.12-1.16.8']);
    expect(flytekitImages('v1.16.8', { pythonVersions: ['3.10', '3.11'], version: '1.16.3' })).toEqual([
      'cr.flyte.org/flyteorg/flytekit:py3.10-1.16.3',
      'cr.flyte.org/flyteorg/flytekit:py3.11-1.16.3',
    ]);
    expect(ImageReference.parse(flytekitImages('v1.16.8')[0]).tag).toBe('py3.12-1.16.8');
  });
});

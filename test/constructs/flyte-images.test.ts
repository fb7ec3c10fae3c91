import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { FlyteImages, FlyteImagesProps } from '../../src/constructs/flyte-images';
import { PrivateRegistry } from '../../src/constructs/private-registry';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const OTHER = `sha256:${'cd'.repeat(32)}`;

function make(props: Partial<FlyteImagesProps> = {}, registry?: { host: string; pullSecretName?: string; mapping?: 'path' | 'flat' }) {
  const chart = new Chart(new App({ outdir: '.' }), 'env-i');
  const scope = new Construct(chart, 'Flyte');
  return new FlyteImages(scope, { version: 'v3.4.5', registry: registry && new PrivateRegistry(chart, 'Registry', registry), ...props });
}

describe('FlyteImages', () => {
  test('the deployment\'s own images default to the upstream images of the version; each use is recorded in order', () => {
    const images = make();
    expect(images.image('flyte-binary', 'flyteBinary', 'where-1')).toBe('cr.flyte.org/flyteorg/flyte-binary-release:v3.4.5');
    expect(images.image('co-pilot', 'coPilot', 'where-2')).toBe('cr.flyte.org/flyteorg/flytecopilot-release:v3.4.5');
    expect(images.image('wait-for-db', 'waitForDb', 'where-3')).toBe('docker.io/library/postgres:15-alpine');
    expect(images.uses.map((u) => [u.role, u.usedIn, u.source.toString(), u.target.toString()])).toEqual([
      ['flyte-binary', 'where-1', 'cr.flyte.org/flyteorg/flyte-binary-release:v3.4.5', 'cr.flyte.org/flyteorg/flyte-binary-release:v3.4.5'],
      ['co-pilot', 'where-2', 'cr.flyte.org/flyteorg/flytecopilot-release:v3.4.5', 'cr.flyte.org/flyteorg/flytecopilot-release:v3.4.5'],
      ['wait-for-db', 'where-3', 'docker.io/library/postgres:15-alpine', 'docker.io/library/postgres:15-alpine'],
    ]);
  });

  test('site images replace the defaults; mirrored into the registry and pinned by the locked digest', () => {
    const images = make({ images: { waitForDb: 'quay.io/corp/pg:16.1' }, digests: { 'quay.io/corp/pg:16.1': DIGEST } }, { host: 'mirror.i.example:5000/flyte', pullSecretName: 'pull-i' });
    expect(images.image('wait-for-db', 'waitForDb', 'w')).toBe(`mirror.i.example:5000/flyte/corp/pg:16.1@${DIGEST}`);
    expect(images.uses[0].source.toString()).toBe('quay.io/corp/pg:16.1');
  });

  test('a digest in the reference wins over the lock', () => {
    const images = make({ digests: { 'r.i.example/x:1': OTHER } });
    expect(images.resolve('flytekit', 'images.flytekit[0]', `r.i.example/x:1@${DIGEST}`, 'tasks')).toBe(`r.i.example/x:1@${DIGEST}`);
  });

  test.each([
    ['r.i.example/untagged', 'env-i/Flyte: images.coPilot: "r.i.example/untagged" has no tag; expected a tag such as ":v3.4.5" (untagged means "latest")'],
    ['r.i.example/x:latest', 'env-i/Flyte: images.coPilot: "r.i.example/x:latest" uses the "latest" tag; expected a fixed tag'],
    ['R.I/Upper Case', 'env-i/Flyte: images.coPilot: "R.I/Upper Case" is not a valid image reference'],
  ])('refuses %s, naming the construct path and the field', (reference, message) => {
    expect(() => make({ images: { coPilot: reference } }).image('co-pilot', 'coPilot', 'w')).toThrow(message);
  });

  test('a malformed locked digest names the construct path', () => {
    expect(() => make({ digests: { 'r.i.example/x:1': 'sha256:short' } }).resolve('flytekit', 'images.flytekit[0]', 'r.i.example/x:1', 'w')).toThrow(/^env-i\/Flyte: "sha256:short" is not a sha256 digest/);
  });

  test('rewriteConfig replaces the images Flyte reads (keys image, *-image, *Image) at any depth, and nothing else', () => {
    const images = make({}, { host: 'mirror.i.example', pullSecretName: 'pull-i', mapping: 'flat' });
    const config = {
      plugins: { k8s: { 'default-image': 'r.i.example/a/task:1', note: 'r.i.example/a/not-an-image:1' } },
      list: [{ sidecarImage: 'r.i.example/b/side:2' }, 'r.i.example/c/plain:3'],
      image: 7,
    };
    expect(images.rewriteConfig(config, 'ConfigMap/cm-i 100-inline-config.yaml')).toEqual({
      plugins: { k8s: { 'default-image': 'mirror.i.example/task:1', note: 'r.i.example/a/not-an-image:1' } },
      list: [{ sidecarImage: 'mirror.i.example/side:2' }, 'r.i.example/c/plain:3'],
      image: 7,
    });
    expect(images.uses.map((u) => [u.role, u.usedIn])).toEqual([
      ['flyte-config', 'ConfigMap/cm-i 100-inline-config.yaml plugins.k8s.default-image'],
      ['flyte-config', 'ConfigMap/cm-i 100-inline-config.yaml list.0.sidecarImage'],
    ]);
    expect(config.plugins.k8s['default-image']).toBe('r.i.example/a/task:1');
  });

  test('rewriteConfig errors name the flyteConfig path', () => {
    expect(() => make().rewriteConfig({ a: { image: 'r.i.example/x:latest' } }, 'w')).toThrow('env-i/Flyte: flyteConfig.a.image: "r.i.example/x:latest" uses the "latest" tag');
  });

  test('rewriteObject replaces the image keys of a namespace object and says which template file holds them', () => {
    const images = make({}, { host: 'mirror.i.example', pullSecretName: 'pull-i' });
    const object = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'tpl-i' }, template: { spec: { containers: [{ name: 'c', image: 'r.i.example/d/e:4' }] } } };
    const rewritten = images.rewriteObject(object as any, 'ConfigMap/crt-i') as any;
    expect(rewritten.template.spec.containers[0].image).toBe('mirror.i.example/d/e:4');
    expect(rewritten.metadata).toEqual({ name: 'tpl-i' });
    expect(images.uses[0].role).toBe('namespace-object');
    expect(images.uses[0].usedIn).toBe('ConfigMap/crt-i 100_podtemplate_tpl-i.yaml template.spec.containers.0.image');
    expect(() => images.rewriteObject({ ...object, template: { spec: { containers: [{ name: 'c', image: 'r.i.example/x' }] } } } as any, 't')).toThrow(
      'env-i/Flyte: tasks.namespaceObjects(PodTemplate/tpl-i).template.spec.containers.0.image: "r.i.example/x" has no tag',
    );
  });
});

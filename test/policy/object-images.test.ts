import { allImages, configImages, tagOf } from '../../src/policy/object-images';

describe('configImages', () => {
  test('every image: value of the YAML files, with its path; other files and broken YAML are skipped', () => {
    const cm: any = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: {
        'plugins.yaml': 'plugins:\n  k8s:\n    co-pilot:\n      image: reg.example/copilot:v2\n  list:\n    - image: reg.example/a:1\n',
        'notes.txt': 'image: reg.example/ignored:1\n',
        'broken.yaml': 'image: [unclosed\n',
        'plain.yaml': 'name: no images here\n',
      },
    };
    expect(configImages(cm)).toEqual([
      { field: 'data.plugins.yaml:plugins.k8s.co-pilot.image', image: 'reg.example/copilot:v2' },
      { field: 'data.plugins.yaml:plugins.list[0].image', image: 'reg.example/a:1' },
    ]);
  });
});

describe('allImages', () => {
  test('containers first, then images inside ConfigMaps, each named by object and field', () => {
    const objects: any[] = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'a.yaml': 'image: reg.example/cfg:3\n' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'main', image: 'reg.example/main:1' }, { name: 'bare' }] } },
    ];
    expect(allImages(objects)).toEqual([
      { object: 'Pod/p', field: 'spec.containers[main].image', image: 'reg.example/main:1' },
      { object: 'Pod/p', field: 'spec.containers[bare].image', image: '' },
      { object: 'ConfigMap/cfg', field: 'data.a.yaml:image', image: 'reg.example/cfg:3' },
    ]);
  });
});

describe('tagOf', () => {
  test.each([
    ['reg.example:5443/a/b:v1', 'v1'],
    ['reg.example:5443/a/b', undefined],
    [`reg.example/a@sha256:${'2'.repeat(64)}`, undefined],
    [`reg.example/a:v3@sha256:${'2'.repeat(64)}`, 'v3'],
    ['busybox', undefined],
  ])('%s: %s', (image, tag) => {
    expect(tagOf(image)).toBe(tag);
  });
});

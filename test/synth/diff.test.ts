import { diffLines, diffTrees, diffValues } from '../../src/synth/diff';

const tree = (files: Record<string, string>) => new Map(Object.entries(files).map(([p, c]) => [p, Buffer.from(c)]));

describe('diffValues', () => {
  test('reports each changed, added and removed leaf by its path, sorted', () => {
    const before = { spec: { replicas: 1, paused: false, selector: { app: 'a' } }, metadata: { labels: { 'app.kubernetes.io/name': 'x' } } };
    const after = { spec: { replicas: 2, selector: { app: 'a', tier: 'web' } }, metadata: { labels: { 'app.kubernetes.io/name': 'y' } } };
    expect(diffValues(before, after)).toEqual([
      '~ metadata.labels["app.kubernetes.io/name"]: "x" -> "y"',
      '- spec.paused: false',
      '~ spec.replicas: 1 -> 2',
      '+ spec.selector.tier: "web"',
    ]);
  });

  test('addresses list items by name, so an inserted item is one addition', () => {
    const before = { containers: [{ name: 'b', image: 'b:1' }] };
    const after = { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }] };
    expect(diffValues(before, after)).toEqual(['+ containers[name=a].image: "a:1"', '+ containers[name=a].name: "a"', '~ containers[name=b].image: "b:1" -> "b:2"']);
  });

  test('shows multi-line strings line by line', () => {
    expect(diffValues({ data: 'a: 1\nb: 2\nc: 3\n' }, { data: 'a: 1\nb: 20\nc: 3\n' })).toEqual(['~ data:', '    - b: 2', '    + b: 20']);
  });

  test('nothing for equal values', () => {
    expect(diffValues({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
  });
});

describe('diffLines', () => {
  test('removed lines before added ones, common lines left out', () => {
    expect(diffLines('one\ntwo\nthree\nfour', 'one\n2\nthree\nfour\nfive')).toEqual(['- two', '+ 2', '+ five']);
  });

  test('cuts long changes after 40 lines', () => {
    const a = Array.from({ length: 50 }, (_, i) => `a${i}`).join('\n');
    const out = diffLines(a, 'b');
    expect(out).toHaveLength(41);
    expect(out[40]).toBe('... 11 more changed lines');
  });
});

describe('diffTrees', () => {
  const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ns\nspec:\n  image: ${image}\n`;
  test('groups by environment: objects first (by kind, namespace and name), then files', () => {
    const before = tree({
      'a/manifests/18-deployment-web.yaml': deployment('x:1'),
      'a/manifests/14-service-old.yaml': 'kind: Service\nmetadata:\n  name: old\n  namespace: ns\n',
      'a/images.json': '{"images": [{"name": "x", "tag": "1"}]}',
      'a/OPERATOR.md': '# A\nline\n',
      'a/bundle/a.tar.gz': 'x',
      'b/manifests/00-namespace-b.yaml': 'kind: Namespace\nmetadata:\n  name: b\n',
    });
    const after = tree({
      'a/manifests/18-deployment-web.yaml': deployment('x:2'),
      'a/manifests/09-crd.yaml': 'kind: CustomResourceDefinition\nmetadata:\n  name: c.example.com\n',
      'a/images.json': '{"images": [{"name": "x", "tag": "2"}]}',
      'a/OPERATOR.md': '# A\nline 2\n',
      'a/bundle/a.tar.gz': 'y',
      'b/manifests/00-namespace-b.yaml': 'kind: Namespace\nmetadata:\n  name: b\n',
      'c/manifests/00-namespace-c.yaml': 'kind: Namespace\nmetadata:\n  name: c\n',
    });
    expect(diffTrees(before, after)).toEqual([
      'dist/a/',
      '  + CustomResourceDefinition c.example.com',
      '  ~ Deployment ns/web',
      '      ~ spec.image: "x:1" -> "x:2"',
      '  - Service ns/old',
      '  ~ OPERATOR.md',
      '      - line',
      '      + line 2',
      '  ~ bundle/a.tar.gz',
      '      (archive: rebuilt from the files above)',
      '  ~ images.json',
      '      ~ images[name=x].tag: "1" -> "2"',
      'dist/c/ (new environment)',
      '  + Namespace c',
    ]);
    expect(diffTrees(after, after)).toEqual([]);
  });

  test('an object that moves to another file is not a change', () => {
    const before = tree({ 'a/manifests/1.yaml': deployment('x:1') });
    const after = tree({ 'a/manifests/2.yaml': deployment('x:1') });
    expect(diffTrees(before, after)).toEqual([]);
  });
});

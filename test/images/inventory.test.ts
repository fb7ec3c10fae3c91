import { App } from 'cdk8s';
import { FlyteEnvironment } from '../../src/constructs/flyte-environment';
import { imageInventory, inventoryFile, inventoryJson } from '../../src/images/inventory';
import { environmentFiles } from '../../src/synth/environment';
import type { EnvironmentModel } from '../../src/synth/model';
import { chartObjects } from '../../src/synth/manifests';
import { flyteConfigOf } from '../conformance/config-of';
import { find, specOf, validInput } from '../helpers';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

function chartOf(input: unknown, digests: Record<string, string> = {}) {
  return new FlyteEnvironment(new App({ outdir: '.' }), 'test', { spec: specOf(input), digests });
}

function modelOf(name: string, input: unknown, digests: Record<string, string> = {}): EnvironmentModel {
  const chart = chartOf(input, digests);
  return { env: { name, file: `config/environments/${name}.yaml`, spec: chart.spec }, chart, objects: chartObjects(chart) };
}

const overrides = {
  flyteBinary: 'quay.io/acme/flyte-binary:b1',
  coPilot: 'ghcr.io/acme/tools/copilot:c2',
  waitForDb: 'postgres:16-alpine',
};

describe('imageInventory', () => {
  test('lists every image, including the co-pilot image that only the Flyte config references', () => {
    const inv = imageInventory('prod', chartOf(validInput({ images: overrides })));
    expect(inv.environment).toBe('prod');
    expect(inv.registry).toBe('mirror.corp.example:5443');
    expect(inv.mapping).toBe('path');
    expect(inv.images.map((i) => i.role)).toEqual(['co-pilot', 'flyte-binary', 'wait-for-db']);
    const byRole = Object.fromEntries(inv.images.map((i) => [i.role, i]));
    expect(byRole['co-pilot'].source).toBe('ghcr.io/acme/tools/copilot:c2');
    expect(byRole['co-pilot'].target).toBe('mirror.corp.example:5443/acme/tools/copilot:c2');
    expect(byRole['co-pilot'].usedIn).toBe('ConfigMap/rel-a-flyte-binary-config 001-plugins.yaml plugins.k8s.co-pilot.image');
    expect(byRole['flyte-binary'].source).toBe('quay.io/acme/flyte-binary:b1');
    expect(byRole['flyte-binary'].usedIn).toBe('Deployment/rel-a-flyte-binary container flyte');
    // Docker Hub short names are normalised (library/ prefix) before mapping.
    expect(byRole['wait-for-db'].source).toBe('docker.io/library/postgres:16-alpine');
    expect(byRole['wait-for-db'].target).toBe('mirror.corp.example:5443/library/postgres:16-alpine');
    expect(inv.images.every((i) => i.digest === null)).toBe(true);
  });

  test('defaults to the upstream images of the Flyte version', () => {
    const inv = imageInventory('e', chartOf(validInput()));
    expect(inv.images.map((i) => i.source)).toEqual([
      'cr.flyte.org/flyteorg/flytecopilot-release:v9.8.7',
      'cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7',
      'docker.io/library/postgres:15-alpine',
    ]);
  });

  test('locked digests pin the targets, and the targets are what the objects reference', () => {
    const digests = { 'quay.io/acme/flyte-binary:b1': D1, 'docker.io/library/postgres:16-alpine': D2 };
    const chart = chartOf(validInput({ images: overrides }), digests);
    const inv = imageInventory('e', chart);
    const byRole = Object.fromEntries(inv.images.map((i) => [i.role, i]));
    expect(byRole['flyte-binary'].digest).toBe(D1);
    expect(byRole['flyte-binary'].target).toBe(`mirror.corp.example:5443/acme/flyte-binary:b1@${D1}`);
    expect(byRole['wait-for-db'].digest).toBe(D2);
    expect(byRole['co-pilot'].digest).toBeNull();
    expect(byRole['co-pilot'].target).toBe('mirror.corp.example:5443/acme/tools/copilot:c2');

    const deployment = find(chartObjects(chart), 'Deployment', 'rel-a-flyte-binary');
    expect(deployment.spec.template.spec.containers[0].image).toBe(byRole['flyte-binary'].target);
    expect(deployment.spec.template.spec.initContainers[0].image).toBe(byRole['wait-for-db'].target);
    // The image propeller gives co-pilot, as Flyte reads the config folder (conformance harness).
    expect(flyteConfigOf(chartObjects(chart)).plugins.k8s['co-pilot'].image).toBe(byRole['co-pilot'].target);
  });

  test('a digest written in the source reference is kept without a lock entry', () => {
    const inv = imageInventory('e', chartOf(validInput({ images: { waitForDb: `postgres:16@${D2}` } })));
    const wait = inv.images.find((i) => i.role === 'wait-for-db')!;
    expect(wait.digest).toBe(D2);
    expect(wait.target).toBe(`mirror.corp.example:5443/library/postgres:16@${D2}`);
  });

  test('the flat mapping keeps only the last path element', () => {
    const inv = imageInventory('e', chartOf(validInput({ images: overrides, registry: { host: 'flat.example', pullSecret: 'p', mapping: 'flat' } })));
    expect(inv.mapping).toBe('flat');
    expect(inv.registry).toBe('flat.example');
    expect(inv.images.map((i) => i.target)).toEqual(['flat.example/copilot:c2', 'flat.example/flyte-binary:b1', 'flat.example/postgres:16-alpine']);
  });

  test('without a private registry the targets are the sources', () => {
    const input = validInput({ images: overrides });
    delete (input as { registry?: unknown }).registry;
    const inv = imageInventory('e', chartOf(input));
    expect(inv.registry).toBeNull();
    expect(inv.mapping).toBeNull();
    for (const i of inv.images) expect(i.target).toBe(i.source);
  });
});

describe('inventoryJson', () => {
  test('is stable JSON: sorted keys at every level, two-space indent, trailing newline', () => {
    const text = inventoryJson(imageInventory('e', chartOf(validInput({ images: overrides }))));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "environment": "e",');
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual(['environment', 'images', 'mapping', 'registry']);
    for (const image of data.images) expect(Object.keys(image)).toEqual(['digest', 'role', 'source', 'target', 'usedIn']);
    expect(text).toContain('      "digest": null,\n');
  });

  test('is byte-identical for identical input', () => {
    const a = inventoryJson(imageInventory('e', chartOf(validInput({ images: overrides }), { 'quay.io/acme/flyte-binary:b1': D1 })));
    const b = inventoryJson(imageInventory('e', chartOf(validInput({ images: overrides }), { 'quay.io/acme/flyte-binary:b1': D1 })));
    expect(a).toBe(b);
    expect(inventoryFile(imageInventory('e', chartOf(validInput()))).path).toBe('images.json');
  });
});

describe('environmentFiles', () => {
  test('adds images.json, the sync YAML and the mirror script, and warns about unpinned images', async () => {
    const warnings: string[] = [];
    const model = modelOf('prod', validInput({ images: overrides }), { 'quay.io/acme/flyte-binary:b1': D1 });
    const files = await environmentFiles(model, { root: '/nonexistent', lock: {}, warn: (m) => warnings.push(m) });
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['images.json', 'mirror/images.sync.yaml', 'scripts/mirror-images.sh']));
    expect(files.find((f) => f.path === 'scripts/mirror-images.sh')!.mode).toBe(0o755);
    expect(JSON.parse(String(files.find((f) => f.path === 'images.json')!.content)).environment).toBe('prod');
    expect(warnings).toEqual([
      'prod: 2 images are not pinned by digest (ghcr.io/acme/tools/copilot:c2, docker.io/library/postgres:16-alpine); run "npx enterprise-flyte images lock" on a connected machine and commit config/images.lock.json',
    ]);
  });

  test('without a private registry: images.json only, and no warning', async () => {
    const input = validInput();
    delete (input as { registry?: unknown }).registry;
    const warnings: string[] = [];
    const files = await environmentFiles(modelOf('dev', input), { root: '/nonexistent', lock: {}, warn: (m) => warnings.push(m) });
    const paths = files.map((f) => f.path);
    expect(paths).toContain('images.json');
    expect(paths.filter((p) => p.startsWith('mirror/') || p.startsWith('scripts/mirror'))).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

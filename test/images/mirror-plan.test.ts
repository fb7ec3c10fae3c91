import { App } from 'cdk8s';
import { FlyteEnvironment } from '../../src/constructs/flyte-environment';
import { mirrorFiles, mirrorPlan } from '../../src/images/mirror-plan';
import { specOf, validInput } from '../helpers';

const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;

function chartOf(input: unknown, digests: Record<string, string> = {}) {
  return new FlyteEnvironment(new App({ outdir: '.' }), 'test', { spec: specOf(input), digests });
}

const images = {
  flyteBinary: 'src.example:5000/org/team/flyte-binary:f1',
  coPilot: 'src.example:5000/org/copilot:c1',
  waitForDb: 'postgres:16-alpine',
};

describe('mirrorPlan', () => {
  test('pulls locked images by digest and pushes them under their tag in the private registry', () => {
    const plan = mirrorPlan(chartOf(validInput({ images }), { 'src.example:5000/org/team/flyte-binary:f1': D1 }));
    expect(plan.map((i) => ({ path: i.path, pull: i.pull, destination: i.destination, digest: i.digest }))).toEqual([
      { path: 'docker.io/library/postgres:16-alpine', pull: '16-alpine', destination: 'mirror.corp.example:5443/library/postgres:16-alpine', digest: undefined },
      { path: 'src.example:5000/org/copilot:c1', pull: 'c1', destination: 'mirror.corp.example:5443/org/copilot:c1', digest: undefined },
      { path: `src.example:5000/org/team/flyte-binary@${D1}`, pull: D1, destination: 'mirror.corp.example:5443/org/team/flyte-binary:f1', digest: D1 },
    ]);
    expect(plan[2].source.toString()).toBe(`src.example:5000/org/team/flyte-binary:f1@${D1}`);
  });

  test('images.flytekit adds flytekit\'s task images of the Flyte version: mirrored, inventoried (role flytekit), referenced by no object', () => {
    const input = { ...validInput(), images: { flytekit: { pythonVersions: ['3.11', '3.12'] } } };
    const chart = chartOf(input);
    const plan = mirrorPlan(chart);
    expect(plan.filter((i) => i.path.includes('flytekit')).map((i) => i.destination)).toEqual([
      'mirror.corp.example:5443/flyteorg/flytekit:py3.11-9.8.7',
      'mirror.corp.example:5443/flyteorg/flytekit:py3.12-9.8.7',
    ]);
    expect(chart.flyte.images.filter((i) => i.role === 'flytekit').map((i) => i.target.toString())).toEqual(['mirror.corp.example:5443/flyteorg/flytekit:py3.11-9.8.7', 'mirror.corp.example:5443/flyteorg/flytekit:py3.12-9.8.7']);
    // Off by default.
    expect(mirrorPlan(chartOf(validInput())).some((i) => i.path.includes('flytekit'))).toBe(false);
  });

  test('the flat mapping names destinations by the last path element', () => {
    const plan = mirrorPlan(chartOf(validInput({ images, registry: { host: 'flat.example', pullSecret: 'p', mapping: 'flat' } })));
    expect(plan.map((i) => i.destination)).toEqual(['flat.example/postgres:16-alpine', 'flat.example/copilot:c1', 'flat.example/flyte-binary:f1']);
  });

  test('an image used twice is carried once', () => {
    const plan = mirrorPlan(chartOf(validInput({ images: { ...images, coPilot: images.flyteBinary } }), { 'src.example:5000/org/team/flyte-binary:f1': D2 }));
    expect(plan.map((i) => i.path)).toEqual(['docker.io/library/postgres:16-alpine', `src.example:5000/org/team/flyte-binary@${D2}`]);
  });

  test('a source given only by digest is pushed by digest', () => {
    const plan = mirrorPlan(chartOf(validInput({ images: { ...images, coPilot: `src.example:5000/org/copilot@${D2}` } })));
    const copilot = plan.find((i) => i.path.includes('copilot'))!;
    expect(copilot.path).toBe(`src.example:5000/org/copilot@${D2}`);
    expect(copilot.destination).toBe(`mirror.corp.example:5443/org/copilot@${D2}`);
  });

  test('nothing to mirror without a private registry', () => {
    const input = validInput({ images });
    delete (input as { registry?: unknown }).registry;
    expect(mirrorPlan(chartOf(input))).toEqual([]);
    expect(mirrorFiles('dev', chartOf(input))).toEqual([]);
  });

  test('mirrorFiles: the sync YAML and an executable script', () => {
    const files = mirrorFiles('prod', chartOf(validInput({ images })));
    expect(files.map((f) => [f.path, f.mode])).toEqual([
      ['mirror/images.sync.yaml', undefined],
      ['scripts/mirror-images.sh', 0o755],
    ]);
    expect(String(files[1].content)).toContain("for environment 'prod'");
  });
});

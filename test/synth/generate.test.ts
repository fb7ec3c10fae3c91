import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../../src/errors';
import { generate } from '../../src/synth/generate';
import { tmpProject, validInput } from '../helpers';

const clone = <T>(v: T): any => JSON.parse(JSON.stringify(v));
const d = (c: string) => `sha256:${c.repeat(64)}`;
const noRegistry = () => {
  const input = clone(validInput());
  delete input.registry;
  input.policy = { waivers: [{ rule: 'image-registry', reason: 'pulls from the public registries in this test' }] };
  return input;
};
async function failure(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    return e as UserError;
  }
  throw new Error('expected a failure');
}

describe('generate', () => {
  test('builds every environment, files under <env>/, models in name order, nothing written', async () => {
    const root = tmpProject({ beta: { ...validInput(), release: 'rel-b' }, alpha: noRegistry() });
    const result = await generate(root);
    expect(result.models.map((m) => m.env.name)).toEqual(['alpha', 'beta']);
    expect(result.models.map((m) => m.env.file)).toEqual(['config/environments/alpha.yaml', 'config/environments/beta.yaml']);
    expect(new Set(result.files.map((f) => f.path.split('/')[0]))).toEqual(new Set(['alpha', 'beta']));
    expect(result.files.map((f) => f.path)).toContain('beta/manifests/18-deployment-rel-b-flyte-binary.yaml');
    expect(result.files.map((f) => f.path)).toContain('alpha/manifests/18-deployment-rel-a-flyte-binary.yaml');
    expect(result.files.some((f) => f.path.startsWith('alpha/mirror/'))).toBe(false);
    expect(result.files.some((f) => f.path.startsWith('beta/mirror/'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  test('collects warnings of every environment: unpinned images and waived findings', async () => {
    const root = tmpProject({ beta: validInput(), alpha: noRegistry() });
    const { warnings } = await generate(root);
    expect(warnings.some((w) => w.startsWith('beta: 3 images are not pinned by digest'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('config/environments/alpha.yaml: ') && w.includes('waived by image-registry: pulls from the public registries in this test'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('alpha: '))).toBe(false);
  });

  test('reads config/images.lock.json and pins what it lists', async () => {
    const lock = {
      images: {
        'cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7': d('1'),
        'cr.flyte.org/flyteorg/flytecopilot-release:v9.8.7': d('2'),
        'docker.io/library/postgres:15-alpine': d('3'),
      },
    };
    const root = tmpProject({ a: validInput() }, { 'config/images.lock.json': JSON.stringify(lock) });
    const { files, warnings } = await generate(root);
    expect(warnings).toEqual([]);
    const deployment = String(files.find((f) => f.path === 'a/manifests/18-deployment-rel-a-flyte-binary.yaml')!.content);
    expect(deployment).toContain(`image: mirror.corp.example:5443/flyteorg/flyte-binary-release:v9.8.7@${d('1')}`);
  });

  test('a lock given by the caller is used instead of the file, which is not read', async () => {
    const given = { 'cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7': d('4') };
    const root = tmpProject({ a: validInput() }, { 'config/images.lock.json': '{"images": [' });
    const { files } = await generate(root, { lock: given });
    const deployment = String(files.find((f) => f.path === 'a/manifests/18-deployment-rel-a-flyte-binary.yaml')!.content);
    expect(deployment).toContain(`image: mirror.corp.example:5443/flyteorg/flyte-binary-release:v9.8.7@${d('4')}`);
  });

  test('a schema error names the file and the field (exit 2)', async () => {
    const input = clone(validInput());
    input.storage.region = 'mars';
    const e = await failure(generate(tmpProject({ a: validInput(), b: input })));
    expect(e).toBeInstanceOf(UserError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('config/environments/b.yaml: storage.region: "mars" is not allowed; expected an AWS region code such as "us-east-1" or "us-gov-west-1"');
  });

  test('a construct error is turned into a UserError that names the file', async () => {
    const e = await failure(generate(tmpProject({ a: { ...validInput(), images: { flyteBinary: 'quay.io/x/flyte:latest' } } })));
    expect(e).toBeInstanceOf(UserError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('config/environments/a.yaml: a/FlyteBinary: images.flyteBinary: "quay.io/x/flyte:latest" uses the "latest" tag; expected a fixed tag');
  });

  test('a policy violation fails the synth, naming the file and the rule', async () => {
    const input = clone(validInput());
    delete input.registry;
    const e = await failure(generate(tmpProject({ a: input })));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message.split('\n')[0]).toMatch(/^config\/environments\/a\.yaml: policy check failed with \d+ violations? /);
    expect(e.message).toContain('[image-registry]');
  });

  test('a broken lock file stops the synth before any environment is built', async () => {
    const e = await failure(generate(tmpProject({ a: validInput() }, { 'config/images.lock.json': '{"images": [' })));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/^config\/images\.lock\.json: invalid JSON/);
  });

  test('no environments folder is a user error', async () => {
    const root = tmpProject({});
    fs.rmSync(path.join(root, 'config', 'environments'), { recursive: true });
    const e = await failure(generate(root));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe('config/environments: no such directory; create it with one <env>.yaml file per environment');
  });
});

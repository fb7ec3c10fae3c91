import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/cli/run';
import { tmpProject, validInput } from '../helpers';
import { digestOf, DOCKER_V2, FakeRegistry, manifest, OCI_INDEX, startFakeRegistry } from '../images/fake-registry';

const BIN = manifest('flyte-binary v1', OCI_INDEX);
const COPILOT = manifest('copilot v1');
const PG = manifest('postgres 15', DOCKER_V2);
const PG16 = manifest('postgres 16', DOCKER_V2);

let registry: FakeRegistry;
beforeAll(async () => {
  registry = await startFakeRegistry({
    manifests: { 'org/flyte-binary:v1': BIN, 'org/copilot:v1': COPILOT, 'library/postgres:15': PG, 'library/postgres:16': PG16 },
    auth: 'bearer',
  });
});
afterAll(() => registry.close());

function envWith(images: Record<string, string>) {
  return validInput({ images });
}

async function cli(root: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd: root,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HOME: root },
  });
  return { code, stdout, stderr };
}

const lockOf = (root: string) => JSON.parse(fs.readFileSync(path.join(root, 'config/images.lock.json'), 'utf8')).images;

describe('images lock', () => {
  test('resolves every source image of every environment and writes the lock', async () => {
    const h = registry.host;
    const root = tmpProject({
      a: envWith({ flyteBinary: `${h}/org/flyte-binary:v1`, coPilot: `${h}/org/copilot:v1`, waitForDb: `${h}/library/postgres:15` }),
      b: envWith({ flyteBinary: `${h}/org/flyte-binary:v1`, coPilot: `${h}/org/copilot:v1`, waitForDb: `${h}/library/postgres:16` }),
    });
    const r = await cli(root, ['images', 'lock', '--insecure-registry', h]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lockOf(root)).toEqual({
      [`${h}/library/postgres:15`]: digestOf(PG.body),
      [`${h}/library/postgres:16`]: digestOf(PG16.body),
      [`${h}/org/copilot:v1`]: digestOf(COPILOT.body),
      [`${h}/org/flyte-binary:v1`]: digestOf(BIN.body),
    });
    // Sorted keys, two-space indent, trailing newline.
    const text = fs.readFileSync(path.join(root, 'config/images.lock.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify({ images: lockOf(root) }, null, 2)}\n`);
    expect(Object.keys(lockOf(root))).toEqual(Object.keys(lockOf(root)).sort());
    expect(r.stdout.split('\n')).toEqual([
      `${h}/library/postgres:15 ${digestOf(PG.body)} (new)`,
      `${h}/library/postgres:16 ${digestOf(PG16.body)} (new)`,
      `${h}/org/copilot:v1 ${digestOf(COPILOT.body)} (new)`,
      `${h}/org/flyte-binary:v1 ${digestOf(BIN.body)} (new)`,
      'wrote config/images.lock.json (4 images); run "npx enterprise-flyte synth" to reference them by digest',
      '',
    ]);

    // A second run changes nothing and says so.
    const again = await cli(root, ['images', 'lock', '--insecure-registry', h]);
    expect(again.stdout).toContain(`${h}/org/copilot:v1 ${digestOf(COPILOT.body)} (unchanged)`);
  });

  test('--env keeps the other entries; without --env, entries no image uses are dropped', async () => {
    const h = registry.host;
    const stale = `sha256:${'5'.repeat(64)}`;
    const old = `sha256:${'6'.repeat(64)}`;
    const root = tmpProject(
      { a: envWith({ flyteBinary: `${h}/org/flyte-binary:v1`, coPilot: `${h}/org/copilot:v1`, waitForDb: `${h}/library/postgres:15` }) },
      { 'config/images.lock.json': JSON.stringify({ images: { 'quay.io/gone/image:1': stale, [`${h}/org/copilot:v1`]: old } }) },
    );
    const one = await cli(root, ['images', 'lock', '--env', 'a', '--insecure-registry', h]);
    expect(one.code).toBe(0);
    expect(lockOf(root)['quay.io/gone/image:1']).toBe(stale);
    expect(lockOf(root)[`${h}/org/copilot:v1`]).toBe(digestOf(COPILOT.body));
    expect(one.stdout).toContain(`${h}/org/copilot:v1 ${digestOf(COPILOT.body)} (changed from ${old})`);

    const all = await cli(root, ['images', 'lock', '--insecure-registry', h]);
    expect(all.code).toBe(0);
    expect(lockOf(root)['quay.io/gone/image:1']).toBeUndefined();
    expect(Object.keys(lockOf(root))).toHaveLength(3);
    expect(all.stdout).toContain('wrote config/images.lock.json (3 images, 1 no longer used removed)');
  });

  test('a source with a digest in its reference needs no lock entry', async () => {
    const h = registry.host;
    const pinned = `${h}/org/copilot@${digestOf(COPILOT.body)}`;
    const root = tmpProject({ a: envWith({ flyteBinary: `${h}/org/flyte-binary:v1`, coPilot: pinned, waitForDb: `${h}/library/postgres:15` }) });
    const r = await cli(root, ['images', 'lock', '--insecure-registry', h]);
    expect(r.code).toBe(0);
    expect(Object.keys(lockOf(root))).toEqual([`${h}/library/postgres:15`, `${h}/org/flyte-binary:v1`]);
    expect(r.stdout).toContain(`${pinned} (pinned in the environment file)`);
  });

  test('an unknown tag fails with exit 2 and writes nothing', async () => {
    const h = registry.host;
    const before = JSON.stringify({ images: {} });
    const root = tmpProject(
      { a: envWith({ flyteBinary: `${h}/org/flyte-binary:v1`, coPilot: `${h}/org/copilot:v9`, waitForDb: `${h}/library/postgres:15` }) },
      { 'config/images.lock.json': before },
    );
    const r = await cli(root, ['images', 'lock', '--insecure-registry', h]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`enterprise-flyte: ${h}/org/copilot:v9: manifest unknown: ${h}/org/copilot has no tag "v9"; check the image reference in the environment file\n`);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(path.join(root, 'config/images.lock.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.join(root, 'config'))).toEqual(['environments', 'images.lock.json']);
  });

  test('an unreachable registry fails with exit 3 and writes no lock', async () => {
    const h = registry.host;
    const root = tmpProject({ a: envWith({ flyteBinary: `${h}/org/flyte-binary:v1`, coPilot: `${h}/org/copilot:v1`, waitForDb: `${h}/library/postgres:15` }) });
    // Without --insecure-registry the client speaks HTTPS to the plain-HTTP registry.
    const r = await cli(root, ['images', 'lock']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^enterprise-flyte: ${h}/library/postgres:15: cannot reach https://${h} \\(.+\\); if ${h} serves plain HTTP, pass --insecure-registry ${h}\\n$`));
    expect(fs.existsSync(path.join(root, 'config/images.lock.json'))).toBe(false);
  });

  test('bad flags and unknown environments are input errors (exit 2)', async () => {
    const root = tmpProject({ a: validInput() });
    const bad = await cli(root, ['images', 'lock', '--insecure-registry', 'http://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'enterprise-flyte: images lock: --insecure-registry "http://x" is not allowed; expected a registry host: a lowercase DNS name with a "." or a ":port" (1-65535), an IPv4 address, or localhost; no scheme or path (a single name such as "myteam" would be a Docker Hub namespace)\n',
    );
    const unknownFlag = await cli(root, ['images', 'lock', '--registry', 'x']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain('images lock: Unknown option \'--registry\'');
    expect(unknownFlag.stderr).toContain('(options: --env, --insecure-registry)');
    const noEnv = await cli(root, ['images', 'lock', '--env', 'nope']);
    expect(noEnv.code).toBe(2);
    expect(noEnv.stderr).toBe('enterprise-flyte: config/environments/nope.yaml: no such environment file; available: a\n');
    const sub = await cli(root, ['images', 'pin']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toBe('enterprise-flyte: images: unknown subcommand "pin"; expected: images lock, images create-repositories (see --help)\n');
  });

  test('--help lists the command', async () => {
    const r = await cli(tmpProject({ a: validInput() }), ['--help']);
    expect(r.stdout).toContain('images lock [--env NAME] [--insecure-registry HOST[:PORT]]...');
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../../src/errors';
import { generate } from '../../src/synth/generate';
import { generateAll, threadsFromEnv } from '../../src/synth/parallel';
import { cli, ROOT, snapshotTree, tmpProject, validInput } from '../helpers';

// Worker threads run JavaScript: the bundle `npm test` builds before jest.
const BUNDLE = path.join(ROOT, 'lib', 'enterprise-flyte.js');

/** `n` environments that differ in release, namespace and replica-independent settings. */
function project(n: number, broken: Record<string, string> = {}): string {
  const envs: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const name = `env-${String.fromCharCode(97 + i)}`;
    envs[name] = broken[name] ?? validInput({ release: `rel-${i}`, namespace: `ns-${i}` });
  }
  return tmpProject(envs);
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

const byPath = (files: { path: string; content: string | Buffer }[]) => new Map(files.map((f) => [f.path, Buffer.from(f.content).toString('base64')]));

describe('generateAll', () => {
  test('in worker threads: the same files, in the same order, and the same warnings as one thread', async () => {
    const root = project(7);
    const serial = await generate(root);
    const parallel = await generateAll(root, { workerScript: BUNDLE, threads: 3 });
    expect(parallel.threads).toBe(2); // 7 environments give at most 2 threads of 3 or more
    expect(parallel.envs).toEqual(['env-a', 'env-b', 'env-c', 'env-d', 'env-e', 'env-f', 'env-g']);
    expect(parallel.files.map((f) => f.path)).toEqual(serial.files.map((f) => f.path));
    expect(byPath(parallel.files)).toEqual(byPath(serial.files));
    expect(parallel.files.map((f) => f.mode)).toEqual(serial.files.map((f) => f.mode));
    expect(parallel.warnings).toEqual(serial.warnings);
    expect(parallel.warnings.length).toBeGreaterThanOrEqual(7);
    // Binary files come back from a worker as Buffers, like the ones built here.
    const tgz = parallel.files.filter((f) => f.path.endsWith('.tgz'));
    expect(tgz).toHaveLength(7);
    expect(tgz.every((f) => Buffer.isBuffer(f.content))).toBe(true);
  });

  test('the lock is read once, when the run starts: every environment pins its digests, even if the file changes meanwhile', async () => {
    const d = (c: string) => `sha256:${c.repeat(64)}`;
    const root = project(6);
    const lockFile = path.join(root, 'config', 'images.lock.json');
    fs.writeFileSync(lockFile, JSON.stringify({ images: { 'cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7': d('5') } }));
    const run = generateAll(root, { workerScript: BUNDLE, threads: 2 });
    // Before any environment after the first has started (this thread builds a, c, e; the worker b, d, f).
    fs.writeFileSync(lockFile, '{"images": [');
    const out = await run;
    expect(out.threads).toBe(2);
    const deployments = out.files.filter((f) => /\/manifests\/18-deployment-/.test(f.path));
    expect(deployments).toHaveLength(6);
    for (const f of deployments) expect(String(f.content)).toContain(`flyte-binary-release:v9.8.7@${d('5')}`);
    // A broken lock stops the next run before any thread starts.
    const e = await failure(generateAll(root, { workerScript: BUNDLE, threads: 2 }));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/^config\/images\.lock\.json: invalid JSON/);
  });

  test('threads: as many as asked, at most one per 3 environments, one without a worker script', async () => {
    const root = project(6);
    expect((await generateAll(root, { workerScript: BUNDLE, threads: 2 })).threads).toBe(2);
    expect((await generateAll(root, { workerScript: BUNDLE, threads: 1 })).threads).toBe(1);
    expect((await generateAll(project(5), { workerScript: BUNDLE, threads: 4 })).threads).toBe(1);
    expect((await generateAll(root, { threads: 4 })).threads).toBe(1);
  });

  test('the error reported is that of the first failing environment in name order, as with one thread', async () => {
    // Interleaved over 2 threads, this thread builds a, c, e, g and the worker b, d, f: the first
    // failure comes from the worker, a later one from this thread.
    const root = project(7, { 'env-d': 'release: Bad-D\n', 'env-e': 'release: Bad-E\n' });
    const serialError = await failure(generate(root));
    const parallelError = await failure(generateAll(root, { workerScript: BUNDLE, threads: 2 }));
    expect(parallelError).toBeInstanceOf(UserError);
    expect((parallelError as UserError).exitCode).toBe(2);
    expect(parallelError.message).toBe(serialError.message);
    expect(parallelError.message).toMatch(/^config\/environments\/env-d\.yaml: /);
  });

  test('compareWith: lists the files the folder already holds, byte for byte and with the same mode', async () => {
    const root = project(6);
    const first = await generateAll(root, { workerScript: BUNDLE, threads: 2, compareWith: path.join(root, 'dist') });
    expect(first.unchanged.size).toBe(0);
    for (const f of first.files) {
      fs.mkdirSync(path.dirname(path.join(root, 'dist', f.path)), { recursive: true });
      fs.writeFileSync(path.join(root, 'dist', f.path), f.content, { mode: f.mode ?? 0o644 });
    }
    const edited = first.files.find((f) => f.path === 'env-d/manifests/18-deployment-rel-3-flyte-binary.yaml')!;
    fs.appendFileSync(path.join(root, 'dist', edited.path), '# edited\n');
    const script = first.files.find((f) => f.path === 'env-a/scripts/deploy.sh')!;
    fs.chmodSync(path.join(root, 'dist', script.path), 0o644);
    const second = await generateAll(root, { workerScript: BUNDLE, threads: 2, compareWith: path.join(root, 'dist') });
    expect([...first.files.map((f) => f.path)].filter((p) => !second.unchanged.has(p)).sort()).toEqual([script.path, edited.path].sort());
  });

  test('a worker thread that ends without its results is an error, not a partial result', async () => {
    const quitter = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ef-worker-')), 'quit.js');
    fs.writeFileSync(quitter, 'process.exit(0);\n');
    const e = await failure(generateAll(project(6), { workerScript: quitter, threads: 2 }));
    expect(e).not.toBeInstanceOf(UserError);
    expect(e.message).toBe('synth worker thread exited (code 0) after 0 of 3 environments');
  });
});

describe('threadsFromEnv', () => {
  test('reads ENTERPRISE_FLYTE_THREADS: unset or empty is undefined, 1 to 64 as given', () => {
    expect(threadsFromEnv({})).toBeUndefined();
    expect(threadsFromEnv({ ENTERPRISE_FLYTE_THREADS: '' })).toBeUndefined();
    expect(threadsFromEnv({ ENTERPRISE_FLYTE_THREADS: '1' })).toBe(1);
    expect(threadsFromEnv({ ENTERPRISE_FLYTE_THREADS: '64' })).toBe(64);
  });

  test.each(['0', '65', '-1', '1.5', 'two', ' 2'])('refuses %j in one line', (raw) => {
    expect(() => threadsFromEnv({ ENTERPRISE_FLYTE_THREADS: raw })).toThrow(
      new UserError(`ENTERPRISE_FLYTE_THREADS: ${JSON.stringify(raw)} is not allowed; expected a whole number from 1 to 64`),
    );
  });
});

describe('synth as a process', () => {
  test('writes the same dist/ and prints the same lines with 1 thread and with 2', () => {
    const one = project(6);
    const two = project(6);
    const a = cli(['synth'], one, { ENTERPRISE_FLYTE_THREADS: '1' });
    const b = cli(['synth'], two, { ENTERPRISE_FLYTE_THREADS: '2' });
    expect(a.status).toBe(0);
    expect(b).toEqual(a);
    expect(snapshotTree(path.join(two, 'dist'))).toEqual(snapshotTree(path.join(one, 'dist')));
  });

  test('a bad ENTERPRISE_FLYTE_THREADS stops the synth with one line and exit 2, writing nothing', () => {
    const root = project(3);
    const r = cli(['synth'], root, { ENTERPRISE_FLYTE_THREADS: 'many' });
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'enterprise-flyte: ENTERPRISE_FLYTE_THREADS: "many" is not allowed; expected a whole number from 1 to 64\n' });
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });
});

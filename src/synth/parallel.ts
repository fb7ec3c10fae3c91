import * as os from 'os';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { listEnvironments } from '../config/load';
import { isUserError, UserError } from '../errors';
import { DigestLock, readLock } from '../images/lock';
import { OutputFile, unchangedFiles } from './output-dir';
import { generate } from './generate';

/** The files of `dist/` for every environment, without the construct trees. */
export interface GeneratedFiles {
  /** Environment names, in order. */
  readonly envs: string[];
  /** Files of `dist/`, paths relative to it. */
  readonly files: OutputFile[];
  readonly warnings: string[];
  /** Paths of `files` that the `compareWith` folder already holds unchanged. */
  readonly unchanged: Set<string>;
  /** Threads that built the environments, this one included. */
  readonly threads: number;
}

export interface GenerateAllOptions {
  /**
   * Script a worker thread runs; when it finds itself in a worker it must call `runSynthWorker()`
   * (the CLI's entry point does).
   * @default - no worker threads: every environment in this thread
   */
  readonly workerScript?: string;
  /**
   * Threads, this one included.
   * @default - the CPUs this process may use (the CLI reads ENTERPRISE_FLYTE_THREADS)
   */
  readonly threads?: number;
  /**
   * Also find which files this folder already holds unchanged (`GeneratedFiles.unchanged`):
   * reading them back is a large part of a synth of many environments, so each thread reads
   * those of its own environments.
   * @default - nothing compared
   */
  readonly compareWith?: string;
}

const WORKER_KIND = 'enterprise-flyte-synth';
/** Below this many environments per thread, starting a thread costs more than it saves. */
const MIN_ENVS_PER_THREAD = 3;
const MAX_THREADS = 64;

interface WorkerInput {
  readonly kind: typeof WORKER_KIND;
  readonly root: string;
  readonly envs: string[];
  /** Read once for the whole run, so that every environment pins the same digests. */
  readonly lock: DigestLock;
  readonly compareWith?: string;
}

type EnvResult =
  | { readonly ok: true; readonly files: OutputFile[]; readonly warnings: string[]; readonly unchanged: string[] }
  | { readonly ok: false; readonly message: string; readonly exitCode?: number; readonly stack?: string };

interface EnvMessage {
  readonly env: string;
  readonly result: EnvResult;
}

/** The thread count ENTERPRISE_FLYTE_THREADS asks for, or undefined when it is not set. */
export function threadsFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.ENTERPRISE_FLYTE_THREADS;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!/^[0-9]+$/.test(raw) || n < 1 || n > MAX_THREADS) {
    throw new UserError(`ENTERPRISE_FLYTE_THREADS: ${JSON.stringify(raw)} is not allowed; expected a whole number from 1 to ${MAX_THREADS}`);
  }
  return n;
}

/**
 * Builds every environment, spread over worker threads when there are enough of them: each
 * environment is independent, and one thread per CPU keeps the CPUs busy. The result, warnings
 * and the error reported (that of the first failing environment in name order) are the same
 * as those of one thread.
 */
export async function generateAll(root: string, options: GenerateAllOptions = {}): Promise<GeneratedFiles> {
  const envs = listEnvironments(root, true);
  const lock = readLock(root);
  const wanted = options.threads ?? os.availableParallelism();
  const threads = options.workerScript === undefined ? 1 : Math.max(1, Math.min(wanted, Math.floor(envs.length / MIN_ENVS_PER_THREAD)));
  // Interleaved, so that each thread gets a similar share whatever the order of sizes.
  const shares = Array.from({ length: threads }, (_, t) => envs.filter((_, i) => i % threads === t));
  const results = new Map<string, EnvResult>();
  const record = (m: EnvMessage) => results.set(m.env, m.result);
  await Promise.all(
    shares.map((share, t) => {
      const input: WorkerInput = { kind: WORKER_KIND, root, envs: share, lock, compareWith: options.compareWith };
      return t === 0 ? buildShare(input, record) : runWorker(options.workerScript!, input, record);
    }),
  );

  const files: OutputFile[] = [];
  const warnings: string[] = [];
  const unchanged = new Set<string>();
  for (const env of envs) {
    const r = results.get(env);
    if (r === undefined) throw new Error(`no result for environment ${env}`);
    if (!r.ok) {
      if (r.exitCode !== undefined) throw new UserError(r.message, r.exitCode);
      const e = new Error(r.message);
      e.stack = r.stack;
      throw e;
    }
    files.push(...r.files);
    warnings.push(...r.warnings);
    for (const p of r.unchanged) unchanged.add(p);
  }
  return { envs, files, warnings, unchanged, threads };
}

/** Builds each environment of `envs` on its own, so that one failing does not hide the others' results. */
async function buildShare(input: WorkerInput, record: (m: EnvMessage) => void): Promise<void> {
  for (const env of input.envs) {
    try {
      const { files, warnings } = await generate(input.root, { envs: [env], lock: input.lock });
      const unchanged = input.compareWith === undefined ? [] : [...unchangedFiles(input.compareWith, files)];
      record({ env, result: { ok: true, files, warnings, unchanged } });
    } catch (e) {
      const err = e as Error;
      record({ env, result: { ok: false, message: err?.message ?? String(e), exitCode: isUserError(e) ? e.exitCode : undefined, stack: err?.stack } });
    }
  }
}

function runWorker(script: string, input: WorkerInput, record: (m: EnvMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: input });
    let received = 0;
    worker.on('message', (m: EnvMessage) => {
      received++;
      // Structured cloning turns a Buffer into a plain Uint8Array.
      const result = m.result.ok ? { ...m.result, files: m.result.files.map((f) => (typeof f.content === 'string' ? f : { ...f, content: asBuffer(f.content) })) } : m.result;
      record({ env: m.env, result });
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (received === input.envs.length) resolve();
      else reject(new Error(`synth worker thread exited (code ${code}) after ${received} of ${input.envs.length} environments`));
    });
  });
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** True in a worker thread started by `generateAll`. */
export function isSynthWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerInput> | null)?.kind === WORKER_KIND;
}

/** The body of a worker thread: builds its share and posts one message per environment. */
export async function runSynthWorker(): Promise<void> {
  await buildShare(workerData as WorkerInput, (m) => parentPort!.postMessage(m));
}

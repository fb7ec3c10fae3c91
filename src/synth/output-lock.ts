import * as fs from 'fs';
import * as path from 'path';
import { setTimeout as sleep } from 'timers/promises';
import { EXIT, UserError } from '../errors';
import { outputFailure } from './output-dir';

export interface OutputLockOptions {
  /** Called once when another run holds the lock and this one waits. @default - silent */
  readonly onWait?: (message: string) => void;
  /** How long to wait for another run before giving up. @default 600_000 (10 minutes) */
  readonly timeoutMs?: number;
  /** Between two looks at the lock. @default 100 */
  readonly pollMs?: number;
}

/** The lock file of an output folder: `.<name>.lock` beside it (`.dist.lock` for dist/). */
export function lockFile(outdir: string): string {
  return path.join(path.dirname(path.resolve(outdir)), `.${path.basename(outdir)}.lock`);
}

/**
 * Runs `work` while holding the lock of `outdir`, so that two runs that write it (two synths, a
 * synth and a bundle) take turns instead of swapping folders under each other. The lock is a
 * file created exclusively, holding the process id; one whose process is gone (an interrupted
 * run) is taken over. Waits for a live holder, then gives up with a one-line error.
 */
export async function withOutputLock<T>(outdir: string, work: () => Promise<T>, options: OutputLockOptions = {}): Promise<T> {
  const file = lockFile(outdir);
  const shown = path.relative(process.cwd(), file) || file;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let told = false;
  outputFailure(path.dirname(file), () => fs.mkdirSync(path.dirname(file), { recursive: true }));
  for (;;) {
    const fd = outputFailure(path.dirname(file), () => tryCreate(file));
    if (fd !== undefined) {
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      break;
    }
    const holder = holderOf(file);
    // A lock without a process id yet is being written: stale only once it is old.
    if (holder === undefined ? !recent(file) : !alive(holder)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new UserError(`${shown}: another run (process ${holder ?? 'unknown'}) still writes ${path.basename(outdir)}/; wait for it, or remove the file if that process is not this program`, EXIT.OUTPUT);
    }
    if (!told) options.onWait?.(`waiting for another run (process ${holder ?? 'unknown'}) to finish writing ${path.basename(outdir)}/ (${shown})`);
    told = true;
    await sleep(options.pollMs ?? 100);
  }
  try {
    return await work();
  } finally {
    if (holderOf(file) === process.pid) fs.rmSync(file, { force: true });
  }
}

function tryCreate(file: string): number | undefined {
  try {
    return fs.openSync(file, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw e;
  }
}

/** The process id in a lock file; undefined when it is gone or unreadable (being written). */
function holderOf(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function recent(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 5000;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

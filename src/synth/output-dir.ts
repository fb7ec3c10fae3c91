import * as fs from 'fs';
import * as path from 'path';
import { EXIT, UserError } from '../errors';
import { compareStrings } from './compare';

/** One generated file: a path relative to the output directory and its content. */
export interface OutputFile {
  readonly path: string;
  readonly content: string | Buffer;
  /** File mode; 0o755 for scripts. @default 0o644 */
  readonly mode?: number;
}

export interface ReplaceOptions {
  /**
   * Paths of `files` that `target` already holds byte for byte, with the same mode, when the
   * caller compared them already (synth does it in its worker threads).
   * @default - compared here
   */
  readonly unchanged?: ReadonlySet<string>;
}

/** The paths of `files` that `target` already holds byte for byte, with the same mode. */
export function unchangedFiles(target: string, files: Iterable<OutputFile>): Set<string> {
  const out = new Set<string>();
  for (const f of files) if (sameFile(path.join(target, f.path), Buffer.from(f.content), f.mode ?? 0o644)) out.add(f.path);
  return out;
}

/**
 * Replaces `target` with exactly `files`, or leaves it untouched. Files are written to a
 * temporary sibling first; only when every file is written is the old directory swapped out.
 * An error thrown while `files` is iterated or written leaves `target` as it was, and a
 * `target` that already holds exactly `files` is not touched at all.
 */
export function replaceDirectory(target: string, files: Iterable<OutputFile>, options: ReplaceOptions = {}): void {
  const wanted = [...files].map((f) => ({ path: f.path, content: Buffer.from(f.content), mode: f.mode ?? 0o644 }));
  const root = path.resolve(target);
  for (const f of wanted) {
    if (!path.join(root, f.path).startsWith(root + path.sep)) throw new Error(`refusing to write outside the output directory: ${f.path}`);
  }
  const parent = path.dirname(root);
  const base = path.basename(target);
  // Also when the output is current: an interrupted run's copy must not outlive it.
  if (fs.existsSync(parent)) removeAbandonedStaging(parent, base);
  const unchanged = options.unchanged ?? unchangedFiles(target, wanted);
  if (unchanged.size === wanted.length && sameEntries(target, wanted)) return;

  outputFailure(parent, () => fs.mkdirSync(parent, { recursive: true }));
  // Every folder of the old output must be writable, or removing it would fail after the swap.
  assertWritable(target);
  const staging = outputFailure(parent, () => fs.mkdtempSync(path.join(parent, `.${base}.new-${process.pid}-`)));
  // Modes must not depend on the machine's umask (and mkdtemp made the folder 0700).
  const umask = process.umask(0o022);
  try {
    fs.chmodSync(staging, 0o755);
    const dirs = new Set<string>();
    for (const file of wanted) {
      const dest = path.join(staging, file.path);
      const dir = path.dirname(dest);
      if (!dirs.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        dirs.add(dir);
      }
      // A file the previous output already has, byte for byte, is linked rather than written
      // again: creating files is most of the time a synth of many environments takes.
      if (!unchanged.has(file.path) || !tryLink(path.join(target, file.path), dest)) {
        fs.writeFileSync(dest, file.content, { mode: file.mode });
      }
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  } finally {
    process.umask(umask);
  }
  swap(staging, target);
}

/** Moves `staging` to `target`, the old `target` out of the way first; on failure both stay as they were. */
function swap(staging: string, target: string): void {
  const old = `${staging}.old`;
  const hadTarget = fs.existsSync(target);
  try {
    if (hadTarget) fs.renameSync(target, old);
    try {
      fs.renameSync(staging, target);
    } catch (e) {
      if (hadTarget) fs.renameSync(old, target);
      throw e;
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    const shown = path.relative(process.cwd(), target) || target;
    // A mount point cannot be renamed (EBUSY); nor can a folder across file systems (EXDEV).
    if (code === 'EBUSY' || code === 'EXDEV') {
      throw new UserError(`${shown}: cannot be replaced (${code}: it is a mount point); synth swaps the whole folder in one step: mount its parent instead (nothing was changed)`, EXIT.OUTPUT);
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UserError(`${shown}: cannot be replaced (${code}); make it and its parent folder writable (nothing was changed)`, EXIT.OUTPUT);
    }
    throw e;
  }
  if (hadTarget) fs.rmSync(old, { recursive: true, force: true });
}

/** Runs `write`, turning a file system refusal in `dir` into a one-line error of its own exit code. */
export function outputFailure<T>(dir: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC' || code === 'EDQUOT') {
      const why = code === 'EROFS' ? 'a read-only file system' : code === 'ENOSPC' || code === 'EDQUOT' ? 'no space left' : 'permission denied';
      throw new UserError(`${path.relative(process.cwd(), dir) || dir}: cannot write there (${why}); synth writes dist/ through a temporary folder beside it: make the folder writable (nothing was changed)`, EXIT.OUTPUT);
    }
    throw e;
  }
}

/**
 * Removes staging folders (`.<base>.new-<pid>-*`) left by a run that was interrupted: those whose
 * process is gone. A concurrent run's folder is left alone.
 */
function removeAbandonedStaging(parent: string, base: string): void {
  const prefix = `.${base}.new-`;
  for (const name of fs.readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^([0-9]+)-/.exec(name.slice(prefix.length))?.[1]);
    if (pid > 0 && pid !== process.pid && processAlive(pid)) continue;
    if (pid === process.pid) continue;
    fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Throws a UserError naming the first folder of `dir` (itself included) this user cannot change. */
function assertWritable(dir: string): void {
  if (!fs.existsSync(dir)) return;
  const dirs = [dir, ...(fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isDirectory())
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))];
  for (const d of dirs) {
    try {
      fs.accessSync(d, fs.constants.W_OK);
    } catch {
      throw new UserError(`${path.relative(process.cwd(), d) || d}: not writable; make the output folder writable (nothing was changed)`, EXIT.OUTPUT);
    }
  }
}

/** True when `dir` holds exactly these files and their folders, nothing else. */
function sameEntries(dir: string, files: ReadonlyArray<{ readonly path: string }>): boolean {
  const expected = new Set<string>();
  for (const f of files) {
    for (let p = f.path; p !== '.' && !expected.has(p); p = path.posix.dirname(p)) expected.add(p);
  }
  if (!fs.existsSync(dir)) return false;
  const actual = fs.readdirSync(dir, { recursive: true }) as string[];
  return actual.length === expected.size && actual.every((p) => expected.has(p.split(path.sep).join('/')));
}

function sameFile(file: string, content: Buffer, mode: number): boolean {
  try {
    const stat = fs.lstatSync(file);
    return stat.isFile() && stat.size === content.length && (stat.mode & 0o777) === mode && fs.readFileSync(file).equals(content);
  } catch {
    return false;
  }
}

function tryLink(from: string, to: string): boolean {
  try {
    fs.linkSync(from, to);
    return true;
  } catch {
    return false; // a file system without hard links: write the file instead
  }
}

/** Reads every file under `dir` as `path -> content`, paths with "/" separators, sorted. */
export function readTree(dir: string): Map<string, Buffer> {
  return new Map([...readTreeWithModes(dir)].map(([p, f]) => [p, f.content]));
}

/** A file of a tree as found, never through a link: `other` is what is neither a file nor a folder. */
export interface TreeEntry {
  readonly content: Buffer;
  readonly mode: number;
  /** @default 'file' */
  readonly kind?: 'file' | 'symlink' | 'other';
}

/**
 * Reads every file under `dir` with its permission bits, paths with "/" separators, sorted. A
 * symbolic link is reported as one, with its target as content, and not followed: a link that
 * replaced a file must not pass for the file it points at. A FIFO or device is not opened.
 */
export function readTreeWithModes(dir: string): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
      const p = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, p);
      if (entry.isDirectory()) walk(p);
      else if (entry.isSymbolicLink()) out.set(p, { content: Buffer.from(fs.readlinkSync(full)), mode: 0o777, kind: 'symlink' });
      else if (!entry.isFile()) out.set(p, { content: Buffer.alloc(0), mode: fs.lstatSync(full).mode & 0o777, kind: 'other' });
      else out.set(p, { content: fs.readFileSync(full), mode: fs.lstatSync(full).mode & 0o777 });
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

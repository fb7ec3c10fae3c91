import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../errors';
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
  const unchanged = options.unchanged ?? unchangedFiles(target, wanted);
  if (unchanged.size === wanted.length && sameEntries(target, wanted)) return;

  const parent = path.dirname(root);
  const base = path.basename(target);
  fs.mkdirSync(parent, { recursive: true });
  removeAbandonedStaging(parent, base);
  // Every folder of the old output must be writable, or removing it would fail after the swap.
  assertWritable(target);
  const staging = fs.mkdtempSync(path.join(parent, `.${base}.new-${process.pid}-`));
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
  const old = `${staging}.old`;
  const hadTarget = fs.existsSync(target);
  if (hadTarget) fs.renameSync(target, old);
  fs.renameSync(staging, target);
  if (hadTarget) fs.rmSync(old, { recursive: true, force: true });
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
      throw new UserError(`${path.relative(process.cwd(), d) || d}: not writable; make the output folder writable (nothing was changed)`);
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

/** Reads every file under `dir` with its permission bits, paths with "/" separators, sorted. */
export function readTreeWithModes(dir: string): Map<string, { readonly content: Buffer; readonly mode: number }> {
  const out = new Map<string, { content: Buffer; mode: number }>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
      const p = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(p);
      else out.set(p, { content: fs.readFileSync(path.join(dir, p)), mode: fs.statSync(path.join(dir, p)).mode & 0o777 });
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

import * as fs from 'fs';
import * as path from 'path';
import { compareStrings } from './compare';

/** One generated file: a path relative to the output directory and its content. */
export interface OutputFile {
  readonly path: string;
  readonly content: string | Buffer;
  /** File mode; 0o755 for scripts. @default 0o644 */
  readonly mode?: number;
}

/**
 * Replaces `target` with exactly `files`, or leaves it untouched. Files are written to a
 * temporary sibling first; only when every file is written is the old directory swapped out.
 * An error thrown while `files` is iterated or written leaves `target` as it was, and a
 * `target` that already holds exactly `files` is not touched at all.
 */
export function replaceDirectory(target: string, files: Iterable<OutputFile>): void {
  const wanted = [...files].map((f) => ({ path: f.path, content: Buffer.from(f.content), mode: f.mode ?? 0o644 }));
  const root = path.resolve(target);
  for (const f of wanted) {
    if (!path.join(root, f.path).startsWith(root + path.sep)) throw new Error(`refusing to write outside the output directory: ${f.path}`);
  }
  const unchanged = new Set(wanted.filter((f) => sameFile(path.join(target, f.path), f.content, f.mode)).map((f) => f.path));
  if (unchanged.size === wanted.length && sameEntries(target, wanted)) return;

  const parent = path.dirname(root);
  const base = path.basename(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${base}.new-`));
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
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
      const p = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(p);
      else out.set(p, fs.readFileSync(path.join(dir, p)));
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

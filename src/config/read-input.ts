import * as fs from 'fs';
import { UserError } from '../errors';

/** Largest input file read (environment, lock, cluster facts): far above any real one. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/**
 * Reads a small input file as UTF-8. A FIFO, a device such as /dev/zero or a folder is refused
 * before any byte is read (opened non-blocking, so a FIFO cannot hang the run), and so is a file
 * over `limit` bytes. Returns undefined when the file does not exist; any other failure is a
 * UserError that says what is wrong, not "missing".
 * `shown` is the path used in messages.
 */
export function readInputFile(file: string, shown: string, limit = MAX_INPUT_BYTES): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`${shown}: cannot be read (permission denied); make it readable by this user`);
    throw new UserError(`${shown}: cannot be read (${code ?? (e as Error).message}); check that it is a readable file`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UserError(`${shown}: is not a regular file (${kind(stat)}); point it at a regular file`);
    if (stat.size > limit) throw new UserError(`${shown}: is ${stat.size} bytes, over the limit of ${limit}; an input file this large is not one this program wrote or expects`);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = fs.readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString('utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${shown}: cannot be read (${code ?? (e as Error).message}); check that it is a readable file`);
  } finally {
    fs.closeSync(fd);
  }
}

function kind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

import * as path from 'path';
import { record, regex, strictObject, string } from 'zod/mini';
import '../config/zod-config';
import { UserError } from '../errors';
import { readInputFile } from '../config/read-input';
import { describeIssue } from '../config/load';

/** The committed digest lock, relative to the project root. */
export const LOCK_FILE = path.join('config', 'images.lock.json');

const lockSchema = strictObject({
  images: record(
    string(),
    string().check(regex(/^sha256:[0-9a-f]{64}$/, { error: 'expected "sha256:" followed by 64 lowercase hex digits' })),
  ),
});

/** Source reference (`registry/repository:tag`) -> digest. */
export type DigestLock = Readonly<Record<string, string>>;

/** Reads the lock; a missing file is an empty lock. */
export function readLock(root: string): DigestLock {
  // Only a missing lock is empty; treating an unreadable one as empty would unpin every image.
  const text = readInputFile(path.join(root, LOCK_FILE), LOCK_FILE);
  if (text === undefined) return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${LOCK_FILE}: invalid JSON (${(e as Error).message}); run "npx enterprise-flyte images lock" to rewrite it`);
  }
  const result = lockSchema.safeParse(data, { reportInput: true });
  if (!result.success) throw new UserError(`${LOCK_FILE}: ${describeIssue(result.error.issues, lockSchema)}`);
  return result.data.images;
}

/** The lock file's text: sorted keys, two-space indent, trailing newline. */
export function formatLock(images: DigestLock): string {
  const sorted = Object.fromEntries(Object.keys(images).sort().map((k) => [k, images[k]]));
  return `${JSON.stringify({ images: sorted }, null, 2)}\n`;
}

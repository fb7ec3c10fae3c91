import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../../src/errors';
import { formatLock, LOCK_FILE, readLock } from '../../src/images/lock';
import { tmpProject } from '../helpers';

const D1 = `sha256:${'a1'.repeat(32)}`;
const D2 = `sha256:${'0f'.repeat(32)}`;

const withLock = (text: string) => tmpProject({}, { 'config/images.lock.json': text });
const errorOf = (root: string) => {
  try {
    readLock(root);
  } catch (e) {
    return e as UserError;
  }
  throw new Error('expected readLock to fail');
};

describe('LOCK_FILE', () => {
  test('is config/images.lock.json under the project root', () => {
    expect(LOCK_FILE.split(path.sep)).toEqual(['config', 'images.lock.json']);
  });
});

describe('readLock', () => {
  test('a missing file is an empty lock', () => {
    expect(readLock(tmpProject({}))).toEqual({});
  });

  test('a missing config folder is an empty lock', () => {
    const root = tmpProject({});
    fs.rmSync(path.join(root, 'config'), { recursive: true });
    expect(readLock(root)).toEqual({});
  });

  test('reads the images map', () => {
    const root = withLock(JSON.stringify({ images: { 'cr.flyte.org/flyteorg/flyte-binary-release:v1.16.8': D1, 'docker.io/library/postgres:15-alpine': D2 } }));
    expect(readLock(root)).toEqual({ 'cr.flyte.org/flyteorg/flyte-binary-release:v1.16.8': D1, 'docker.io/library/postgres:15-alpine': D2 });
  });

  test('an empty images map is an empty lock', () => {
    expect(readLock(withLock('{"images":{}}'))).toEqual({});
  });

  test('invalid JSON: one line, exit 2, and how to repair it', () => {
    const e = errorOf(withLock('{"images": {'));
    expect(e).toBeInstanceOf(UserError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^config\/images\.lock\.json: invalid JSON \(.+\); run "npx enterprise-flyte images lock" to rewrite it$/);
    expect(e.message).not.toContain('\n');
  });

  test('a digest that is not sha256 and 64 lowercase hex digits names the entry and the rule', () => {
    const e = errorOf(withLock(JSON.stringify({ images: { 'quay.io/a/b:1': 'sha256:abc' } })));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe('config/images.lock.json: images.quay.io/a/b:1: "sha256:abc" is not allowed; expected "sha256:" followed by 64 lowercase hex digits');
    expect(errorOf(withLock(JSON.stringify({ images: { x: D1.toUpperCase().replace('SHA256', 'sha256') } }))).message).toContain('expected "sha256:" followed by 64 lowercase hex digits');
    expect(errorOf(withLock(JSON.stringify({ images: { x: `sha512:${'a'.repeat(128)}` } }))).message).toContain('expected "sha256:" followed by 64 lowercase hex digits');
  });

  test('an unknown top-level key lists the allowed ones', () => {
    const e = errorOf(withLock(JSON.stringify({ images: {}, digests: {} })));
    expect(e.message).toBe('config/images.lock.json: digests: unknown key; allowed keys here: images');
  });

  test('a file without the images map is refused, naming the field', () => {
    const e = errorOf(withLock('{}'));
    expect(e.message).toMatch(/^config\/images\.lock\.json: images: is missing; /);
  });

  test('a lock that cannot be read is an error, not an empty lock', () => {
    // A folder in place of the file (EISDIR): treating it as "no lock" would silently unpin every image.
    const root = tmpProject({});
    fs.mkdirSync(path.join(root, 'config', 'images.lock.json'));
    const e = errorOf(root);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe('config/images.lock.json: is not a regular file (a folder); point it at a regular file');
    expect(e.message).not.toContain('\n');
  });
});

describe('formatLock', () => {
  test('sorted keys (code-unit order), two-space indent, trailing newline', () => {
    const text = formatLock({ 'quay.io/z:1': D2, 'Quay.io/upper:1': D1, 'cr.flyte.org/a:1': D1 });
    expect(text).toBe(
      '{\n' +
        '  "images": {\n' +
        `    "Quay.io/upper:1": "${D1}",\n` +
        `    "cr.flyte.org/a:1": "${D1}",\n` +
        `    "quay.io/z:1": "${D2}"\n` +
        '  }\n' +
        '}\n',
    );
  });

  test('an empty lock', () => {
    expect(formatLock({})).toBe('{\n  "images": {}\n}\n');
  });

  test('does not depend on the order of the input', () => {
    expect(formatLock({ b: D1, a: D2 })).toBe(formatLock({ a: D2, b: D1 }));
  });

  test('what it writes, readLock reads back', () => {
    const lock = { 'docker.io/library/postgres:15-alpine': D2, 'cr.flyte.org/flyteorg/flytecopilot-release:v1.16.8': D1 };
    expect(readLock(withLock(formatLock(lock)))).toEqual(lock);
  });
});

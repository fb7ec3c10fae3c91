import { maxLength, strictObject, string } from 'zod/mini';
import { globalConfig } from 'zod/v4/core';
import '../../src/config/zod-config';

describe('zod settings', () => {
  test('issues without an error of their own get English messages (zod/mini has none of its own)', () => {
    const r = strictObject({ a: string().check(maxLength(2)) }).safeParse({ a: 'abc', b: 1 });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual(['Too big: expected string to have <=2 characters', 'Unrecognized key: "b"']);
  });

  test('no compiled fast path: every file is validated once per run', () => {
    expect(globalConfig.jitless).toBe(true);
  });
});

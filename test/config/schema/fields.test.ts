import { globalRegistry } from 'zod/mini';
import * as f from '../../../src/config/formats';
import { str } from '../../../src/config/schema';

describe('str', () => {
  const s = str(f.DNS_LABEL, 'A name.');

  test('accepts the format and keeps the description', () => {
    expect(s.parse('ok-1')).toBe('ok-1');
    expect(globalRegistry.get(s)?.description).toBe('A name.');
  });

  test('every failure (type, pattern, length, extra check) says what is allowed', () => {
    const expected = `expected ${f.DNS_LABEL.allowed}`;
    for (const bad of [42, 'Bad', 'a'.repeat(64)]) {
      const r = s.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => i.message)).toEqual([expected]);
    }
    const tag = str(f.IMAGE_TAG, 'A tag.').safeParse('latest');
    expect(tag.error!.issues.map((i) => i.message)).toEqual([`expected ${f.IMAGE_TAG.allowed}`]);
  });
});

import { compareStrings } from '../../src/synth/compare';

describe('compareStrings', () => {
  test('returns -1, 0 or 1', () => {
    expect(compareStrings('a', 'b')).toBe(-1);
    expect(compareStrings('b', 'a')).toBe(1);
    expect(compareStrings('same', 'same')).toBe(0);
    expect(compareStrings('', '')).toBe(0);
  });

  test('orders by UTF-16 code unit, not by locale: upper case before lower case', () => {
    // "B" is U+0042, "a" is U+0061; a locale collation would put "a" first.
    expect(compareStrings('B', 'a')).toBe(-1);
    expect(compareStrings('Zebra', 'apple')).toBe(-1);
    // "-" (U+002D) sorts before "." (U+002E) and digits (U+0030...).
    expect(compareStrings('a-b', 'a.b')).toBe(-1);
    expect(compareStrings('a.b', 'a0')).toBe(-1);
    // "é" (U+00E9) sorts after every ASCII letter.
    expect(compareStrings('z', 'é')).toBe(-1);
  });

  test('a prefix sorts before the longer string; digits compare as characters, not numbers', () => {
    expect(compareStrings('abc', 'abcd')).toBe(-1);
    expect(compareStrings('10', '9')).toBe(-1);
  });

  test('sorting with it gives the same order as the default sort (code units), whatever the input order', () => {
    const words = ['beta', 'Alpha', 'alpha', '_x', 'a-b', 'a.b', 'a_b', 'Ω', 'é', '10', '9', ''];
    const expected = ['', '10', '9', 'Alpha', '_x', 'a-b', 'a.b', 'a_b', 'alpha', 'beta', 'é', 'Ω'];
    expect([...words].sort(compareStrings)).toEqual(expected);
    expect([...words].reverse().sort(compareStrings)).toEqual(expected);
  });
});

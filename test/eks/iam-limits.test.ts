import { iamSize, iamSizeFinding } from '../../src/eks/iam-limits';

const doc = (chars: number) => `{\n  "x": "${'a'.repeat(chars - 8)}"\n}`;

describe('iamSize and iamSizeFinding', () => {
  test('white space is not counted, as IAM does not count it', () => {
    expect(iamSize(' {\n\t"a" : 1 }\r\n')).toBe(7);
    expect(iamSize(doc(100))).toBe(100);
  });

  test.each([
    ['iam/trust-policy.json', 2048, {}],
    ['iam/trust-policy.json', 2049, 'warning'],
    ['iam/task-trust-policy-prod.json', 4096, 'warning'],
    ['iam/task-trust-policy.json', 4097, 'error'],
    ['iam/permissions-policy.json', 10240, {}],
    ['iam/secrets-manager-policy.json', 10241, 'error'],
    ['iam/pod-identity-association.json', 20000, {}],
  ])('%s of %d characters', (file, chars, expected) => {
    const finding = iamSizeFinding(file, doc(chars));
    if (typeof expected === 'string') expect(Object.keys(finding)).toEqual([expected]);
    else expect(finding).toEqual(expected);
  });
});

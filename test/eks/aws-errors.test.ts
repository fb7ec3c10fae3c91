import { ACCESS_DENIED, BAD_CREDENTIALS, EXPIRED, NETWORK, oneLine, THROTTLING, TLS } from '../../src/eks/aws-errors';

describe('AWS error classes', () => {
  test('each class holds the codes AWS and Node use, and none is in two classes', () => {
    expect(EXPIRED.has('ExpiredTokenException')).toBe(true);
    expect(BAD_CREDENTIALS.has('InvalidSignatureException')).toBe(true);
    expect(ACCESS_DENIED.has('AccessDeniedException')).toBe(true);
    expect(THROTTLING.has('ThrottlingException')).toBe(true);
    expect(NETWORK.has('ECONNREFUSED')).toBe(true);
    const all = [EXPIRED, BAD_CREDENTIALS, ACCESS_DENIED, THROTTLING, NETWORK].flatMap((s) => [...s]);
    expect(new Set(all).size).toBe(all.length);
  });

  test('TLS codes of Node are recognised, a plain network code is not', () => {
    expect(TLS.test('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toBe(true);
    expect(TLS.test('SELF_SIGNED_CERT_IN_CHAIN')).toBe(true);
    expect(TLS.test('ECONNRESET')).toBe(false);
  });

  test('oneLine keeps the first line, trimmed, at most 200 characters', () => {
    expect(oneLine('  first line \nsecond')).toBe('first line');
    expect(oneLine(undefined)).toBe('');
    const long = oneLine('x'.repeat(300));
    expect(long).toHaveLength(200);
    expect(long.endsWith('...')).toBe(true);
  });
});

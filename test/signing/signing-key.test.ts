/**
 * readSigningKey on keys made by the real gpg: what it accepts (RSA, armored or binary, unlocked
 * with the passphrase) and each refusal, one line with exit code 5 naming the key and the fix.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as openpgp from 'openpgp';
import { EXIT, UserError } from '../../src/errors';
import { readSigningKey } from '../../src/signing/signing-key';
import { disposeKeys, makeKey, TestKey } from './gpg';

let rsa: TestKey;
afterAll(disposeKeys);
beforeAll(() => {
  rsa = makeKey({ algorithm: 'rsa3072', userId: 'Release Signing <release@corp.example>' });
});

async function refusal(data: Buffer | string, options: Partial<Parameters<typeof readSigningKey>[1]> = {}): Promise<string> {
  try {
    await readSigningKey(Buffer.from(data), { source: '--key k.asc', ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(EXIT.SIGNING_KEY);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('expected the key to be refused');
}

describe('readSigningKey', () => {
  test('an RSA key made by gpg: its fingerprint as gpg prints it, user ID, size and expiry', async () => {
    const key = await readSigningKey(Buffer.from(rsa.secretArmored), { source: '--key k.asc' });
    expect(key.fingerprint).toBe(rsa.fingerprint);
    expect(key.userId).toBe('Release Signing <release@corp.example>');
    expect(key.algorithm).toBe('RSA 3072 bits');
    // gpg --quick-gen-key ... 1y: a year from now, give or take the test's own run time.
    const expiry = /^pub:[^:]*:[^:]*:[^:]*:[^:]*:[^:]*:([0-9]+):/m.exec(rsa.gpg(['--with-colons', '--list-keys']).stdout)![1];
    expect(key.expires?.getTime()).toBe(Number(expiry) * 1000);
  });

  test('the binary export is read as well as the armored one', async () => {
    const binary = rsa.gpg(['--pinentry-mode', 'loopback', '--passphrase', '', '--export-secret-keys', rsa.fingerprint]);
    const key = await readSigningKey(Buffer.from(binary.stdout, 'latin1'), { source: '--key k.gpg' });
    expect(key.fingerprint).toBe(rsa.fingerprint);
  });

  test('a passphrase-protected key: refused without the passphrase or with a wrong one, unlocked with it', async () => {
    const locked = makeKey({ passphrase: 'correct horse battery staple' });
    expect(await refusal(locked.secretArmored)).toBe(`--key k.asc: key ${locked.fingerprint} is protected by a passphrase; set ENTERPRISE_FLYTE_SIGNING_PASSPHRASE (never a flag: flags show in ps)`);
    expect(await refusal(locked.secretArmored, { passphrase: 'wrong' })).toBe(`--key k.asc: the passphrase in ENTERPRISE_FLYTE_SIGNING_PASSPHRASE does not unlock key ${locked.fingerprint}`);
    const key = await readSigningKey(Buffer.from(locked.secretArmored), { source: '--key k.asc', passphrase: 'correct horse battery staple' });
    expect(key.key.isDecrypted()).toBe(true);
  });

  test('the key the environment pins is accepted; any other is refused', async () => {
    expect((await readSigningKey(Buffer.from(rsa.secretArmored), { source: '--key k.asc', pinned: rsa.fingerprint })).fingerprint).toBe(rsa.fingerprint);
    const pinned = '0123456789ABCDEF0123456789ABCDEF01234567';
    expect(await refusal(rsa.secretArmored, { pinned })).toBe(
      `--key k.asc: key ${rsa.fingerprint} is not the key the environment pins (signing.keyFingerprint ${pinned}); sign with that key, or change the pin (docs/signing.md, "Rotating the key")`,
    );
  });

  test('a key of an algorithm Helm 3 cannot verify (Ed25519), or RSA under 2048 bits, is refused', async () => {
    const ed = makeKey({ algorithm: 'ed25519' });
    expect(await refusal(ed.secretArmored)).toBe(
      `--key k.asc: key ${ed.fingerprint}: its primary key is eddsaLegacy (ed25519Legacy); Helm 3 reads RSA keys only: expected RSA of at least 2048 bits in every part of the key (make one with: gpg --quick-gen-key NAME rsa3072 sign 2y)`,
    );
    const small = makeKey({ algorithm: 'rsa1024' });
    expect(await refusal(small.secretArmored)).toContain(`key ${small.fingerprint}: its primary key is rsaEncryptSign 1024 bits; Helm 3 reads RSA keys only`);
  });

  test('an RSA primary key with an elliptic-curve subkey is refused too (Helm 3.12 cannot load such a keyring: "invalid oid length")', async () => {
    const mixed = makeKey();
    const add = mixed.gpg(['--pinentry-mode', 'loopback', '--passphrase', '', '--quick-add-key', mixed.fingerprint, 'cv25519', 'encr', '1y']);
    expect(add.status).toBe(0);
    const armored = mixed.gpg(['--pinentry-mode', 'loopback', '--passphrase', '', '--armor', '--export-secret-keys', mixed.fingerprint]).stdout;
    expect(await refusal(armored)).toMatch(new RegExp(`key ${mixed.fingerprint}: its subkey [0-9A-F]{16} is ecdh \\(curve25519Legacy\\);`));
  });

  test('an expired key is refused with its expiry date', async () => {
    const old = makeKey({ createdAt: '20240101T000000', expire: '1d' });
    expect(await refusal(old.secretArmored)).toBe(
      `--key k.asc: key ${old.fingerprint} expired on 2024-01-02; extend it (gpg --quick-set-expire ${old.fingerprint} 1y) or sign with a new key`,
    );
  });

  test('a revoked key is refused', async () => {
    const revoked = makeKey();
    // gpg writes a revocation certificate for every new key, its armor line "escaped" with ":".
    const certificate = fs.readFileSync(path.join(revoked.home, 'openpgp-revocs.d', `${revoked.fingerprint}.rev`), 'utf8').replace(/^:-----BEGIN/m, '-----BEGIN');
    expect(revoked.gpg(['--import'], certificate).status).toBe(0);
    const armored = revoked.gpg(['--pinentry-mode', 'loopback', '--passphrase', '', '--armor', '--export-secret-keys', revoked.fingerprint]).stdout;
    expect(await refusal(armored)).toBe(`--key k.asc: key ${revoked.fingerprint} is revoked; sign with a new key (docs/signing.md, "Rotating the key")`);
  });

  test('a public key, a file of two keys, or no key at all is refused', async () => {
    const publicArmored = rsa.gpg(['--armor', '--export', rsa.fingerprint]).stdout;
    expect(await refusal(publicArmored)).toBe('--key k.asc: not an OpenPGP private key (an armored public key block); give the private key (gpg --armor --export-secret-keys FINGERPRINT)');
    expect(await refusal(fs.readFileSync(rsa.publicFile))).toMatch(/^--key k\.asc: not an OpenPGP private key \(.+\); give the private key/);
    const other = makeKey();
    const two = Buffer.concat([
      Buffer.from(rsa.gpg(['--pinentry-mode', 'loopback', '--passphrase', '', '--export-secret-keys', rsa.fingerprint]).stdout, 'latin1'),
      Buffer.from(other.gpg(['--pinentry-mode', 'loopback', '--passphrase', '', '--export-secret-keys', other.fingerprint]).stdout, 'latin1'),
    ]);
    expect(await refusal(two)).toBe('--key k.asc: holds 2 private keys; export exactly one (gpg --armor --export-secret-keys FINGERPRINT)');
    expect(await refusal('not a key at all\n')).toMatch(/^--key k\.asc: not an OpenPGP private key \(.+\); give the private key/);
  });

  test('a version 6 key (RFC 9580, which Helm cannot read) is refused', async () => {
    const { privateKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'v6' }], format: 'armored', config: { v6Keys: true } });
    expect(await refusal(privateKey)).toMatch(/^--key k\.asc: key [0-9A-F]{64} is an OpenPGP version 6 key; Helm reads version 4 keys only/);
  });
});

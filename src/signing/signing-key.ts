import * as openpgp from 'openpgp';
import { EXIT, UserError } from '../errors';

/**
 * Smallest RSA modulus accepted. Helm checks provenance with Go OpenPGP code that reads RSA, DSA
 * and ECDSA keys only (Helm 3.12: golang.org/x/crypto/openpgp; later releases and Helm 4:
 * github.com/ProtonMail/go-crypto/openpgp, which also reads EdDSA): RSA is the one both read and
 * GnuPG makes by default for signing-only keys on request.
 */
export const MIN_RSA_BITS = 2048;

/** An unlocked OpenPGP private key, checked fit to sign bundles that Helm and gpg verify. */
export interface SigningKey {
  readonly key: openpgp.PrivateKey;
  /** Fingerprint of the primary key: 40 uppercase hex digits (what `gpg --fingerprint` shows, without spaces). */
  readonly fingerprint: string;
  /** The primary User ID, for messages. */
  readonly userId: string;
  /** Algorithm and size, for messages ("RSA 3072 bits"). */
  readonly algorithm: string;
  /** When the key expires; undefined when it does not. */
  readonly expires?: Date;
}

export interface ReadKeyOptions {
  /** Where the key came from, for messages ("--key key.asc", "--key - (standard input)"). */
  readonly source: string;
  /**
   * Passphrase of a protected key.
   * @default - none: a protected key is refused
   */
  readonly passphrase?: string;
  /**
   * The fingerprint the environment pins: any other key is refused.
   * @default - none: any fit key signs
   */
  readonly pinned?: string;
  /** @default - the current time */
  readonly now?: Date;
}

const fail = (message: string): never => {
  throw new UserError(message, EXIT.SIGNING_KEY);
};

/** Reads exactly one private key (ASCII-armored or binary) and checks it can sign for Helm and gpg. */
export async function readSigningKey(data: Buffer, options: ReadKeyOptions): Promise<SigningKey> {
  const what = options.source;
  const keys = await parseKeys(data, what);
  if (keys.length !== 1) fail(`${what}: holds ${keys.length} private keys; export exactly one (gpg --armor --export-secret-keys FINGERPRINT)`);
  let key = keys[0];
  const fingerprint = key.getFingerprint().toUpperCase();
  if (options.pinned !== undefined && fingerprint !== options.pinned) {
    fail(`${what}: key ${fingerprint} is not the key the environment pins (signing.keyFingerprint ${options.pinned}); sign with that key, or change the pin (docs/signing.md, "Rotating the key")`);
  }
  if (key.keyPacket.version !== 4) fail(`${what}: key ${fingerprint} is an OpenPGP version ${key.keyPacket.version} key; Helm reads version 4 keys only (make one with: gpg --quick-gen-key NAME rsa3072 sign 2y)`);
  for (const k of key.getKeys()) {
    const info = k.getAlgorithmInfo();
    if (!String(info.algorithm).startsWith('rsa') || (info.bits ?? 0) < MIN_RSA_BITS) {
      const shown = info.bits ? `${info.algorithm} ${info.bits} bits` : `${info.algorithm}${info.curve ? ` (${info.curve})` : ''}`;
      fail(`${what}: key ${fingerprint}: its ${k === key ? 'primary key' : `subkey ${k.getKeyID().toHex().toUpperCase()}`} is ${shown}; Helm 3 reads RSA keys only: expected RSA of at least ${MIN_RSA_BITS} bits in every part of the key (make one with: gpg --quick-gen-key NAME rsa3072 sign 2y)`);
    }
  }
  if (!key.isDecrypted()) key = await unlock(key, fingerprint, options);
  const now = options.now ?? new Date();
  if (await key.isRevoked(undefined, undefined, now)) fail(`${what}: key ${fingerprint} is revoked; sign with a new key (docs/signing.md, "Rotating the key")`);
  const expiry = await key.getExpirationTime();
  if (expiry instanceof Date && expiry.getTime() <= now.getTime()) {
    fail(`${what}: key ${fingerprint} expired on ${expiry.toISOString().slice(0, 10)}; extend it (gpg --quick-set-expire ${fingerprint} 1y) or sign with a new key`);
  }
  try {
    await key.getSigningKey(undefined, now);
  } catch (e) {
    fail(`${what}: key ${fingerprint} has no valid signing key (${(e as Error).message.split('\n')[0]})`);
  }
  const primary = await key.getPrimaryUser(now).catch(() => undefined);
  const info = key.getAlgorithmInfo();
  return {
    key,
    fingerprint,
    userId: primary?.user.userID?.userID ?? key.getUserIDs()[0] ?? '',
    algorithm: `RSA ${info.bits} bits`,
    expires: expiry instanceof Date ? expiry : undefined,
  };
}

async function parseKeys(data: Buffer, what: string): Promise<openpgp.PrivateKey[]> {
  const text = data.toString('latin1');
  const armored = text.trimStart().startsWith('-----BEGIN PGP');
  if (armored && !/^-----BEGIN PGP PRIVATE KEY BLOCK-----/m.test(text)) {
    fail(`${what}: not an OpenPGP private key (an armored ${/-----BEGIN PGP ([A-Z ]+)-----/.exec(text)?.[1]?.toLowerCase() ?? 'block'}); give the private key (gpg --armor --export-secret-keys FINGERPRINT)`);
  }
  try {
    return armored ? await openpgp.readPrivateKeys({ armoredKeys: text }) : await openpgp.readPrivateKeys({ binaryKeys: new Uint8Array(data) });
  } catch (e) {
    return fail(`${what}: not an OpenPGP private key (${(e as Error).message.split('\n')[0]}); give the private key (gpg --armor --export-secret-keys FINGERPRINT)`);
  }
}

async function unlock(key: openpgp.PrivateKey, fingerprint: string, options: ReadKeyOptions): Promise<openpgp.PrivateKey> {
  if (options.passphrase === undefined || options.passphrase === '') {
    fail(`${options.source}: key ${fingerprint} is protected by a passphrase; set ENTERPRISE_FLYTE_SIGNING_PASSPHRASE (never a flag: flags show in ps)`);
  }
  try {
    return await openpgp.decryptKey({ privateKey: key, passphrase: options.passphrase });
  } catch {
    return fail(`${options.source}: the passphrase in ENTERPRISE_FLYTE_SIGNING_PASSPHRASE does not unlock key ${fingerprint}`);
  }
}

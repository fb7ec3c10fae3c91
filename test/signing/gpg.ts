/**
 * OpenPGP keys made at test time by the real GnuPG (gpg 2.2), as an operator makes them
 * (docs/signing.md): nothing secret is stored in the repository. Each key lives in a throw-away
 * GnuPG home; `dispose()` stops that home's gpg-agent (which gpg started for the secret key) and
 * removes it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface TestKey {
  readonly fingerprint: string;
  /** ASCII-armored private key, as `gpg --armor --export-secret-keys` writes it. */
  readonly secretArmored: string;
  /** Binary public key, as `gpg --export` writes it: what deploy.sh --verify-key and helm --keyring take. */
  readonly publicFile: string;
  /** The GnuPG home that holds the key. */
  readonly home: string;
  /** Runs gpg in the key's home. */
  gpg(args: string[], input?: string | Buffer): { status: number; stdout: string; stderr: string };
}

export interface KeyOptions {
  /** `gpg --quick-gen-key` algorithm. @default 'rsa2048' */
  readonly algorithm?: string;
  /** Expiry (`1y`, `1d`, `never`). @default '1y' */
  readonly expire?: string;
  /** Passphrase protecting the secret key. @default - none */
  readonly passphrase?: string;
  /** `--faked-system-time` of the key's creation, for keys that have expired by now. @default - now */
  readonly createdAt?: string;
  /** User ID. @default 'Test Signer <signer@example.com>' */
  readonly userId?: string;
}

const homes: string[] = [];

function run(home: string, args: string[], input?: string | Buffer) {
  const r = spawnSync('gpg', ['--homedir', home, '--batch', '--no-tty', ...args], { input: typeof input === 'string' ? Buffer.from(input) : input });
  if (r.error) throw new Error(`gpg could not run (${r.error.message}); install GnuPG: apt-get install gnupg`);
  return { status: r.status ?? -1, stdout: r.stdout.toString('latin1'), stderr: r.stderr.toString() };
}

function must(home: string, args: string[], input?: string | Buffer): string {
  const r = run(home, args, input);
  if (r.status !== 0) throw new Error(`gpg ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** A fresh key pair made by the real gpg. */
export function makeKey(options: KeyOptions = {}): TestKey {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-gpg-'));
  homes.push(home);
  fs.chmodSync(home, 0o700);
  // The agent's calibrated key protection takes OpenPGP.js seconds to undo; the least count GnuPG allows keeps tests quick.
  if (options.passphrase) fs.writeFileSync(path.join(home, 'gpg-agent.conf'), 's2k-count 65536\n');
  const secret = ['--pinentry-mode', 'loopback', '--passphrase', options.passphrase ?? ''];
  const faked = options.createdAt ? ['--faked-system-time', options.createdAt] : [];
  must(home, [...secret, ...faked, '--quick-gen-key', options.userId ?? 'Test Signer <signer@example.com>', options.algorithm ?? 'rsa2048', 'sign', options.expire ?? '1y']);
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(must(home, ['--with-colons', '--list-keys']))![1];
  const secretArmored = must(home, [...secret, '--armor', '--export-secret-keys', fingerprint]);
  const publicFile = path.join(home, 'public.gpg');
  fs.writeFileSync(publicFile, Buffer.from(must(home, ['--export', fingerprint]), 'latin1'));
  return { fingerprint, secretArmored, publicFile, home, gpg: (args, input) => run(home, args, input) };
}

/** Stops the gpg-agent of every home made here (the one gpg started) and removes the homes. */
export function disposeKeys(): void {
  for (const home of homes.splice(0)) {
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

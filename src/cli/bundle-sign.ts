import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { bundleArchivePath, bundleFolder } from '../bundle/bundle';
import { listEnvironments, loadEnvironment } from '../config/load';
import { EXIT, UserError } from '../errors';
import { readBundle, signBundle, SUMS_SIGNATURE } from '../signing/signed-bundle';
import { readSigningKey } from '../signing/signing-key';
import { VERSION } from '../version';
import { parseFlags } from './flags';
import type { Io } from './io';

/** Variable that holds the passphrase of a protected signing key (never a flag: `ps` shows flags). */
export const PASSPHRASE_VARIABLE = 'ENTERPRISE_FLYTE_SIGNING_PASSPHRASE';

/** Largest key file read: an OpenPGP key is a few kilobytes. */
const MAX_KEY_BYTES = 1024 * 1024;

/**
 * `enterprise-flyte bundle sign --env NAME --key FILE|- [--out DIR]`: checks dist/<env>/bundle/'s
 * archive against its SHA256SUMS, signs SHA256SUMS (SHA256SUMS.asc) and writes the chart's Helm
 * provenance file (chart/<chart>.tgz.prov), and writes the archive with both added to DIR
 * (default `signed/`), never into dist/. The private key is read from the file or standard input
 * and kept in memory only.
 */
export async function bundleSignCommand(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags('bundle sign', argv, { env: { type: 'string' }, key: { type: 'string' }, out: { type: 'string' } });
  if (flags.env === undefined) throw new UserError(`bundle sign: --env is required; expected one of: ${listEnvironments(io.cwd).join(', ')}`);
  if (flags.key === undefined) throw new UserError('bundle sign: --key is required: a file holding the OpenPGP private key, or "-" to read it from standard input');
  const out = path.resolve(io.cwd, flags.out ?? 'signed');
  const dist = path.resolve(io.cwd, 'dist');
  if (out === dist || out.startsWith(`${dist}${path.sep}`)) {
    throw new UserError(`bundle sign: --out ${JSON.stringify(flags.out ?? '')} is inside dist/; expected a folder outside it (dist/ is committed and rebuilt by synth; signatures are made outside Git)`);
  }
  const say = (message: string) => io.stdout.write(`bundle sign: ${message}\n`);
  const env = loadEnvironment(io.cwd, flags.env);
  say(`environment ${env.name} (${env.file})`);

  const pinned = env.spec.signing?.keyFingerprint;
  const source = flags.key === '-' ? '--key - (standard input)' : `--key ${flags.key}`;
  const key = await readSigningKey(await readKey(flags.key, io), { source, pinned, passphrase: (io.env ?? process.env)[PASSPHRASE_VARIABLE] });
  const expires = key.expires ? `expires ${key.expires.toISOString().slice(0, 10)}` : 'does not expire';
  say(`key ${key.fingerprint} (${key.userId}), ${key.algorithm}, ${expires}${pinned ? ', the key the environment pins' : ''}`);

  const archivePath = bundleArchivePath(env.name, VERSION);
  const archiveFile = path.join(io.cwd, 'dist', env.name, archivePath);
  if (!fs.existsSync(archiveFile)) {
    throw new UserError(`bundle sign: dist/${env.name}/${archivePath} not found; build it first (npm run synth, or npx enterprise-flyte bundle --env ${env.name})`, EXIT.BUNDLE);
  }
  const bundle = await readBundle(fs.readFileSync(archiveFile), `dist/${env.name}/${archivePath}`);
  // A bundle built before the pin changed would be refused at the site: its deploy.sh pins another key.
  const script = bundle.files.find((f) => f.path === 'deploy.sh')?.content.toString() ?? '';
  const bundlePin = /^readonly PINNED_FINGERPRINT=([0-9A-F]{40})$/m.exec(script)?.[1];
  if (bundlePin !== pinned) {
    throw new UserError(`bundle sign: dist/${env.name}/${archivePath} was built for ${bundlePin ? `key ${bundlePin}` : 'no pinned key'}, but ${env.file} pins ${pinned ? `key ${pinned}` : 'none'}; rebuild it (npm run synth) and sign again`, EXIT.BUNDLE);
  }
  say(`checked dist/${env.name}/${archivePath}: ${bundle.files.length - 1} files match SHA256SUMS`);
  const signed = await signBundle(bundle, key);
  say(`${SUMS_SIGNATURE}: signature over SHA256SUMS`);
  say(`${signed.provenancePath}: Helm provenance of the chart`);

  const target = path.join(out, `${bundleFolder(env.name, VERSION)}.tar.gz`);
  fs.mkdirSync(out, { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, signed.archive, { mode: 0o644 });
  fs.renameSync(tmp, target);
  say(`wrote ${path.relative(io.cwd, target) || target} (${signed.archive.length} bytes, sha256 ${createHash('sha256').update(signed.archive).digest('hex')})`);
  return 0;
}

/** The key's bytes from a file or, for "-", from standard input (never from a terminal: that would wait forever). */
async function readKey(file: string, io: Io): Promise<Buffer> {
  if (file !== '-') {
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile()) throw new Error('not a regular file');
      if (stat.size > MAX_KEY_BYTES) throw new Error(`${stat.size} bytes; a key is a few kilobytes`);
      return fs.readFileSync(file);
    } catch (e) {
      throw new UserError(`--key ${file}: cannot read the key (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, EXIT.SIGNING_KEY);
    }
  }
  const stdin = io.stdin as (NodeJS.ReadableStream & { isTTY?: boolean }) | undefined;
  if (!stdin || stdin.isTTY) throw new UserError('--key -: standard input is a terminal; pipe the key in (for example: --key - <key.asc)', EXIT.SIGNING_KEY);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_KEY_BYTES) throw new UserError(`--key -: more than ${MAX_KEY_BYTES} bytes on standard input; a key is a few kilobytes`, EXIT.SIGNING_KEY);
    chunks.push(Buffer.from(chunk as Buffer));
  }
  return Buffer.concat(chunks);
}

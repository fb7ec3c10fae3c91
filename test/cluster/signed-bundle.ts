/**
 * The `enterprise` bundle signed with a key made at test time. The committed environment pins its
 * operators' key (a placeholder here); the tests build the same environment in a throw-away copy of
 * the project with the test key's fingerprint pinned instead, check that the bundle differs from
 * dist/enterprise's in that fingerprint alone, and sign it with `bundle sign`, as CI would.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { bundleCommand } from '../../src/cli/bundle';
import { bundleSignCommand } from '../../src/cli/bundle-sign';
import { readBundle, signBundle } from '../../src/signing/signed-bundle';
import { readSigningKey } from '../../src/signing/signing-key';
import { VERSION } from '../../src/version';
import { ROOT } from '../helpers';

export const FOLDER = `enterprise-flyte-enterprise-${VERSION}`;

const made: string[] = [];

/** Removes every folder made here; call it from afterAll. */
export function removeMade(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

const quiet = (cwd: string, stdin?: NodeJS.ReadableStream) => ({ cwd, stdout: { write: () => true }, stderr: { write: () => true }, env: {}, stdin });

/** Every file under `dir`, relative path to content. */
function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    if (fs.statSync(path.join(dir, rel)).isFile()) out.set(rel, fs.readFileSync(path.join(dir, rel)).toString('latin1'));
  }
  return out;
}

/** Unpacks `archive` into a fresh folder; returns the bundle folder. */
export function unpack(archive: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-signed-bundle-'));
  made.push(dir);
  execFileSync('tar', ['-xzf', archive, '-C', dir]);
  return path.join(dir, FOLDER);
}

/**
 * A project whose `enterprise` environment pins `fingerprint`, its bundle built by `bundle --env`.
 * Throws unless each file of that bundle equals dist/enterprise's once the fingerprint is put back.
 */
export async function pinnedProject(fingerprint: string): Promise<string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-pinned-'));
  made.push(root);
  fs.cpSync(path.join(ROOT, 'config'), path.join(root, 'config'), { recursive: true });
  const envFile = path.join(root, 'config', 'environments', 'enterprise.yaml');
  const text = fs.readFileSync(envFile, 'utf8');
  const committed = /^ {2}keyFingerprint: ([0-9A-F]{40})$/m.exec(text)![1];
  fs.writeFileSync(envFile, text.replace(`keyFingerprint: ${committed}`, `keyFingerprint: ${fingerprint}`));
  if ((await bundleCommand(['--env', 'enterprise'], quiet(root))) !== 0) throw new Error('bundle --env enterprise failed');

  const archive = (r: string) => path.join(r, 'dist', 'enterprise', 'bundle', `${FOLDER}.tar.gz`);
  const ours = files(unpack(archive(root)));
  const theirs = files(unpack(archive(ROOT)));
  const differ = [...theirs.keys()].filter((f) => f !== 'SHA256SUMS' && ours.get(f)?.split(fingerprint).join(committed) !== theirs.get(f));
  if (differ.length > 0 || ours.size !== theirs.size) throw new Error(`the pinned bundle differs from dist/enterprise's in more than the fingerprint: ${differ.join(', ')}`);
  return root;
}

/** Signs the project's enterprise bundle with `bundle sign --key -`; returns the signed archive. */
export async function signedArchive(root: string, secretArmored: string): Promise<string> {
  const code = await bundleSignCommand(['--env', 'enterprise', '--key', '-'], quiet(root, Readable.from([Buffer.from(secretArmored)])));
  if (code !== 0) throw new Error(`bundle sign failed (${code})`);
  return path.join(root, 'signed', `${FOLDER}.tar.gz`);
}

/**
 * The project's enterprise bundle signed by any key, without `bundle sign`'s pin check: what
 * someone who re-signs a bundle with their own key makes. Returns the archive's path.
 */
export async function resignedArchive(root: string, secretArmored: string): Promise<string> {
  const bundle = await readBundle(fs.readFileSync(path.join(root, 'dist', 'enterprise', 'bundle', `${FOLDER}.tar.gz`)), 'bundle');
  const signed = await signBundle(bundle, await readSigningKey(Buffer.from(secretArmored), { source: 'other key' }));
  const file = path.join(root, `resigned-${FOLDER}.tar.gz`);
  fs.writeFileSync(file, signed.archive);
  return file;
}

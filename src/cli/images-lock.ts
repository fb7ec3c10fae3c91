import * as fs from 'fs';
import * as path from 'path';
import { listEnvironments, loadEnvironment } from '../config/load';
import { matches, REGISTRY_HOST } from '../config/formats';
import { UserError } from '../errors';
import { credentialsFromAuthFiles } from '../images/credentials';
import { DigestLock, formatLock, LOCK_FILE, readLock } from '../images/lock';
import type { ImageReference } from '../images/reference';
import { RegistryClient } from '../images/registry-client';
import { compareStrings } from '../synth/compare';
import { buildEnvironment } from '../synth/model';
import { parseFlags } from './flags';
import type { Io } from './io';

/**
 * `enterprise-flyte images lock [--env NAME] [--insecure-registry HOST[:PORT]]...`: asks the
 * source registries for the digest of every source image and writes config/images.lock.json.
 * Without --env the lock is rewritten with exactly the images of every environment; with
 * --env the other entries are kept. Nothing is written unless every image resolved.
 */
export async function imagesLockCommand(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags('images lock', argv, {
    env: { type: 'string' },
    'insecure-registry': { type: 'string', multiple: true },
  });
  const insecure = flags['insecure-registry'] ?? [];
  for (const host of insecure) {
    if (!matches(REGISTRY_HOST, host)) {
      throw new UserError(`images lock: --insecure-registry ${JSON.stringify(host)} is not allowed; expected ${REGISTRY_HOST.allowed}`);
    }
  }
  const root = io.cwd;
  const current = readLock(root);
  const names = flags.env !== undefined ? [flags.env] : listEnvironments(root);

  // Every source reference that a tag names; a reference with a digest is pinned already.
  const sources = new Map<string, ImageReference>();
  const pinned = new Set<string>();
  for (const name of names) {
    const env = loadEnvironment(root, name);
    let images;
    try {
      images = buildEnvironment(env, { root, lock: {}, warn: () => undefined }).chart.flyte.images;
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`${env.file}: ${(e as Error).message}`);
    }
    for (const { source } of images) {
      if (source.digest !== undefined) pinned.add(source.toString());
      else sources.set(source.toString(), source);
    }
  }

  const env = io.env ?? process.env;
  const client = new RegistryClient({ insecureRegistries: insecure, credentials: credentialsFromAuthFiles(env) });
  const resolved: Record<string, string> = {};
  const lines: string[] = [];
  for (const key of [...sources.keys()].sort(compareStrings)) {
    const digest = await client.resolveDigest(sources.get(key)!);
    resolved[key] = digest;
    const before = current[key];
    const status = before === undefined ? 'new' : before === digest ? 'unchanged' : `changed from ${before}`;
    lines.push(`${key} ${digest} (${status})\n`);
  }
  for (const key of [...pinned].sort(compareStrings)) lines.push(`${key} (pinned in the environment file)\n`);

  const next: DigestLock = flags.env !== undefined ? { ...current, ...resolved } : resolved;
  writeAtomically(path.join(root, LOCK_FILE), formatLock(next));
  for (const line of lines) io.stdout.write(line);
  const dropped = Object.keys(current).filter((k) => !(k in next)).length;
  io.stdout.write(
    `wrote ${LOCK_FILE} (${Object.keys(next).length} image${Object.keys(next).length === 1 ? '' : 's'}${dropped > 0 ? `, ${dropped} no longer used removed` : ''}); run "npx enterprise-flyte synth" to reference them by digest\n`,
  );
  return 0;
}

/** Writes a sibling temporary file and renames it over `file`: readers see old or new, never half. */
function writeAtomically(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new UserError(`${LOCK_FILE}: cannot write (${(e as Error).message}); check the permissions of config/`);
  }
}

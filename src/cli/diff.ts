import { spawnSync } from 'child_process';
import * as path from 'path';
import * as tar from 'tar-stream';
import { UserError } from '../errors';
import { diffTrees } from '../synth/diff';
import { readTree } from '../synth/output-dir';
import { generateAll } from '../synth/parallel';
import { parseFlags } from './flags';
import type { Io } from './io';
import { threading } from './threads';

/** Exit code of `diff` when it found differences (0: none). */
export const DIFF_FOUND = 4;

/**
 * `enterprise-flyte diff [--ref REF]`: what the environment files, as they are now, change in
 * dist/: against the dist/ folder as it is (the committed one until the next synth), or against
 * dist/ at a git ref. Writes nothing.
 */
export async function diffCommand(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags('diff', argv, { ref: { type: 'string' } });
  const fresh = new Map((await generateAll(io.cwd, threading(io))).files.map((f) => [f.path, Buffer.from(f.content)]));
  const base = flags.ref === undefined ? readTree(path.join(io.cwd, 'dist')) : await distAtRef(io.cwd, flags.ref);
  const against = flags.ref === undefined ? 'dist/' : `dist/ at ${flags.ref}`;
  const lines = diffTrees(base, fresh);
  if (lines.length === 0) {
    io.stdout.write(`diff: no changes against ${against}\n`);
    return 0;
  }
  const changed = lines.filter((l) => l.startsWith('dist/')).length;
  io.stdout.write(`${lines.join('\n')}\ndiff: ${changed} environment${changed > 1 ? 's' : ''} change against ${against} (+ added, - removed, ~ changed)\n`);
  return DIFF_FOUND;
}

/** The files of dist/ at a git ref (`git archive`), paths relative to dist/. */
async function distAtRef(cwd: string, ref: string): Promise<Map<string, Buffer>> {
  if (ref.startsWith('-')) throw new UserError(`diff: --ref ${JSON.stringify(ref)} is not allowed; expected a git commit, branch or tag`);
  const r = spawnSync('git', ['archive', '--format=tar', `${ref}:dist`], { cwd, maxBuffer: 1 << 30 });
  if (r.error) throw new UserError(`diff: --ref needs git: ${r.error.message}`);
  if (r.status !== 0) {
    const why = r.stderr.toString().trim().split('\n')[0] || `git archive exited with ${r.status}`;
    throw new UserError(`diff: --ref ${JSON.stringify(ref)}: no dist/ at that ref in this repository (${why})`);
  }
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      if (header.type === 'file') files.set(header.name, Buffer.concat(chunks));
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
    extract.end(r.stdout);
  });
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

import * as path from 'path';
import { UserError } from '../errors';
import { readTree } from '../synth/output-dir';
import { generate } from '../synth/synth';
import { parseFlags } from './flags';
import type { Io } from './run';

/**
 * `enterprise-flyte check`: synthesises in memory and compares with the committed dist/, so a
 * hand edit or a forgotten re-synth cannot go unnoticed.
 */
export async function checkCommand(argv: string[], io: Io): Promise<number> {
  parseFlags('check', argv, {});
  const fresh = new Map((await generate(io.cwd)).files.map((f) => [f.path, Buffer.from(f.content)]));
  const committed = readTree(path.join(io.cwd, 'dist'));
  const differ: string[] = [];
  for (const [p, content] of fresh) {
    const old = committed.get(p);
    if (old === undefined) differ.push(`missing  dist/${p}`);
    else if (!old.equals(content)) differ.push(`changed  dist/${p}`);
  }
  for (const p of committed.keys()) if (!fresh.has(p)) differ.push(`extra    dist/${p}`);
  if (differ.length > 0) {
    io.stderr.write(`${differ.sort((a, b) => (a.slice(9) < b.slice(9) ? -1 : 1)).map((d) => `  ${d}`).join('\n')}\n`);
    throw new UserError(`check: dist/ differs from a fresh synth in ${differ.length} file${differ.length > 1 ? 's' : ''} (listed above); run "npx cdk8s synth" (or "npm run synth") and commit dist/`);
  }
  io.stdout.write(`check: dist/ matches a fresh synth (${fresh.size} files)\n`);
  return 0;
}

import * as path from 'path';
import { UserError } from '../errors';
import { printable } from '../printable';
import { readTreeWithModes } from '../synth/output-dir';
import { generateAll } from '../synth/parallel';
import { parseFlags } from './flags';
import type { Io } from './io';
import { threading } from './threads';

/**
 * `enterprise-flyte check`: synthesises in memory and compares with the committed dist/, so a
 * hand edit or a forgotten re-synth cannot go unnoticed.
 */
export async function checkCommand(argv: string[], io: Io): Promise<number> {
  parseFlags('check', argv, {});
  const fresh = new Map((await generateAll(io.cwd, threading(io))).files.map((f) => [f.path, { content: Buffer.from(f.content), mode: f.mode ?? 0o644 }]));
  const committed = readTreeWithModes(path.join(io.cwd, 'dist'));
  const differ: string[] = [];
  for (const [p, file] of fresh) {
    const old = committed.get(p);
    if (old === undefined) differ.push(`missing  dist/${p}`);
    else if (old.kind === 'symlink') differ.push(`type     dist/${p} (a symbolic link to ${JSON.stringify(old.content.toString())}, expected a file)`);
    else if (old.kind === 'other') differ.push(`type     dist/${p} (neither a file nor a folder, expected a file)`);
    else if (!old.content.equals(file.content)) differ.push(`changed  dist/${p}`);
    // Git keeps only the owner's executable bit (other bits follow the umask): a script that
    // lost it no longer runs, and a data file that gained it is a mistake.
    else if ((old.mode & 0o100) !== (file.mode & 0o100)) differ.push(`mode     dist/${p} (${modeText(old.mode)}, expected ${modeText(file.mode)})`);
  }
  for (const p of committed.keys()) if (!fresh.has(p)) differ.push(`extra    dist/${p}`);
  if (differ.length > 0) {
    io.stderr.write(`${differ.sort((a, b) => (a.slice(9) < b.slice(9) ? -1 : 1)).map((d) => `  ${printable(d)}`).join('\n')}\n`);
    throw new UserError(`check: dist/ differs from a fresh synth in ${differ.length} file${differ.length > 1 ? 's' : ''} (listed above); run "npx cdk8s synth" (or "npm run synth") and commit dist/`);
  }
  io.stdout.write(`check: dist/ matches a fresh synth (${fresh.size} files)\n`);
  return 0;
}

const modeText = (mode: number) => `0${(mode & 0o777).toString(8)}`;

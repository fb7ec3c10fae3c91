import { synth } from '../synth/synth';
import { parseFlags } from './flags';
import type { Io } from './run';

/** `enterprise-flyte synth`: every environment into dist/. */
export async function synthCommand(argv: string[], io: Io): Promise<number> {
  parseFlags('synth', argv, {});
  const result = await synth({ root: io.cwd });
  for (const w of result.warnings) io.stderr.write(`enterprise-flyte: warning: ${w}\n`);
  io.stdout.write(`synthesised ${result.models.map((m) => m.env.name).join(', ')} into dist/ (${result.files.length} files)\n`);
  return 0;
}

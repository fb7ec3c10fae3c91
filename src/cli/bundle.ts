import { printable } from '../printable';
import * as path from 'path';
import { listEnvironments, loadEnvironment } from '../config/load';
import { UserError } from '../errors';
import { replaceDirectory } from '../synth/output-dir';
import { withOutputLock } from '../synth/output-lock';
import { generate } from '../synth/generate';
import { parseFlags } from './flags';
import type { Io } from './io';

export interface BundleCommandDeps {
  /** Builds environments' files in memory. @default generate */
  readonly generate: typeof generate;
}

/**
 * `enterprise-flyte bundle --env <env>`: generates the environment again and replaces
 * dist/<env>/bundle/ with its offline bundle, printing one line per step.
 */
export async function bundleCommand(argv: string[], io: Io, deps: BundleCommandDeps = { generate }): Promise<number> {
  const flags = parseFlags('bundle', argv, { env: { type: 'string' } });
  if (flags.env === undefined) {
    throw new UserError(`bundle: --env is required; expected one of: ${listEnvironments(io.cwd).join(', ')}`);
  }
  const say = (message: string) => io.stdout.write(`bundle: ${message}\n`);
  const env = loadEnvironment(io.cwd, flags.env);
  say(`environment ${env.name} (${env.file})`);

  const result = await deps.generate(io.cwd, { envs: [env.name], onBundleStep: say });
  for (const w of result.warnings) io.stderr.write(`enterprise-flyte: warning: ${printable(w)}\n`);
  const prefix = `${env.name}/bundle/`;
  const archives = result.files.filter((f) => f.path.startsWith(prefix)).map((f) => ({ ...f, path: f.path.slice(prefix.length) }));
  // dist/ as a whole is what a synth swaps: take its lock, not one of the bundle folder.
  await withOutputLock(path.join(io.cwd, 'dist'), async () => replaceDirectory(path.join(io.cwd, 'dist', env.name, 'bundle'), archives), {
    onWait: (m) => io.stderr.write(`enterprise-flyte: ${printable(m)}\n`),
  });
  for (const a of archives) say(`wrote dist/${env.name}/bundle/${a.path}`);
  return 0;
}

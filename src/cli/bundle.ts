import * as path from 'path';
import { bundleFiles } from '../bundle/bundle';
import { listEnvironments, loadEnvironment } from '../config/load';
import { UserError } from '../errors';
import { replaceDirectory } from '../synth/output-dir';
import { generate, SynthResult } from '../synth/synth';
import { parseFlags } from './flags';
import type { Io } from './run';

export interface BundleCommandDeps {
  /** Builds every environment's files in memory. @default generate */
  readonly generate: (root: string) => Promise<SynthResult>;
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

  const result = await deps.generate(io.cwd);
  for (const w of result.warnings) io.stderr.write(`enterprise-flyte: warning: ${w}\n`);
  const model = result.models.find((m) => m.env.name === env.name);
  if (!model) throw new Error(`generate() returned no model for environment ${env.name}`);
  const prefix = `${env.name}/`;
  const envFiles = result.files.filter((f) => f.path.startsWith(prefix)).map((f) => ({ ...f, path: f.path.slice(prefix.length) }));
  say(`generated dist/${env.name}/: ${envFiles.length} files`);

  const files = await bundleFiles(model, envFiles, { onStep: say });
  const archives = files
    .filter((f) => f.path.startsWith('bundle/'))
    .map((f) => ({ ...f, path: f.path.slice('bundle/'.length) }));
  const target = path.join(io.cwd, 'dist', env.name, 'bundle');
  replaceDirectory(target, archives);
  for (const a of archives) say(`wrote dist/${env.name}/bundle/${a.path}`);
  return 0;
}

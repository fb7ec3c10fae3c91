import { listEnvironments, loadEnvironment } from '../config/load';
import { UserError } from '../errors';
import { DigestLock, readLock } from '../images/lock';
import { enforcePolicy } from '../policy/environment-policy';
import { scanOutput } from '../policy/output-scan';
import { environmentFiles } from './environment';
import { buildEnvironment, EnvironmentModel, SynthContext } from './model';
import type { OutputFile } from './output-dir';

export interface GenerateOptions {
  /**
   * Only these environments.
   * @default - every environment in config/environments/
   */
  readonly envs?: readonly string[];
  /**
   * Called with one line per step of building each offline bundle.
   * @default - silent
   */
  readonly onBundleStep?: (message: string) => void;
  /**
   * The digest lock, when the caller read it already.
   * @default - read from config/images.lock.json
   */
  readonly lock?: DigestLock;
}

export interface SynthResult {
  readonly models: EnvironmentModel[];
  /** Files of `dist/`, paths relative to it. */
  readonly files: OutputFile[];
  readonly warnings: string[];
}

/** Builds the environments and returns the files of `dist/`, without writing anything. */
export async function generate(root: string, options: GenerateOptions = {}): Promise<SynthResult> {
  const warnings: string[] = [];
  const ctx: SynthContext = { root, lock: options.lock ?? readLock(root), warn: (m) => warnings.push(m), onBundleStep: options.onBundleStep };
  const models: EnvironmentModel[] = [];
  const files: OutputFile[] = [];
  for (const name of options.envs ?? listEnvironments(root, true)) {
    const env = loadEnvironment(root, name);
    try {
      const model = buildEnvironment(env, ctx);
      const envFiles = await environmentFiles(model, ctx);
      // The objects' rules and the scan of every file written: nothing is written on a violation.
      enforcePolicy(model, ctx.warn, await scanOutput(envFiles));
      models.push(model);
      for (const f of envFiles) files.push({ ...f, path: `${name}/${f.path}` });
    } catch (e) {
      if (e instanceof UserError) throw e;
      // Construct validation errors are one line already; name the file they came from.
      throw new UserError(`${env.file}: ${(e as Error).message}`);
    }
  }
  return { models, files, warnings };
}

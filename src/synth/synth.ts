import * as path from 'path';
import { replaceDirectory } from './output-dir';
import { GenerateAllOptions, generateAll, GeneratedFiles } from './parallel';

export interface SynthOptions extends GenerateAllOptions {
  /** Project root (holds `config/`). */
  readonly root: string;
  /** @default '<root>/dist' */
  readonly outdir?: string;
}

/** Synthesises every environment into `dist/`, replacing it only when everything succeeded. */
export async function synth(options: SynthOptions): Promise<GeneratedFiles> {
  const outdir = options.outdir ?? path.join(options.root, 'dist');
  const result = await generateAll(options.root, { ...options, compareWith: outdir });
  replaceDirectory(outdir, result.files, { unchanged: result.unchanged });
  return result;
}

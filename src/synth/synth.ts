import * as path from 'path';
import { withOutputLock } from './output-lock';
import { replaceDirectory } from './output-dir';
import { GenerateAllOptions, generateAll, GeneratedFiles } from './parallel';

export interface SynthOptions extends GenerateAllOptions {
  /** Project root (holds `config/`). */
  readonly root: string;
  /** @default '<root>/dist' */
  readonly outdir?: string;
  /** Told when another run holds dist/ and this one waits for it. @default - silent */
  readonly onWait?: (message: string) => void;
}

/**
 * Synthesises every environment into `dist/`, replacing it only when everything succeeded. Two
 * runs at once take turns (withOutputLock): each compares with and replaces the dist/ it read.
 */
export async function synth(options: SynthOptions): Promise<GeneratedFiles> {
  const outdir = options.outdir ?? path.join(options.root, 'dist');
  return withOutputLock(
    outdir,
    async () => {
      const result = await generateAll(options.root, { ...options, compareWith: outdir });
      replaceDirectory(outdir, result.files, { unchanged: result.unchanged });
      return result;
    },
    { onWait: options.onWait },
  );
}

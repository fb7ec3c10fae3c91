import { GenerateAllOptions, threadsFromEnv } from '../synth/parallel';
import type { Io } from './io';

/** How the commands that build every environment spread them over threads. */
export function threading(io: Io): GenerateAllOptions {
  return { workerScript: io.workerScript, threads: threadsFromEnv(io.env ?? process.env) };
}

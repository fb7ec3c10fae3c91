/** What a command reads and writes besides files: the working folder, the streams, the environment. */
export interface Io {
  readonly cwd: string;
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  readonly env?: NodeJS.ProcessEnv;
  /** Where `init` reads answers. @default - none: nothing is asked */
  readonly stdin?: NodeJS.ReadableStream;
  /** Standard input and output are a terminal: `init` may ask. @default false */
  readonly terminal?: boolean;
  /**
   * Script that synth worker threads run (see `generateAll`).
   * @default - no worker threads
   */
  readonly workerScript?: string;
}

import { parseArgs, ParseArgsConfig } from 'util';
import { UserError } from '../errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses flags strictly; an unknown or malformed flag is a one-line UserError. */
export function parseFlags<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const known = Object.keys(options).map((o) => `--${o}`).join(', ') || 'none';
    throw new UserError(`${command}: ${(e as Error).message.split('\n')[0]} (options: ${known})`);
  }
}

/** `--timeout-seconds`: a number of seconds above 0 and at most 600, or `fallback` when absent. */
export function timeoutSecondsFlag(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const seconds = /^[0-9]+(\.[0-9]+)?$/.test(value) ? Number(value) : NaN;
  if (!(seconds > 0 && seconds <= 600)) {
    throw new UserError(`--timeout-seconds: ${JSON.stringify(value)} is not allowed; expected a number of seconds above 0 and at most 600`);
  }
  return seconds;
}

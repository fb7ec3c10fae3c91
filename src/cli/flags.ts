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

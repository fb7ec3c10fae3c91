import { parseArgs, ParseArgsConfig } from 'util';
import { UserError } from '../errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses flags strictly; an unknown or malformed flag is a one-line UserError. */
export function parseFlags<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: attachDashValues(argv, options), options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const known = Object.keys(options).map((o) => `--${o}`).join(', ') || 'none';
    throw new UserError(`${command}: ${(e as Error).message.split('\n')[0]} (options: ${known})`);
  }
}

/**
 * `--name -5` as `--name=-5` for a string option when "-5" is no option of the command: the
 * option's own check then names the value and what is allowed, where parseArgs would only call
 * the argument ambiguous.
 */
function attachDashValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') && !argv[i].includes('=') ? argv[i].slice(2) : undefined;
    const next = argv[i + 1];
    const known = (a: string) => a.startsWith('--') && Object.keys(options).includes(a.slice(2).split('=')[0]);
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && next.startsWith('-') && !known(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
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

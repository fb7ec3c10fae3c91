import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import type { Writable } from 'stream';
import { parseArgs } from 'util';
import { applies, checkAnswer, INIT_QUESTIONS, initFileText } from '../config/init-file';
import { ENVIRONMENTS_DIR } from '../config/load';
import { DNS_LABEL, matches } from '../config/formats';
import { UserError } from '../errors';
import type { Io } from './io';

const USAGE = 'expected: enterprise-flyte init <env> [--<setting> VALUE]... (see --help)';

/**
 * `enterprise-flyte init <env>`: writes config/environments/<env>.yaml, a commented environment
 * file that synthesises. Settings come from flags; on a terminal, the missing ones are asked for.
 * Never overwrites a file.
 */
export async function initCommand(argv: string[], io: Io): Promise<number> {
  const options = Object.fromEntries(INIT_QUESTIONS.map((q) => [q.flag, { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UserError(`init: ${(e as Error).message.split('\n')[0]} (options: ${INIT_QUESTIONS.map((q) => `--${q.flag}`).join(', ')})`);
  }
  const [env, ...extra] = parsed.positionals;
  if (env === undefined || extra.length > 0) throw new UserError(`init: ${env === undefined ? 'no environment name' : `unexpected argument ${JSON.stringify(extra[0])}`}; ${USAGE}`);
  if (!matches(DNS_LABEL, env)) throw new UserError(`init: environment name ${JSON.stringify(env)} is not allowed; expected ${DNS_LABEL.allowed}`);
  const rel = `${ENVIRONMENTS_DIR.split(path.sep).join('/')}/${env}.yaml`;
  const file = path.join(io.cwd, rel);
  if (fs.existsSync(file)) throw new UserError(`init: ${rel} already exists; edit it, or remove it first to start again`);

  const given = parsed.values as Record<string, string | undefined>;
  const answers: Record<string, string> = {};
  for (const q of INIT_QUESTIONS) {
    const value = given[q.flag];
    if (value === undefined) continue;
    if (!applies(q, answers)) throw new UserError(`init: --${q.flag} is only used with --${q.requires}`);
    if (!(q.optional && value === '')) {
      const problem = checkAnswer(q, value);
      if (problem) throw new UserError(`init: --${q.flag}: ${problem}`);
    }
    answers[q.flag] = value;
  }

  if (io.terminal && io.stdin) {
    await ask(io, answers);
  } else {
    const missing = INIT_QUESTIONS.filter((q) => answers[q.flag] === undefined && q.default === undefined && !q.optional && applies(q, answers));
    if (missing.length > 0) {
      throw new UserError(`init: missing ${missing.map((q) => `--${q.flag}`).join(', ')} (no terminal to ask on: give every setting without a default as a flag)`);
    }
    for (const q of INIT_QUESTIONS) if (answers[q.flag] === undefined && q.default !== undefined && applies(q, answers)) answers[q.flag] = q.default;
  }

  const text = initFileText(env, answers);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // "wx": a file created meanwhile is not overwritten either.
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`init: ${rel} already exists; edit it, or remove it first to start again`);
    throw e;
  }
  io.stdout.write(`wrote ${rel}; review it, then run "npm run synth"\n`);
  return 0;
}

/** Asks for every setting not given as a flag; a bad answer is explained and asked again. */
async function ask(io: Io, answers: Record<string, string>): Promise<void> {
  const rl = readline.createInterface({ input: io.stdin!, output: io.stdout as Writable, terminal: true });
  // Lines typed ahead of a question wait in the iterator instead of being lost.
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (const q of INIT_QUESTIONS) {
      if (answers[q.flag] !== undefined || !applies(q, answers)) continue;
      for (;;) {
        rl.setPrompt(`${q.prompt}${q.default !== undefined ? ` [${q.default}]` : ''}: `);
        rl.prompt();
        const next = await lines.next();
        if (next.done) throw new UserError('init: cancelled; nothing written');
        const value = String(next.value).trim() || (q.default ?? '');
        if (value === '' && q.optional) {
          answers[q.flag] = '';
          break;
        }
        const problem = value === '' ? 'a value is required' : checkAnswer(q, value);
        if (!problem) {
          answers[q.flag] = value;
          break;
        }
        io.stdout.write(`  ${problem}\n`);
      }
    }
  } finally {
    rl.close();
  }
}

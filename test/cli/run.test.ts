import type { Io } from '../../src/cli/io';
import { reportError, runCli } from '../../src/cli/run';
import { EXIT, UserError } from '../../src/errors';
import { tmpProject, validInput } from '../helpers';

function io(cwd = tmpProject({}), env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: '', stderr: '' };
  const value: Io = { cwd, env, stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } };
  return { io: value, out };
}

async function run(argv: string[], cwd?: string, env?: NodeJS.ProcessEnv) {
  const { io: value, out } = io(cwd, env);
  const code = await runCli(argv, value);
  return { code, ...out };
}

describe('runCli', () => {
  test('without a command: the usage on stdout, exit 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout.startsWith('usage: enterprise-flyte <command> [options]\n')).toBe(true);
    expect(r.stderr).toBe('');
  });

  test.each([['--help'], ['help']])('%s: the usage on stdout, exit 0', async (flag) => {
    const r = await run([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await run([])).stdout);
    expect(r.stderr).toBe('');
  });

  test('the usage lists every command with its options', async () => {
    const { stdout } = await run(['--help']);
    const commands = stdout.split('\n').filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s{2,}/)[0]);
    expect(commands).toEqual(['synth', 'check', 'diff [--ref REF]', 'init <env> [--<setting> VALUE]...', 'bundle --env <env>', 'bundle sign --env <env> --key FILE|- [--out DIR]', 'images lock [--env NAME] [--insecure-registry HOST[:PORT]]...', 'images create-repositories --env NAME [--timeout-seconds <s>]', 'schema [--write]', 'cluster lookup --name <cluster> [--region <region>] [--timeout-seconds <s>]']);
  });

  test('the usage states the exit codes of bundle sign', async () => {
    const { stdout } = await run(['--help']);
    expect(stdout.replace(/\s+/g, ' ')).toContain(`Exit ${EXIT.SIGNING_KEY}: the key is unusable; ${EXIT.BUNDLE}: the bundle is missing or damaged`);
  });

  test('an unknown command: one line on stderr, exit 2', async () => {
    const r = await run(['deploy', '--now']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'enterprise-flyte: unknown command "deploy"; expected one of: synth, check, diff, init, bundle, schema, images, cluster (see --help)\n' });
  });

  test('images needs a known subcommand', async () => {
    expect(await run(['images'])).toEqual({ code: 2, stdout: '', stderr: 'enterprise-flyte: images: unknown subcommand ""; expected: images lock, images create-repositories (see --help)\n' });
    expect((await run(['images', 'push'])).stderr).toBe('enterprise-flyte: images: unknown subcommand "push"; expected: images lock, images create-repositories (see --help)\n');
  });

  test('dispatches each command with the rest of the arguments', async () => {
    const root = tmpProject({ a: validInput() });
    // Each command's own first check shows that it ran, with its flags.
    expect((await run(['bundle'], root)).stderr).toBe('enterprise-flyte: bundle: --env is required; expected one of: a\n');
    expect((await run(['synth', '--x'], root)).stderr).toBe("enterprise-flyte: synth: Unknown option '--x' (options: none)\n");
    expect((await run(['check', '--x'], root)).stderr).toBe("enterprise-flyte: check: Unknown option '--x' (options: none)\n");
    expect((await run(['images', 'lock', '--env'], root)).stderr).toBe("enterprise-flyte: images lock: Option '--env <value>' argument missing (options: --env, --insecure-registry)\n");
  });

  test('a command that succeeds returns 0 and writes to stdout', async () => {
    const root = tmpProject({ a: validInput() });
    const r = await run(['synth'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^synthesised a into dist\/ \(\d+ files\)\n$/);
    expect(r.stderr).toMatch(/^enterprise-flyte: warning: a: 3 images are not pinned by digest/);
  });

  test('an unexpected error is one line with exit 1 and no stack, and never thrown', async () => {
    const { io: value, out } = io();
    const broken: Io = { ...value, stdout: { write: () => { throw new Error('EPIPE: broken pipe, write'); } } };
    await expect(runCli(['--help'], broken)).resolves.toBe(1);
    expect(out.stderr).toBe('enterprise-flyte: internal error: EPIPE: broken pipe, write (set ENTERPRISE_FLYTE_DEBUG=1 for details)\n');
  });

  test('ENTERPRISE_FLYTE_DEBUG adds the stack of an unexpected error', async () => {
    const { io: value, out } = io(undefined, { ENTERPRISE_FLYTE_DEBUG: '1' });
    const broken: Io = { ...value, stdout: { write: () => { throw new Error('EPIPE'); } } };
    expect(await runCli(['help'], broken)).toBe(1);
    const lines = out.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('enterprise-flyte: internal error: EPIPE');
    expect(lines[1]).toBe('Error: EPIPE');
    expect(lines[2]).toMatch(/^\s+at /);
  });
});

describe('reportError', () => {
  test('a UserError: its message after the program name, its exit code', () => {
    const { io: value, out } = io();
    expect(reportError(new UserError('registry.corp: 503 Service Unavailable; try again', EXIT.SERVICE), value)).toBe(3);
    expect(out.stderr).toBe('enterprise-flyte: registry.corp: 503 Service Unavailable; try again\n');
    expect(reportError(new UserError('bad input'), value)).toBe(2);
  });

  test('a UserError never shows a stack, even when debugging', () => {
    const { io: value, out } = io(undefined, { ENTERPRISE_FLYTE_DEBUG: '1' });
    reportError(new UserError('x: wrong'), value);
    expect(out.stderr).toBe('enterprise-flyte: x: wrong\n');
  });

  test('something thrown that is not an Error is shown as text', () => {
    const { io: value, out } = io();
    expect(reportError('plain string', value)).toBe(1);
    expect(out.stderr).toBe('enterprise-flyte: internal error: plain string (set ENTERPRISE_FLYTE_DEBUG=1 for details)\n');
  });

  test('debugging something without a stack prints no "undefined"', () => {
    const { io: value, out } = io(undefined, { ENTERPRISE_FLYTE_DEBUG: '1' });
    expect(reportError('plain string', value)).toBe(1);
    expect(out.stderr).toBe('enterprise-flyte: internal error: plain string\n');
  });

  test('the environment of the io decides, not the process environment', () => {
    const saved = process.env.ENTERPRISE_FLYTE_DEBUG;
    process.env.ENTERPRISE_FLYTE_DEBUG = '1';
    try {
      const { io: value, out } = io(undefined, {});
      reportError(new Error('boom'), value);
      expect(out.stderr).toBe('enterprise-flyte: internal error: boom (set ENTERPRISE_FLYTE_DEBUG=1 for details)\n');
    } finally {
      if (saved === undefined) delete process.env.ENTERPRISE_FLYTE_DEBUG;
      else process.env.ENTERPRISE_FLYTE_DEBUG = saved;
    }
  });
});

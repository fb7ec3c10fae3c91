import { parseFlags, timeoutSecondsFlag } from '../../src/cli/flags';
import { UserError } from '../../src/errors';

const OPTIONS = {
  env: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'insecure-registry': { type: 'string', multiple: true },
} as const;

function errorOf(run: () => unknown): UserError {
  try {
    run();
  } catch (e) {
    return e as UserError;
  }
  throw new Error('expected parseFlags to fail');
}

describe('parseFlags', () => {
  test('parses string, boolean and repeated flags', () => {
    expect(parseFlags('cmd', ['--env', 'prod', '--dry-run', '--insecure-registry', 'a:5000', '--insecure-registry=b'], OPTIONS)).toEqual({
      env: 'prod',
      'dry-run': true,
      'insecure-registry': ['a:5000', 'b'],
    });
  });

  test('accepts --flag=value', () => {
    expect(parseFlags('cmd', ['--env=staging'], OPTIONS)).toEqual({ env: 'staging' });
  });

  test('absent flags are absent, not defaulted', () => {
    expect(parseFlags('cmd', [], OPTIONS)).toEqual({});
  });

  test('a command without options accepts no arguments at all', () => {
    expect(parseFlags('check', [], {})).toEqual({});
    expect(errorOf(() => parseFlags('check', ['--force'], {})).message).toBe("check: Unknown option '--force' (options: none)");
  });

  test.each([
    [['--nope'], "deploy: Unknown option '--nope' (options: --env, --dry-run, --insecure-registry)"],
    [['-e', 'x'], "deploy: Unknown option '-e' (options: --env, --dry-run, --insecure-registry)"],
    [['prod'], "deploy: Unexpected argument 'prod'. This command does not take positional arguments (options: --env, --dry-run, --insecure-registry)"],
    [['--env'], "deploy: Option '--env <value>' argument missing (options: --env, --dry-run, --insecure-registry)"],
    [['--dry-run=yes'], "deploy: Option '--dry-run' does not take an argument (options: --env, --dry-run, --insecure-registry)"],
  ])('%j is a one-line user error naming the command and the options (exit 2)', (argv, message) => {
    const e = errorOf(() => parseFlags('deploy', argv, OPTIONS));
    expect(e).toBeInstanceOf(UserError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(message);
  });

  test('only the first line of a longer parser message is kept', () => {
    // An option value that looks like a flag makes node's parser explain at length.
    const e = errorOf(() => parseFlags('cmd', ['--env', '--dry-run'], OPTIONS));
    expect(e.message).toBe("cmd: Option '--env' argument is ambiguous. (options: --env, --dry-run, --insecure-registry)");
  });
});

describe('values that start with a dash', () => {
  test.each([
    [['--env', '-5'], { env: '-5' }],
    [['--env', '-x', '--dry-run'], { env: '-x', 'dry-run': true }],
    [['--insecure-registry', '-1', '--insecure-registry', 'a.corp'], { 'insecure-registry': ['-1', 'a.corp'] }],
  ])('%j: the value reaches the option\'s own check', (argv, values) => {
    expect({ ...parseFlags('deploy', argv, OPTIONS) }).toEqual(values);
  });

  test('a negative --timeout-seconds is named with what is allowed, not called ambiguous', () => {
    const flags = parseFlags('cluster lookup', ['--timeout-seconds', '-5'], { 'timeout-seconds': { type: 'string' } });
    const e = errorOf(() => timeoutSecondsFlag(flags['timeout-seconds'] as string, 10));
    expect(e.message).toBe('--timeout-seconds: "-5" is not allowed; expected a number of seconds above 0 and at most 600');
  });
});

describe('timeoutSecondsFlag', () => {
  test('absent: the fallback; a number of seconds above 0 and at most 600', () => {
    expect(timeoutSecondsFlag(undefined, 10)).toBe(10);
    expect(timeoutSecondsFlag('2.5', 10)).toBe(2.5);
    expect(timeoutSecondsFlag('600', 10)).toBe(600);
  });

  test.each(['0', '601', '-1', '1e2', 'ten', ''])('refuses %j with one line', (value) => {
    const e = errorOf(() => timeoutSecondsFlag(value, 10));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe(`--timeout-seconds: ${JSON.stringify(value)} is not allowed; expected a number of seconds above 0 and at most 600`);
  });
});

import { spawnSync } from 'child_process';
import { assertDuration, assertShellWord, BASH_DURATION_PATTERN, commonFunctions } from '../../src/bundle/shell';

function bash(script: string, args: string[] = []) {
  return spawnSync('bash', ['-euc', script, 'test', ...args], { encoding: 'utf8' });
}

describe('show_cmd', () => {
  const words = ['kubectl', 'plain-word', 'with space', "it's", '$HOME', '', 'a,b=c/d:e@f', 'semi;colon', 'star*', 'new\nline'];

  test('prints a line that the shell reads back as the same words', () => {
    const printed = bash(`${commonFunctions('t.sh')}\nshow_cmd "$@"`, words);
    expect(printed.status).toBe(0);
    // Let bash parse the printed line and print each word on its own NUL-terminated record.
    const reparsed = bash(`eval "set -- $1"; printf '%s\\0' "$@"`, [printed.stdout]);
    expect(reparsed.status).toBe(0);
    expect(reparsed.stdout.split('\0').slice(0, -1)).toEqual(words);
  });

  test('leaves safe words bare', () => {
    const printed = bash(`${commonFunctions('t.sh')}\nshow_cmd "$@"`, ['kubectl', 'get', 'pod', '-l', 'a.b/c=d,e=f', '--timeout', '5m']);
    expect(printed.stdout).toBe('kubectl get pod -l a.b/c=d,e=f --timeout 5m');
  });
});

describe('die', () => {
  test('prints one line with the script name to stderr and exits with the code', () => {
    const r = bash(`${commonFunctions('x.sh')}\ndie 7 "it broke"\necho never`);
    expect(r.status).toBe(7);
    expect(r.stderr).toBe('x.sh: it broke\n');
    expect(r.stdout).toBe('');
  });
});

describe('BASH_DURATION_PATTERN', () => {
  test.each([
    ['10m', 0],
    ['1h30m', 0],
    ['90s', 0],
    ['500ms', 0],
    ['10', 1],
    ['m', 1],
    ['1.5h', 1],
    ['10 m', 1],
    ['', 1],
  ])('bash [[ %j =~ ]] gives %d', (value, status) => {
    expect(bash(`[[ $1 =~ ${BASH_DURATION_PATTERN} ]]`, [value]).status).toBe(status);
  });
});

describe('assertions', () => {
  test('assertShellWord accepts names, hosts, paths and selectors, and rejects shell syntax', () => {
    for (const ok of ['rel-a', 'mirror.corp.example:5443', 'chart/x-1.2.3.tgz', 'a.b/c=d,e=f']) expect(() => assertShellWord('w', ok)).not.toThrow();
    for (const bad of ['a b', 'a;b', '$(x)', '`x`', "a'b", '', 'a\nb']) {
      expect(() => assertShellWord('what', bad)).toThrow(`what: ${JSON.stringify(bad)} is not allowed in a script; expected letters, digits and _./:@%+=,-`);
    }
  });

  test('assertDuration accepts Go-style durations only', () => {
    expect(() => assertDuration('t', '1h5m')).not.toThrow();
    expect(() => assertDuration('t', '5 minutes')).toThrow('t: "5 minutes" is not allowed; expected a duration such as "30s", "1m" or "1h30m"');
  });
});

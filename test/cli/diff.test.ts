import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, tmpProject, validInput } from '../helpers';

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8' });

/** A git repository with one synthesised, committed environment. */
function repo(): string {
  const root = tmpProject({ a: validInput() });
  expect(cli(['synth'], root).status).toBe(0);
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'base');
  return root;
}
const edit = (root: string, from: string, to: string) => {
  const file = path.join(root, 'config/environments/a.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));
};

describe('enterprise-flyte diff', () => {
  test('nothing changed: says so, exit 0', () => {
    const r = cli(['diff'], repo());
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'diff: no changes against dist/\n', '']);
  });

  test('against dist/: object by object, field by field, exit 4, nothing written', () => {
    const root = repo();
    edit(root, 'db-a.internal', 'db-b.internal');
    const before = git(root, 'status', '--porcelain');
    const r = cli(['diff'], root);
    expect(r.status).toBe(4);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('dist/a/');
    // The config map holds the host inside an embedded YAML file: shown line by line.
    const cm = lines.indexOf('  ~ ConfigMap ns-a/rel-a-flyte-binary-config');
    expect(cm).toBeGreaterThan(0);
    expect(lines.slice(cm + 1, cm + 4)).toEqual(['      ~ data["002-database.yaml"]:', '          -     host: "db-a.internal"', '          +     host: "db-b.internal"']);
    expect(lines).toContain('  ~ Deployment ns-a/rel-a-flyte-binary');
    expect(lines).toContain('  ~ chart/values.yaml');
    expect(lines).toContain('      ~ database.host: "db-a.internal" -> "db-b.internal"');
    expect(lines.filter((l) => /^ {2}[~+-] Service /.test(l))).toEqual([]);
    expect(lines[lines.length - 2]).toBe('diff: 1 environment change against dist/ (+ added, - removed, ~ changed)');
    // The same inputs give the same output.
    expect(cli(['diff'], root).stdout).toBe(r.stdout);
    expect(git(root, 'status', '--porcelain')).toBe(before);
  });

  test('--ref: against dist/ at a git ref, also after a synth', () => {
    const root = repo();
    edit(root, 'ns-a', 'ns-b');
    expect(cli(['synth'], root).status).toBe(0);
    expect(cli(['diff'], root).stdout).toBe('diff: no changes against dist/\n');
    const r = cli(['diff', '--ref', 'HEAD'], root);
    expect(r.status).toBe(4);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('  - Namespace ns-a');
    expect(lines).toContain('  + Namespace ns-b');
    expect(lines).toContain('  - Deployment ns-a/rel-a-flyte-binary');
    expect(lines).toContain('  + Deployment ns-b/rel-a-flyte-binary');
    expect(lines[lines.length - 2]).toBe('diff: 1 environment change against dist/ at HEAD (+ added, - removed, ~ changed)');
  });

  test('a bad ref, a flag-like ref and an unknown flag: one line, exit 2', () => {
    const root = repo();
    const cases: Array<[string[], RegExp]> = [
      [['--ref', 'no-such-branch'], /^enterprise-flyte: diff: --ref "no-such-branch": no dist\/ at that ref in this repository \(fatal: [^\n]+\)\n$/],
      [['--ref=--output=/tmp/x'], /^enterprise-flyte: diff: --ref "--output=\/tmp\/x" is not allowed; expected a git commit, branch or tag\n$/],
      [['--env', 'a'], /^enterprise-flyte: diff: Unknown option '--env' \(options: --ref\)\n$/],
    ];
    for (const [args, message] of cases) {
      const r = cli(['diff', ...args], root);
      expect([args, r.status, r.stdout]).toEqual([args, 2, '']);
      expect(r.stderr).toMatch(message);
    }
  });

  test('an invalid environment file is the usual one-line error, exit 2', () => {
    const root = repo();
    edit(root, 'port: 6543', 'port: 70000');
    const r = cli(['diff'], root);
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe('enterprise-flyte: config/environments/a.yaml: database.port: 70000 is not allowed; expected an integer from 1 to 65535\n');
  });
});

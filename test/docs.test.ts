/**
 * The documentation (README, CONTRIBUTING, CHANGELOG, the guides in docs/): every relative link
 * and anchor resolves, and every command shown exists in the --help of the program it runs (the
 * built CLI; deploy.sh, verify.sh and mirror-images.sh as synth writes them into dist/).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  cliCommands, cliProblems, docFiles, exitCodesOfColumn, loadDocs, linkProblems, npmProblems, parseDoc, pathProblems, ScriptHelp, scriptHelp, scriptProblems, slug,
} from './docs-check';
import { cli, ROOT } from './helpers';

const docs = loadDocs(ROOT);
const help = cli(['--help'], ROOT);
const commands = cliCommands(help.stdout);
const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

/** The bundle scripts of `enterprise` (the environment with a registry, auth and a pinned signing key) and their --help. */
function scriptHelps(): Map<string, ScriptHelp> {
  return new Map(['deploy.sh', 'verify.sh', 'mirror-images.sh'].map((name) => {
    const r = spawnSync('bash', [path.join(ROOT, 'dist', 'enterprise', 'scripts', name), '--help'], { encoding: 'utf8' });
    expect([name, r.status]).toEqual([name, 0]);
    return [name, scriptHelp(name, r.stdout)];
  }));
}

/** Checks run on one made-up document, to show each check finds what it is for. */
function fixture(markdown: string, file = 'docs/fixture.md') {
  return [parseDoc(file, markdown)];
}

describe('documentation', () => {
  test('the documents: README, CONTRIBUTING, CHANGELOG and one guide per topic in docs/', () => {
    expect(docFiles(ROOT)).toEqual([
      'README.md', 'CONTRIBUTING.md', 'CHANGELOG.md',
      'docs/API.md', 'docs/benchmarks.md', 'docs/cli.md', 'docs/constructs.md', 'docs/eks.md', 'docs/environments.md', 'docs/helm-chart.md',
      'docs/images.md', 'docs/offline-bundle.md', 'docs/running-workflows.md', 'docs/security.md', 'docs/signing.md', 'docs/upstream.md',
      'docs/versioning.md', 'test/reports/README.md',
    ]);
  });

  test('README is short and links every guide and CONTRIBUTING.md', () => {
    const readme = docs.find((d) => d.file === 'README.md')!;
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(200);
    const linked = new Set(readme.links.map((l) => l.split('#')[0]));
    expect(docFiles(ROOT).filter((f) => f.startsWith('docs/') || f === 'CONTRIBUTING.md').filter((f) => !linked.has(f))).toEqual([]);
  });

  test('every relative link names a file, and every anchor a heading of it (GitHub\'s anchors)', () => {
    expect(linkProblems(ROOT, docs)).toEqual([]);
  });

  test('every enterprise-flyte command shown names a command and flags of the CLI\'s --help', () => {
    expect(help.status).toBe(0);
    expect(commands.size).toBeGreaterThan(9);
    expect(cliProblems(docs, commands)).toEqual([]);
  });

  test('the commands table of docs/cli.md has a row for each command of --help, and names only their flags', () => {
    const rows = fs.readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8').split('\n').filter((l) => l.startsWith('| `'));
    const shown = rows.map((r) => /^\| `([^`]+)`/.exec(r)![1].replace(/\\\|/g, '|'));
    expect(cliProblems(fixture(shown.map((c) => `\`enterprise-flyte ${c}\``).join('\n')), commands)).toEqual([]);
    const named = new Set(shown.map((c) => c.split(' ').slice(0, 2).join(' ')).flatMap((two) => [two, two.split(' ')[0]]));
    expect([...commands.keys()].filter((c) => !named.has(c))).toEqual([]);
  });

  test('docs/environments.md says where each top-level key of the environment schema is explained', () => {
    const text = fs.readFileSync(path.join(ROOT, 'docs', 'environments.md'), 'utf8');
    const table = text.slice(text.indexOf('Where each key is explained:'), text.indexOf('\n\n', text.indexOf('| Keys | Where |')));
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'environment.schema.json'), 'utf8'));
    const keys = Object.keys(schema.properties);
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k) => !table.includes(`\`${k}\``))).toEqual([]);
  });

  test('every npm run script shown is in package.json', () => {
    expect(npmProblems(docs, scripts)).toEqual([]);
  });

  test('every flag and subcommand shown for deploy.sh, verify.sh and mirror-images.sh is in its --help', () => {
    const helps = scriptHelps();
    expect(helps.get('mirror-images.sh')!.subcommands).toEqual(new Set(['pull', 'push']));
    expect(helps.get('deploy.sh')!.flags.has('--verify-key')).toBe(true);
    expect(scriptProblems(docs, helps)).toEqual([]);
  });

  test('"Exit codes of the scripts" (docs/offline-bundle.md) lists the codes of deploy.sh\'s and verify.sh\'s --help', () => {
    const text = fs.readFileSync(path.join(ROOT, 'docs', 'offline-bundle.md'), 'utf8');
    const table = text.slice(text.indexOf('## Exit codes of the scripts'));
    const helps = scriptHelps();
    for (const name of ['deploy.sh', 'verify.sh']) {
      expect(helps.get(name)!.exitCodes.size).toBeGreaterThan(5);
      expect([name, [...exitCodesOfColumn(table, name)].sort((a, b) => a - b)]).toEqual([name, [...helps.get(name)!.exitCodes].sort((a, b) => a - b)]);
    }
  });

  test('every repository path shown as code exists', () => {
    expect(pathProblems(ROOT, docs)).toEqual([]);
  });

  test('every README section that src/ cites is a heading of the docs, named in README', () => {
    const cited = new Set<string>();
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const f of [...walk(path.join(ROOT, 'src')), path.join(ROOT, 'scripts', 'api-docs.js')]) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/README(?:\.md)?,? "([^"]+)"|see README\.md, ([A-Z][\w ]+)\)/g)) cited.add(m[1] ?? m[2]);
    }
    expect([...cited].sort()).toEqual(['Differences from the upstream chart', 'Environments', 'RBAC', 'Running workflows']);
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const anchors = new Set(docs.flatMap((d) => [...d.anchors]));
    expect([...cited].filter((s) => !anchors.has(slug(s)) || !readme.includes(s))).toEqual([]);
  });
});

describe('the checks find what they are for', () => {
  test('GitHub\'s anchors: punctuation and code marks dropped, spaces as hyphens, repeats numbered', () => {
    expect(parseDoc('x.md', '# Reviewing a change: `diff`\n## A new environment: `init`\n### `dist/<env>/images.json`\n## Tests\n## Tests\n## Flyte\'s own configuration code in the tests\n').anchors)
      .toEqual(new Set(['reviewing-a-change-diff', 'a-new-environment-init', 'distenvimagesjson', 'tests', 'tests-1', 'flytes-own-configuration-code-in-the-tests']));
  });

  test('a link to a missing file, or to a missing anchor, is a problem; external links are not followed', () => {
    const doc = fixture('# Title\n\n[ok](#title) [ok](../README.md#quick-start) [web](https://example.com/x#y)\n'
      + '[gone](missing.md) [bad anchor](#no-such) [bad](../README.md#no-such-section) | [in a table](signing.md#nowhere) |\n');
    expect(linkProblems(ROOT, doc)).toEqual([
      'docs/fixture.md: link missing.md: no file docs/missing.md',
      'docs/fixture.md: link #no-such: docs/fixture.md has no heading with anchor #no-such',
      'docs/fixture.md: link ../README.md#no-such-section: README.md has no heading with anchor #no-such-section',
      'docs/fixture.md: link signing.md#nowhere: docs/signing.md has no heading with anchor #nowhere',
    ]);
  });

  test('an unknown command or flag of the CLI is a problem, in a code block or inline', () => {
    const doc = fixture('```sh\nnpx enterprise-flyte images lock --env a --insecure-registry r:5000   # --no-such in a comment\n'
      + 'npx enterprise-flyte init prod --region x \\\n  --colour red\nnode bin/enterprise-flyte.js imagez lock\n```\n\n'
      + 'Run `enterprise-flyte bundle --key k` or `npx enterprise-flyte bundle sign --env a --key -`; `enterprise-flyte: config: error` is a message.\n'
      + '`init --ingress-class alb` writes it, `init --ingres-class alb` would not; `push --password-stdin DIR` is another program\'s.\n');
    expect(cliProblems(doc, commands)).toEqual([
      'docs/fixture.md: enterprise-flyte init prod --region x --colour red: init: unknown flag --colour (--help names: --release, --namespace, --flyte-version, --registry, --pull-secret, --database-host, --database-name, --database-username, --password-secret, --password-key, --region, --metadata-bucket, --userdata-bucket, --role-arn, --ingress-host, --ingress-class)',
      `docs/fixture.md: enterprise-flyte imagez lock: unknown command "imagez" (--help lists: ${[...commands.keys()].join(', ')})`,
      'docs/fixture.md: enterprise-flyte bundle --key k: bundle: unknown flag --key (--help names: --env)',
      'docs/fixture.md: enterprise-flyte init --ingres-class alb: init: unknown flag --ingres-class (--help names: --release, --namespace, --flyte-version, --registry, --pull-secret, --database-host, --database-name, --database-username, --password-secret, --password-key, --region, --metadata-bucket, --userdata-bucket, --role-arn, --ingress-host, --ingress-class)',
    ]);
  });

  test('an unknown npm script is a problem', () => {
    expect(npmProblems(fixture('`npm run synth`, `npm run sinth` and `npm test`\n'), scripts)).toEqual(['docs/fixture.md: npm run sinth: no such script in package.json']);
  });

  test('an unknown flag or subcommand of a bundle script is a problem', () => {
    const doc = fixture('```sh\n./deploy.sh --dry-run --context CTX\n./deploy.sh --force\n'
      + 'aws ecr get-login-password | dist/prod/scripts/mirror-images.sh push --password-stdin /media/transfer\n./mirror-images.sh copy /m\n```\n'
      + '`verify.sh --local-port 1 --locale-port 2`\n');
    expect(scriptProblems(doc, scriptHelps())).toEqual([
      'docs/fixture.md: deploy.sh --force: not in its --help: --force',
      'docs/fixture.md: verify.sh --local-port 1 --locale-port 2: not in its --help: --locale-port',
      'docs/fixture.md: mirror-images.sh copy /m: not in its --help: copy',
    ]);
  });

  test('a repository path that does not exist is a problem; placeholders are not paths', () => {
    expect(pathProblems(ROOT, fixture('`src/config/schema.ts`, `test/cluster/`, `src/nowhere.ts`, `dist/<env>/images.json`\n'))).toEqual(['docs/fixture.md: `src/nowhere.ts` does not exist']);
  });
});

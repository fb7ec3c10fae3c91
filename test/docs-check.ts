/**
 * Checks of the project's Markdown documentation, used by test/docs.test.ts: links and anchors
 * resolve, and the commands shown exist. Markdown is read with the CommonMark reference parser
 * (npm `commonmark`); GitHub renders the same documents with GFM, whose tables CommonMark reads as
 * paragraphs, which keeps their links and code spans.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Node, Parser } from 'commonmark';

/** What the checks need from one Markdown file. */
export interface Doc {
  /** Path from the repository root, with `/`. */
  readonly file: string;
  /** The anchors GitHub gives its headings. */
  readonly anchors: ReadonlySet<string>;
  /** Link and image destinations, as written. */
  readonly links: readonly string[];
  /** Fenced or indented code blocks, then inline code spans, as written. */
  readonly codeBlocks: readonly string[];
  readonly codeSpans: readonly string[];
}

/**
 * GitHub's heading anchor (the rule of github-slugger, which github.com's renderer follows): lower
 * case; every character that is not a letter, mark, number, connector punctuation (`_`), hyphen
 * or space dropped; each space a hyphen; a repeated anchor gets `-1`, `-2`, ... in document order.
 */
export function slug(heading: string, seen: Map<string, number> = new Map()): string {
  const base = heading.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
  let anchor = base;
  while (seen.has(anchor)) {
    const n = seen.get(base)! + 1;
    seen.set(base, n);
    anchor = `${base}-${n}`;
  }
  seen.set(anchor, 0);
  return anchor;
}

/** The text of a heading as GitHub slugs it: its text and code, without markup. */
function plainText(node: Node): string {
  let text = '';
  const walker = node.walker();
  for (let e = walker.next(); e; e = walker.next()) {
    if (!e.entering) continue;
    if (e.node.type === 'text' || e.node.type === 'code') text += e.node.literal ?? '';
    if (e.node.type === 'softbreak' || e.node.type === 'linebreak') text += ' ';
  }
  return text;
}

export function parseDoc(file: string, markdown: string): Doc {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const links: string[] = [];
  const codeBlocks: string[] = [];
  const codeSpans: string[] = [];
  const walker = new Parser().parse(markdown).walker();
  for (let e = walker.next(); e; e = walker.next()) {
    if (!e.entering) continue;
    const node = e.node;
    if (node.type === 'heading') anchors.add(slug(plainText(node), seen));
    if ((node.type === 'link' || node.type === 'image') && node.destination !== null) links.push(node.destination);
    if (node.type === 'code_block') codeBlocks.push(node.literal ?? '');
    // In a GFM table a `|` inside code is written `\|`.
    if (node.type === 'code') codeSpans.push((node.literal ?? '').replace(/\\\|/g, '|'));
  }
  return { file, anchors, links, codeBlocks, codeSpans };
}

/** README, CONTRIBUTING, CHANGELOG, every guide in docs/ and the READMEs of test folders. */
export function docFiles(root: string): string[] {
  const docs = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...docs.sort(), 'test/reports/README.md'];
}

export function loadDocs(root: string, files = docFiles(root)): Doc[] {
  return files.map((f) => parseDoc(f, fs.readFileSync(path.join(root, f), 'utf8')));
}

/**
 * Each relative link that names no existing file or folder, or an anchor its Markdown target does
 * not have. Links with a scheme (https:, mailto:) leave the repository and are not followed.
 */
export function linkProblems(root: string, docs: readonly Doc[]): string[] {
  const byFile = new Map(docs.map((d) => [d.file, d]));
  const problems: string[] = [];
  for (const doc of docs) {
    for (const link of doc.links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue;
      const [target, anchor] = link.split('#', 2);
      const file = target === '' ? doc.file : path.posix.normalize(path.posix.join(path.posix.dirname(doc.file), decodeURI(target)));
      if (target !== '' && (file.startsWith('../') || !fs.existsSync(path.join(root, file)))) {
        problems.push(`${doc.file}: link ${link}: no file ${file}`);
        continue;
      }
      if (anchor === undefined || !file.endsWith('.md')) continue;
      const anchors = byFile.get(file)?.anchors ?? parseDoc(file, fs.readFileSync(path.join(root, file), 'utf8')).anchors;
      if (!anchors.has(decodeURIComponent(anchor))) problems.push(`${doc.file}: link ${link}: ${file} has no heading with anchor #${anchor}`);
    }
  }
  return problems;
}

/** Shell words of each line of code, continuation lines joined and `# comments` dropped. */
function shellLines(code: string): string[][] {
  return code.replace(/\\\n\s*/g, ' ').split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim().split(/\s+/).filter((w) => w !== ''));
}

/** The words after each occurrence of a program, up to the end of its command (a pipe, `&&`, `;`, a redirection). */
function invocations(doc: Doc, isProgram: (word: string) => boolean): string[][] {
  const found: string[][] = [];
  for (const words of [...doc.codeBlocks, ...doc.codeSpans].flatMap(shellLines)) {
    words.forEach((w, i) => {
      if (!isProgram(w)) return;
      const rest = words.slice(i + 1);
      const end = rest.findIndex((r) => ['|', '||', '&&', ';'].includes(r) || /^(\d?>|<(?!.*>$))/.test(r));
      found.push(end < 0 ? rest : rest.slice(0, end));
    });
  }
  return found;
}

/** The flags among a command's words: `--name`, without `[`, `]` or `=value`. */
function flagsOf(words: readonly string[]): string[] {
  return words.map((w) => w.replace(/^\[+/, '').replace(/[\]=|].*$/, '')).filter((w) => /^--[a-z][a-z0-9-]*$/.test(w));
}

/** Each command of the CLI's `--help` (one or two words) with the flags its entry names. */
export function cliCommands(help: string): Map<string, Set<string>> {
  const commands = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const line of help.slice(help.indexOf('\ncommands:\n') + 1).split('\n').slice(1)) {
    const entry = /^ {2}([a-z][a-z-]*(?: [a-z][a-z-]*)?)(?= |$)/.exec(line);
    if (entry) {
      current = new Set<string>();
      commands.set(entry[1], current);
    }
    for (const flag of line.match(/--[a-z][a-z0-9-]*/g) ?? []) current?.add(flag);
  }
  return commands;
}

/** Problems of one `enterprise-flyte ...` command against the commands of `--help`. */
export function cliProblem(words: readonly string[], commands: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  if (words.length === 0 || words[0] === '--help' || words[0] === '<command>') return undefined;
  const two = words.slice(0, 2).join(' ');
  const command = commands.has(two) ? two : commands.has(words[0]) ? words[0] : undefined;
  if (command === undefined) return `unknown command "${words[0]}" (--help lists: ${[...commands.keys()].join(', ')})`;
  const unknown = flagsOf(words.slice(command.split(' ').length)).filter((f) => !commands.get(command)!.has(f));
  return unknown.length === 0 ? undefined : `${command}: unknown flag ${unknown.join(', ')} (--help names: ${[...commands.get(command)!].join(', ') || 'none'})`;
}

const isCli = (w: string) => w === 'enterprise-flyte' || /(^|\/)(bin|lib)\/enterprise-flyte\.js$/.test(w);

/**
 * Inline code that shows a command without the program's name (`init --ingress-class alb`): it starts
 * with the first word of a command of --help and has a flag.
 */
function bareCommands(doc: Doc, commands: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const first = new Set([...commands.keys()].map((c) => c.split(' ')[0]));
  return doc.codeSpans.flatMap(shellLines).filter((words) => first.has(words[0]) && flagsOf(words).length > 0);
}

/** Every `enterprise-flyte ...` command shown (code blocks and inline code) that --help does not know. */
export function cliProblems(docs: readonly Doc[], commands: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  return docs.flatMap((doc) => [...invocations(doc, isCli), ...bareCommands(doc, commands)]
    .map((words) => [words, cliProblem(words, commands)] as const)
    .filter(([, p]) => p !== undefined)
    .map(([words, p]) => `${doc.file}: enterprise-flyte ${words.join(' ')}: ${p}`));
}

/** Every `npm run <script>` shown whose script package.json does not have. */
export function npmProblems(docs: readonly Doc[], scripts: Readonly<Record<string, string>>): string[] {
  return docs.flatMap((doc) => invocations(doc, (w) => w === 'npm')
    .filter((words) => words[0] === 'run' && words[1] !== undefined && !(words[1] in scripts))
    .map((words) => `${doc.file}: npm run ${words[1]}: no such script in package.json`));
}

/** The `--help` of a bundle script: its flags, and the subcommands its usage lines name. */
export interface ScriptHelp {
  readonly flags: ReadonlySet<string>;
  readonly subcommands: ReadonlySet<string>;
  /** The codes of its `exit codes:` section. */
  readonly exitCodes: ReadonlySet<number>;
}

export function scriptHelp(name: string, help: string): ScriptHelp {
  const subcommands = [...help.matchAll(new RegExp(`${name.replace('.', '\\.')} ([a-z]+)\\b`, 'g'))].map((m) => m[1]);
  const codes = help.includes('\nexit codes:\n') ? help.slice(help.indexOf('\nexit codes:\n')) : '';
  return {
    flags: new Set(help.match(/--[a-z][a-z0-9-]*/g) ?? []),
    subcommands: new Set(subcommands),
    exitCodes: new Set([...codes.matchAll(/(?:^|\s{2,})(\d+) /gm)].map((m) => Number(m[1]))),
  };
}

/** The codes a column of a Markdown table of exit codes (first column the code) fills in. */
export function exitCodesOfColumn(markdown: string, column: string): Set<number> {
  const rows = markdown.split('\n').filter((l) => l.startsWith('| ')).map((l) => l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  const header = rows.find((r) => r.includes(column));
  if (header === undefined) return new Set();
  const at = header.indexOf(column);
  return new Set(rows.filter((r) => /^\d+$/.test(r[0]) && r[at] !== '').map((r) => Number(r[0])));
}

/** Every deploy.sh, verify.sh or mirror-images.sh command shown with a flag or subcommand its --help does not name. */
export function scriptProblems(docs: readonly Doc[], helps: ReadonlyMap<string, ScriptHelp>): string[] {
  const problems: string[] = [];
  for (const doc of docs) {
    for (const [name, help] of helps) {
      for (const words of invocations(doc, (w) => w === name || w.endsWith(`/${name}`))) {
        const sub = help.subcommands.size > 0 && /^[a-z]+$/.test(words[0] ?? '') && !help.subcommands.has(words[0]) ? [words[0]] : [];
        const unknown = [...sub, ...flagsOf(words).filter((f) => !help.flags.has(f))];
        if (unknown.length > 0) problems.push(`${doc.file}: ${name} ${words.join(' ')}: not in its --help: ${unknown.join(', ')}`);
      }
    }
  }
  return problems;
}

/**
 * Inline code that is a path in the repository's own folders (no placeholder) and names nothing
 * there, nor in an environment's output (`scripts/deploy.sh` of dist/enterprise/).
 */
export function pathProblems(root: string, docs: readonly Doc[]): string[] {
  const exists = (c: string) => fs.existsSync(path.join(root, c)) || fs.existsSync(path.join(root, 'dist', 'enterprise', c));
  return docs.flatMap((doc) => doc.codeSpans
    .filter((c) => /^(src|test|scripts|bin|schemas|imports|docs)\/[\w./-]*$/.test(c) && !exists(c))
    .map((c) => `${doc.file}: \`${c}\` does not exist`));
}

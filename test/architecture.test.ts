import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// Two rules of the code's shape over every file of src/: no import circle between files, and no
// function or constructor over MAX_LINES lines. Both read the sources with the TypeScript compiler's parser.

const SRC = path.join(__dirname, '..', 'src');
const MAX_LINES = 80;

type Sources = ReadonlyMap<string, string>;

function srcFiles(dir: string = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? srcFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const readSources = (files: string[]): Sources => new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
const parse = (file: string, text: string) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);

/** The module specifiers a file names: import/export ... from, import x = require, require(), import() and import types. */
function specifiers(source: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) out.push(n.moduleSpecifier.text);
    if (ts.isExternalModuleReference(n) && ts.isStringLiteral(n.expression)) out.push(n.expression.text);
    if (ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))) {
      const [arg] = n.arguments;
      if (arg && ts.isStringLiteral(arg)) out.push(arg.text);
    }
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) out.push(n.argument.literal.text);
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

/**
 * Who imports whom among `sources`: relative specifiers resolved the way Node resolves them for
 * TypeScript (`x.ts`, then `x/index.ts`). Type-only imports count: a circle of types is a circle of concepts.
 */
function importGraph(sources: Sources): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, text] of sources) {
    const targets = specifiers(parse(file, text))
      .filter((s) => s.startsWith('.'))
      .map((s) => path.resolve(path.dirname(file), s))
      .map((t) => [`${t}.ts`, path.join(t, 'index.ts'), t].find((c) => sources.has(c)))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The strongly connected components of more than one file (Tarjan), or of one file importing itself. */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const found: string[][] = [];
  const strong = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) strong(v);
  return found;
}

/** One concrete circle through the component's first file, `a.ts -> b.ts -> a.ts` (shortest, by breadth-first search). */
function circlePath(graph: Map<string, string[]>, component: string[]): string[] {
  const start = [...component].sort()[0];
  const inside = new Set(component);
  const from = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const route = [start];
        for (let u = v; u !== start; u = from.get(u)!) route.splice(1, 0, u);
        return [...route, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}

function circleReport(sources: Sources, root: string): string[] {
  const graph = importGraph(sources);
  const name = (f: string) => path.relative(root, f);
  return circles(graph).map((c) => {
    const route = circlePath(graph, c);
    // The shortest circle, and every file that circles with it when there are more.
    const others = c.filter((f) => !route.includes(f)).map(name).sort();
    return `${route.map(name).join(' -> ')}${others.length > 0 ? ` (with ${others.join(', ')})` : ''}`;
  });
}

/** The name a function expression gets from what it is assigned to (`const f = () => ...`). */
function namedBy(parent: ts.Node): ts.Node | undefined {
  return ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) ? parent.name : undefined;
}

/** Every function, method, accessor and constructor longer than `max` lines, as `file:line name (N lines)`. */
function longFunctions(sources: Sources, root: string, max: number): string[] {
  const out: string[] = [];
  for (const [file, text] of sources) {
    const source = parse(file, text);
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionLike(n) && 'body' in n && n.body) {
        const first = source.getLineAndCharacterOfPosition(n.getStart()).line;
        const lines = source.getLineAndCharacterOfPosition(n.getEnd()).line - first + 1;
        const name = ts.isConstructorDeclaration(n) ? 'constructor' : (n.name ?? namedBy(n.parent))?.getText() ?? '<anonymous>';
        if (lines > max) out.push(`${path.relative(root, file)}:${first + 1} ${name} (${lines} lines)`);
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return out;
}

describe('the import graph of src/', () => {
  test('no import circle between files', () => {
    // On failure, each line is one circle: move what both sides need into a module below them.
    expect(circleReport(readSources(srcFiles()), SRC)).toEqual([]);
  });

  test('the check sees a circle through every kind of import, type-only ones too', () => {
    const kinds = [
      "import { b } from './b';",
      "import type { B } from './b';",
      "export * from './b';",
      "export { b } from './b';",
      "import b = require('./b');",
      "const b = require('./b');",
      "const b = import('./b');",
      "let b: typeof import('./b');",
      "import { b } from './b/index';",
    ];
    for (const kind of kinds) {
      const at = kind.includes('./b/index') ? '/p/b/index.ts' : '/p/b.ts';
      const back = at === '/p/b.ts' ? "import { a } from './a';" : "import { a } from '../a';";
      const sources = new Map([['/p/a.ts', kind], [at, back]]);
      expect({ kind, found: circleReport(sources, '/p') }).toEqual({ kind, found: [`a.ts -> ${path.relative('/p', at)} -> a.ts`] });
    }
  });

  test('the check resolves a folder to its index.ts, prints the shortest circle and its other files, and leaves packages and chains alone', () => {
    const sources = new Map([
      ['/p/a.ts', "import { b } from './b';\nimport { x } from 'cdk8s';\nimport { c } from './c';"],
      ['/p/b/index.ts', "import { c } from '../c';"],
      ['/p/c.ts', "import { a } from './a';"],
      ['/p/d.ts', "import { a } from './a';"],
      ['/p/f.ts', "import { g } from './g';"],
      ['/p/g.ts', "import { h } from './h';\nimport { f } from './f';"],
      ['/p/h.ts', "import { f } from './f';"],
      ['/p/e.ts', "import { e } from './e';"],
    ]);
    expect(circleReport(sources, '/p').sort()).toEqual(['a.ts -> c.ts -> a.ts (with b/index.ts)', 'e.ts -> e.ts', 'f.ts -> g.ts -> f.ts (with h.ts)']);
    expect(circleReport(new Map([['/p/a.ts', "import { b } from './b';"], ['/p/b.ts', "import { x } from 'a';"]]), '/p')).toEqual([]);
  });
});

describe(`functions of src/ are at most ${MAX_LINES} lines`, () => {
  test('no function, method or constructor over the limit', () => {
    // On failure: split the listed ones into named parts (a generated script into sections).
    expect(longFunctions(readSources(srcFiles()), SRC, MAX_LINES)).toEqual([]);
  });

  test(`the check counts a function's lines from its first to its last, and sees every kind of function`, () => {
    const body = (n: number) => Array.from({ length: n - 2 }, (_, i) => `  x${i}();`).join('\n');
    const text = [
      `/** A comment above does not count. */\nfunction atLimit() {\n${body(80)}\n}`,
      `function over() {\n${body(81)}\n}`,
      `class K {\n  constructor() {\n${body(81)}\n  }\n  method() {\n${body(81)}\n  }\n  get value() {\n${body(81)}\n  }\n}`,
      `const arrow = () => {\n${body(81)}\n};`,
      `const expression = function () {\n${body(81)}\n};`,
      `const outer = [1].map((x) => {\n${body(81)}\n});`,
    ].join('\n');
    const lineOf = (s: string) => text.slice(0, text.indexOf(s)).split('\n').length;
    expect(longFunctions(new Map([['/p/a.ts', text]]), '/p', 80)).toEqual([
      `a.ts:${lineOf('function over')} over (81 lines)`,
      `a.ts:${lineOf('  constructor')} constructor (81 lines)`,
      `a.ts:${lineOf('  method')} method (81 lines)`,
      `a.ts:${lineOf('  get value')} value (81 lines)`,
      `a.ts:${lineOf('() => {')} arrow (81 lines)`,
      `a.ts:${lineOf('function ()')} expression (81 lines)`,
      `a.ts:${lineOf('(x) => {')} <anonymous> (81 lines)`,
    ]);
  });
});

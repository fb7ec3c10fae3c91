/**
 * Every regular expression of src/ runs in time linear in its input, whatever the input: they
 * see environment files, registry answers and every string written to dist/ (an annotation may
 * be 256 KiB). Two independent methods:
 *
 * 1. Analysis: scslre (the super-linear-backtracking analyser of eslint-plugin-regexp) finds no
 *    pair of quantifiers that can trade characters and no quantifier a moving start position
 *    rescans, for attack strings that repeat one character.
 * 2. Work: the steps of a naive backtracking search (test/regex-steps.ts, checked against V8 on
 *    every input) over families of worst-case inputs built from each pattern's own characters and
 *    literal runs, repeated, at two lengths: each added character may cost at most
 *    MAX_STEPS_PER_CHAR more steps. A quadratic pattern costs hundreds per character at these
 *    lengths, and its count grows with the length; a linear one stays flat.
 *
 * Time is never measured. V8's own backtrack counter (--regexp-backtracks-before-fallback) was
 * tried and rejected: it counts per start position and not the rescans of a greedy loop, so it
 * passes the quadratic credential pattern this test exists for.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyse } from 'scslre';
import * as ts from 'typescript';
import * as formats from '../../src/config/formats';
import { CREDENTIAL_KINDS } from '../../src/config/credentials';
import { OPTION_VALUE_PATTERNS } from '../../src/config/database-options';
import { CLUSTER_ARN, PARTITION_NAME } from '../../src/eks/cluster-facts';
import { markerMatcher } from '../../src/helm/site-values';
import { REFERENCE } from '../../src/images/reference';
import { ROOT } from '../helpers';
import { countSteps, OverBudget, pieces } from '../regex-steps';

const SHORT = 200;
const LONG = 400;
const MAX_STEPS_PER_CHAR = 60;

interface Found {
  readonly where: string;
  readonly regex: RegExp;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Every regular expression literal of src/, found by TypeScript's own parser. */
function literals(): { found: Found[]; constructed: Map<string, number> } {
  const found: Found[] = [];
  const constructed = new Map<string, number>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const rel = path.relative(ROOT, file);
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const slash = text.lastIndexOf('/');
        found.push({ where: `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`, regex: new RegExp(text.slice(1, slash), text.slice(slash + 1)) });
      }
      if (ts.isNewExpression(node) && node.expression.getText(sf) === 'RegExp') constructed.set(rel, (constructed.get(rel) ?? 0) + 1);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { found, constructed };
}

/** The patterns src/ builds at run time (new RegExp), from the modules that build them. */
function built(): Found[] {
  const out: Found[] = [];
  for (const [name, value] of Object.entries(formats)) {
    if (value === null || typeof value !== 'object' || !('pattern' in value)) continue;
    const f = value as formats.Format;
    out.push({ where: `formats.${name}.pattern`, regex: f.pattern });
    (f.reject ?? []).forEach((r, i) => {
      out.push({ where: `formats.${name}.reject[${i}]`, regex: r.pattern });
      if (r.unless) out.push({ where: `formats.${name}.reject[${i}].unless`, regex: r.unless });
    });
  }
  CREDENTIAL_KINDS.forEach((k) => out.push({ where: `credentials: ${k.what}`, regex: k.pattern }));
  for (const [key, regex] of Object.entries(OPTION_VALUE_PATTERNS)) out.push({ where: `database-options ${key}`, regex });
  out.push({ where: 'images/reference REFERENCE', regex: REFERENCE });
  out.push({ where: 'eks/cluster-facts CLUSTER_ARN', regex: CLUSTER_ARN }, { where: 'eks/cluster-facts PARTITION_NAME', regex: PARTITION_NAME });
  out.push({ where: 'helm/site-values markerMatcher', regex: markerMatcher([{ path: 'a.b', marker: 'ef-marker-7' }, { path: 'c', marker: 7350 }]).pattern });
  return out;
}

const { found: LITERALS, constructed: CONSTRUCTED } = literals();
const ALL = [...LITERALS, ...built()];

describe('regular expressions of src/', () => {
  test('every pattern built at run time is one the test covers', () => {
    // A new `new RegExp(...)` elsewhere must be added to built() above.
    expect(Object.fromEntries(CONSTRUCTED)).toEqual({
      'src/config/database-options.ts': 2,
      'src/config/formats.ts': expect.any(Number),
      'src/eks/cluster-facts.ts': 2,
      'src/helm/site-values.ts': 1,
      'src/images/reference.ts': 1,
    });
    expect(LITERALS.length).toBeGreaterThan(100);
  });

  test.each(ALL.map((f) => [f.where, f.regex] as const))('%s: no super-linear backtracking (scslre)', (_where, regex) => {
    const reports = analyse(regex, { maxReports: 3 }).reports.map((r) => `${r.type}${r.exponential ? ' (exponential)' : ''} on ${JSON.stringify(r.character.pick)}`);
    expect(reports).toEqual([]);
  });

  test.each(ALL.map((f) => [f.where, f.regex] as const))('%s: work grows linearly on worst-case inputs', (_where, regex) => {
    const { chars, literals: runs } = pieces(regex);
    const repeated: Array<(n: number) => string> = [
      ...chars.map((c) => (n: number) => c.repeat(n)),
      ...runs.map((r) => (n: number) => r.repeat(Math.ceil(n / r.length)).slice(0, n)),
      ...runs.flatMap((r) => chars.flatMap((c) => [(n: number) => r + c.repeat(n), (n: number) => (r + c).repeat(Math.ceil(n / (r.length + 1))).slice(0, n)])),
    ];
    // Each as it is, and followed by a character that makes a match fail at the very end.
    const families = repeated.flatMap((f) => [f, (n: number) => `${f(n)}!`, (n: number) => `${f(n)}"\n`]);
    const worst = { perChar: 0, input: '' };
    for (const family of families) {
      const short = countSteps(regex, family(SHORT)).steps;
      let long: number;
      try {
        long = countSteps(regex, family(LONG), short + MAX_STEPS_PER_CHAR * (LONG - SHORT) * 4).steps;
      } catch (e) {
        if (!(e instanceof OverBudget)) throw e;
        long = Infinity;
      }
      const perChar = (long - short) / (LONG - SHORT);
      if (perChar > worst.perChar) Object.assign(worst, { perChar, input: family(40) });
    }
    expect({ worstInput: worst.input, stepsPerChar: worst.perChar <= MAX_STEPS_PER_CHAR ? 'within budget' : worst.perChar }).toEqual({ worstInput: worst.input, stepsPerChar: 'within budget' });
  });
});

/**
 * The work a backtracking regular expression engine does on an input, counted in steps: a naive
 * backtracking matcher (the algorithm of V8's irregexp without its optimisations, which only ever
 * save work) over the pattern's syntax tree (parsed by @eslint-community/regexpp, the parser of
 * eslint-plugin-regexp), trying every start position as `RegExp.prototype.test` does. One step is
 * one attempt of one node at one position. Its answer is checked against V8's own on every input
 * (`countSteps` throws when they differ), so the count belongs to the pattern as JavaScript reads it.
 */
import type { AST } from '@eslint-community/regexpp';
import { RegExpParser } from '@eslint-community/regexpp';

const parser = new RegExpParser();

/** The count went over the budget given. */
export class OverBudget extends Error {}

type Node = AST.Node;
type Pred = (c: number) => boolean;

const LINE_TERMINATOR = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const SPACE: Pred = (c) =>
  (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
const DIGIT: Pred = (c) => c >= 48 && c <= 57;
const WORD: Pred = (c) => DIGIT(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** With the i flag a character matches in either case; a negated class is negated after folding, as in JavaScript. */
function fold(pred: Pred, ignoreCase: boolean): Pred {
  if (!ignoreCase) return pred;
  return (c) => {
    const s = String.fromCharCode(c);
    return pred(c) || pred(s.toLowerCase().charCodeAt(0)) || pred(s.toUpperCase().charCodeAt(0));
  };
}

function charPredicate(node: Node, flags: string): Pred {
  const ignoreCase = flags.includes('i');
  switch (node.type) {
    case 'Character':
      return fold((c) => c === node.value, ignoreCase);
    case 'CharacterClassRange':
      return fold((c) => c >= node.min.value && c <= node.max.value, ignoreCase);
    case 'CharacterSet': {
      let p: Pred;
      if (node.kind === 'any') p = flags.includes('s') ? () => true : (c) => !LINE_TERMINATOR(c);
      else if (node.kind === 'digit') p = DIGIT;
      else if (node.kind === 'space') p = SPACE;
      else if (node.kind === 'word') p = WORD;
      else throw new Error(`unsupported character set ${node.raw}`);
      return 'negate' in node && node.negate ? (c) => !p(c) : p;
    }
    case 'CharacterClass': {
      const parts = node.elements.map((e) => charPredicate(e as Node, flags));
      const any: Pred = (c) => parts.some((p) => p(c));
      return node.negate ? (c) => !any(c) : any;
    }
    default:
      throw new Error(`unsupported class element ${node.type}`);
  }
}

/** Steps of a naive backtracking search for `regex` in `input`, and whether it matched. */
export function countSteps(regex: RegExp, input: string, budget = Infinity): { readonly matched: boolean; readonly steps: number } {
  const flags = regex.flags;
  const pattern = parser.parsePattern(regex.source, undefined, undefined, { unicode: flags.includes('u'), unicodeSets: flags.includes('v') });
  const multiline = flags.includes('m');
  const n = input.length;
  let steps = 0;
  const step = () => {
    if (++steps > budget) throw new OverBudget(`over ${budget} steps`);
  };
  const preds = new Map<Node, Pred>();
  const pred = (node: Node) => {
    let p = preds.get(node);
    if (!p) preds.set(node, (p = charPredicate(node, flags)));
    return p;
  };
  const seq = (elements: readonly Node[], i: number, pos: number, k: (p: number) => boolean): boolean =>
    i === elements.length ? k(pos) : match(elements[i], pos, (p) => seq(elements, i + 1, p, k));
  const alternatives = (alts: readonly AST.Alternative[], pos: number, k: (p: number) => boolean): boolean => {
    for (const alt of alts) {
      step();
      if (seq(alt.elements, 0, pos, k)) return true;
    }
    return false;
  };
  const match = (node: Node, pos: number, k: (p: number) => boolean): boolean => {
    switch (node.type) {
      case 'Character':
      case 'CharacterClass':
      case 'CharacterSet':
        step();
        return pos < n && pred(node)(input.charCodeAt(pos)) && k(pos + 1);
      case 'Group':
      case 'CapturingGroup':
        return alternatives(node.alternatives, pos, k);
      case 'Quantifier': {
        const max = node.max ?? Infinity;
        const rep = (count: number, at: number): boolean => {
          step();
          // An iteration that matches nothing once the minimum is reached fails, as in JavaScript.
          const more = () => count < max && match(node.element, at, (p) => (p === at && count >= node.min ? false : rep(count + 1, p)));
          const done = () => count >= node.min && k(at);
          return node.greedy ? more() || done() : done() || more();
        };
        return rep(0, pos);
      }
      case 'Assertion': {
        step();
        if (node.kind === 'start') return (pos === 0 || (multiline && LINE_TERMINATOR(input.charCodeAt(pos - 1)))) && k(pos);
        if (node.kind === 'end') return (pos === n || (multiline && LINE_TERMINATOR(input.charCodeAt(pos)))) && k(pos);
        if (node.kind === 'word') {
          const boundary = (pos > 0 && WORD(input.charCodeAt(pos - 1))) !== (pos < n && WORD(input.charCodeAt(pos)));
          return boundary !== node.negate && k(pos);
        }
        if (node.kind === 'lookahead') return alternatives(node.alternatives, pos, () => true) !== node.negate && k(pos);
        if (node.kind !== 'lookbehind') throw new Error(`unsupported assertion ${node.raw}`);
        // Lookbehind of one character (all this code base uses): the character before.
        const alts: readonly AST.Alternative[] = node.alternatives;
        const single = alts.every((a) => a.elements.length === 1 && ['Character', 'CharacterClass', 'CharacterSet'].includes(a.elements[0].type));
        if (!single) throw new Error(`unsupported lookbehind ${node.raw}`);
        const found = pos > 0 && alts.some((a) => pred(a.elements[0])(input.charCodeAt(pos - 1)));
        return found !== node.negate && k(pos);
      }
      default:
        throw new Error(`unsupported ${node.type} ${'raw' in node ? node.raw : ''}`);
    }
  };
  let matched = false;
  const last = flags.includes('y') ? 0 : n;
  for (let start = 0; start <= last && !matched; start++) matched = alternatives(pattern.alternatives, start, () => true);
  const v8 = new RegExp(regex.source, flags.replace(/g/g, '')).test(input);
  if (v8 !== matched) throw new Error(`step counter and V8 disagree on ${regex} for ${JSON.stringify(input.slice(0, 40))}...`);
  return { matched, steps };
}

/**
 * Characters and literal runs that steer a pattern: one member of each character class, one
 * character outside each negated class, and each run of two or more literal characters.
 */
export function pieces(regex: RegExp): { readonly chars: string[]; readonly literals: string[] } {
  const pattern = parser.parsePattern(regex.source, undefined, undefined, { unicode: regex.flags.includes('u') });
  const chars = new Set<string>(['a', '!', ' ']);
  const literals = new Set<string>();
  const outside = ['!', 'a', 'A', '0', ' ', '~', '-', '.', '\u00e9'];
  const visit = (node: Node) => {
    switch (node.type) {
      case 'Alternative': {
        let run = '';
        for (const e of [...node.elements, undefined]) {
          if (e?.type === 'Character') run += String.fromCharCode(e.value);
          else {
            if (run.length >= 2) literals.add(run);
            run = '';
          }
          if (e) visit(e);
        }
        return;
      }
      case 'Character':
        chars.add(String.fromCharCode(node.value));
        return;
      case 'CharacterClassRange':
        chars.add(String.fromCharCode(node.min.value));
        return;
      case 'CharacterSet':
        chars.add(node.kind === 'digit' ? '0' : node.kind === 'space' ? ' ' : 'a');
        return;
      case 'CharacterClass': {
        node.elements.forEach((e) => visit(e as Node));
        if (node.negate) {
          const p = charPredicate(node, regex.flags);
          const c = outside.find((x) => p(x.charCodeAt(0)));
          if (c) chars.add(c);
        }
        return;
      }
      default:
        for (const child of ['alternatives', 'elements', 'element'] as const) {
          const v = (node as unknown as Record<string, Node | Node[] | undefined>)[child];
          if (Array.isArray(v)) v.forEach(visit);
          else if (v) visit(v);
        }
    }
  };
  visit(pattern);
  return { chars: [...chars], literals: [...literals] };
}

import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { compareStrings } from './compare';

/** A tree of `dist/`: path (relative to dist/, "/" separators) to content. */
export type Tree = ReadonlyMap<string, Buffer>;

/** Lines of text shown per changed text, before "... N more". */
const MAX_TEXT_LINES = 40;
const ARCHIVE = /\.(tgz|tar\.gz)$/;
const STRUCTURED = /\.(ya?ml|json)$/;

/**
 * What changes between two `dist/` trees, for review: per environment, Kubernetes objects
 * (added, removed, changed field by field, whatever file they are in), then the other files
 * (JSON and YAML field by field, text line by line, archives by name). Sorted, so the same two
 * trees always give the same lines. Empty when nothing changed.
 */
export function diffTrees(before: Tree, after: Tree): string[] {
  const envs = [...new Set([...before.keys(), ...after.keys()].map((p) => p.split('/')[0]))].sort(compareStrings);
  const out: string[] = [];
  for (const env of envs) {
    const section = diffEnvironment(subtree(before, env), subtree(after, env));
    if (section.length === 0) continue;
    const state = !hasPrefix(before, env) ? ' (new environment)' : !hasPrefix(after, env) ? ' (environment removed)' : '';
    out.push(`dist/${env}/${state}`, ...section.map((l) => `  ${l}`));
  }
  return out;
}

function hasPrefix(tree: Tree, env: string): boolean {
  return [...tree.keys()].some((p) => p.startsWith(`${env}/`));
}

function subtree(tree: Tree, env: string): Map<string, Buffer> {
  return new Map([...tree].filter(([p]) => p.startsWith(`${env}/`)).map(([p, c]) => [p.slice(env.length + 1), c]));
}

function diffEnvironment(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const out: string[] = [];
  const objectsBefore = objectsOf(before);
  const objectsAfter = objectsOf(after);
  for (const id of [...new Set([...objectsBefore.keys(), ...objectsAfter.keys()])].sort(compareStrings)) {
    const a = objectsBefore.get(id);
    const b = objectsAfter.get(id);
    if (a === undefined) out.push(`+ ${id}`);
    else if (b === undefined) out.push(`- ${id}`);
    else {
      const fields = diffValues(a, b);
      if (fields.length > 0) out.push(`~ ${id}`, ...fields.map((l) => `    ${l}`));
    }
  }
  const files = [...new Set([...before.keys(), ...after.keys()])].filter((p) => !p.startsWith('manifests/')).sort(compareStrings);
  for (const file of files) {
    const a = before.get(file);
    const b = after.get(file);
    if (a !== undefined && b !== undefined && a.equals(b)) continue;
    if (a === undefined) out.push(`+ ${file}`);
    else if (b === undefined) out.push(`- ${file}`);
    else out.push(`~ ${file}`, ...diffFile(file, a, b).map((l) => `    ${l}`));
  }
  return out;
}

/** The Kubernetes objects of `manifests/`, by "Kind namespace/name". */
function objectsOf(files: Map<string, Buffer>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [p, content] of files) {
    if (!p.startsWith('manifests/')) continue;
    for (const doc of parseYaml(content.toString('utf8')) ?? []) {
      const o = doc as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
      if (!o || typeof o !== 'object' || !o.kind) continue;
      out.set(`${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '?'}`, o);
    }
  }
  return out;
}

function parseYaml(text: string): unknown[] | undefined {
  try {
    return loadAll(text, undefined, { schema: CORE_SCHEMA });
  } catch {
    return undefined; // a template, not YAML
  }
}

function diffFile(file: string, a: Buffer, b: Buffer): string[] {
  if (ARCHIVE.test(file)) return ['(archive: rebuilt from the files above)'];
  if (a.includes(0) || b.includes(0)) return ['(binary)'];
  const ta = a.toString('utf8');
  const tb = b.toString('utf8');
  if (STRUCTURED.test(file)) {
    const va = file.endsWith('.json') ? parseJson(ta) : oneDocument(parseYaml(ta));
    const vb = file.endsWith('.json') ? parseJson(tb) : oneDocument(parseYaml(tb));
    if (va !== undefined && vb !== undefined) {
      const fields = diffValues(va, vb);
      if (fields.length > 0) return fields;
    }
  }
  return diffLines(ta, tb);
}

function oneDocument(docs: unknown[] | undefined): unknown {
  return docs?.length === 1 ? docs[0] : docs;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Field by field: `path: old -> new`, `+ path: new`, `- path: old`; multi-line strings line by line. */
export function diffValues(a: unknown, b: unknown): string[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const out: string[] = [];
  for (const p of [...new Set([...fa.keys(), ...fb.keys()])].sort(compareStrings)) {
    const x = fa.get(p);
    const y = fb.get(p);
    const name = p === '' ? '(value)' : p;
    if (x === undefined) out.push(`+ ${name}: ${show(y)}`);
    else if (y === undefined) out.push(`- ${name}: ${show(x)}`);
    else if (!Object.is(x, y)) {
      if (typeof x === 'string' && typeof y === 'string' && (x.includes('\n') || y.includes('\n'))) {
        out.push(`~ ${name}:`, ...diffLines(x, y).map((l) => `    ${l}`));
      } else out.push(`~ ${name}: ${show(x)} -> ${show(y)}`);
    }
  }
  return out;
}

type Scalar = string | number | boolean | null;

/**
 * Leaves by path. List items that have a `name` are addressed by it (`containers[name=flyte]`),
 * so that inserting an item does not report every item after it as changed.
 */
function flatten(value: unknown, prefix = '', out = new Map<string, Scalar>()): Map<string, Scalar> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, '[]' as Scalar);
    const named = value.every((v) => v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') && new Set(value.map((v) => v.name)).size === value.length;
    value.forEach((v, i) => flatten(v, `${prefix}[${named ? `name=${(v as { name: string }).name}` : i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(prefix, '{}' as Scalar);
    for (const [k, v] of entries) flatten(v, /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? (prefix ? `${prefix}.${k}` : k) : `${prefix}[${JSON.stringify(k)}]`, out);
  } else out.set(prefix, value as Scalar);
  return out;
}

function show(v: Scalar | undefined): string {
  if (v === '[]' || v === '{}') return v;
  const s = JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** The changed lines of a text (longest common subsequence), `- old` and `+ new`, at most MAX_TEXT_LINES. */
export function diffLines(a: string, b: string): string[] {
  const x = a.split('\n');
  const y = b.split('\n');
  // Trim the common head and tail first: most changes are small.
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  const xs = x.slice(head, x.length - tail);
  const ys = y.slice(head, y.length - tail);
  const lcs: number[][] = Array.from({ length: xs.length + 1 }, () => new Array<number>(ys.length + 1).fill(0));
  for (let i = xs.length - 1; i >= 0; i--) for (let j = ys.length - 1; j >= 0; j--) lcs[i][j] = xs[i] === ys[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < xs.length || j < ys.length) {
    if (i < xs.length && j < ys.length && xs[i] === ys[j]) {
      i++;
      j++;
    } else if (i < xs.length && (j === ys.length || lcs[i + 1][j] >= lcs[i][j + 1])) out.push(`- ${xs[i++]}`);
    else out.push(`+ ${ys[j++]}`);
  }
  return out.length > MAX_TEXT_LINES ? [...out.slice(0, MAX_TEXT_LINES), `... ${out.length - MAX_TEXT_LINES} more changed lines`] : out;
}

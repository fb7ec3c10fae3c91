import * as path from 'path';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { isScalar, parseDocument } from 'yaml';
import type { z } from 'zod/mini';
import { UserError } from '../errors';
import { assertInsideProject, ENVIRONMENTS_DIR, listEnvironments } from './environment-dir';
import { DNS_LABEL, matches } from './formats';
import { readInputFile } from './read-input';
import { Shown } from './shown';
import { ascii, printable } from '../printable';
import { environmentSchema, EnvironmentSpec } from './schema';
import { keysAt } from './schema-nav';
import { assertPlainTree, MAX_VALUES } from './yaml-tree';

export { ENVIRONMENTS_DIR, listEnvironments, MAX_VALUES };

export interface Environment {
  /** Environment name: the file name without `.yaml`. */
  readonly name: string;
  /** Path of the file, relative to the project root, for messages. */
  readonly file: string;
  readonly spec: EnvironmentSpec;
}

/** Reads and validates one environment file. */
export function loadEnvironment(root: string, name: string): Environment {
  const file = path.join(ENVIRONMENTS_DIR, `${name}.yaml`).split(path.sep).join('/');
  if (!matches(DNS_LABEL, name)) {
    throw new UserError(`${file}: environment name ${JSON.stringify(name)} is not allowed; expected ${DNS_LABEL.allowed}`);
  }
  assertInsideProject(root, path.join(root, file), file);
  const text = readInputFile(path.join(root, file), file);
  if (text === undefined) throw new UserError(`${file}: no such environment file; available: ${listEnvironments(root).join(', ')}`);
  return { name, file, spec: parseEnvironment(file, text) };
}

/** Parses and validates environment YAML; `file` is used in messages only. */
export function parseEnvironment(file: string, text: string): EnvironmentSpec {
  let data: unknown;
  let anchors = false;
  try {
    // YAML 1.2 core schema: no timestamps or merge keys; duplicate keys are an error.
    data = load(text, { schema: CORE_SCHEMA, listener: (event, state) => (anchors ||= event === 'close' && (state as { anchor?: string | null }).anchor != null) });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const where = e.mark ? `:${e.mark.line + 1}:${e.mark.column + 1}` : '';
    throw new UserError(`${file}${where}: invalid YAML: ${e.reason}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file}: expected a map of settings at the top level`);
  }
  assertPlainTree(file, data, anchors);
  return environmentSpec(data, file, (at) => writtenAt(text, at));
}

/** The scalar at `at` as written in `text` ("1.10", "0x1F"), for messages; undefined when not found. */
export function writtenAt(text: string, at: readonly PropertyKey[]): string | undefined {
  const node = parseDocument(text).getIn(at.map((k) => (typeof k === 'symbol' ? String(k) : k)), true);
  return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
}

/**
 * Validates an environment given as an object (what an environment file holds) and applies the
 * defaults; for apps that build `FlyteEnvironment` from their own settings. Throws an error of
 * one line naming `source`, the field, the value and what is allowed.
 */
export function environmentSpec(input: unknown, source = 'environment', written?: Written): EnvironmentSpec {
  const result = environmentSchema.safeParse(input, { reportInput: true });
  if (!result.success) throw new UserError(`${source}: ${describeIssue(result.error.issues, environmentSchema, written)}`);
  return result.data;
}

/** The text of the scalar at a path as the file wrote it, when the caller has the file. */
export type Written = (at: readonly PropertyKey[]) => string | undefined;

// A key with a character that looks like nothing or like a space: the likely cause of "unknown key".
const ODD_KEY = /[^\x21-\x7e]/;

/**
 * One line for the first problem, naming the field, the value as written and what is allowed. An
 * unknown key with an invisible or non-ASCII character comes first: the "is missing" it causes
 * elsewhere would hide the cause.
 */
export function describeIssue(issues: readonly z.core.$ZodIssue[], schema: z.ZodMiniType = environmentSchema, written?: Written): string {
  const odd = issues.find((i) => i.code === 'unrecognized_keys' && i.keys.some((k) => ODD_KEY.test(k)));
  const issue = odd ?? issues[0];
  const field = issue.path.length > 0 ? issue.path.map((k) => ascii(String(k))).join('.') : '(top level)';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${field}.` : '';
    const allowed = keysAt(issue.path, schema);
    const key = issue.keys.find((k) => ODD_KEY.test(k)) ?? issue.keys[0];
    return `${prefix}${ascii(key)}: unknown key${oddKeyHint(key)}; allowed keys here: ${allowed.join(', ')}${more}`;
  }
  const input = (issue as { input?: unknown }).input;
  // YAML reads 1.10, 0123, 1e3, 0x1F or true unquoted as a number or a boolean: show what was written.
  const raw = typeof input === 'number' || typeof input === 'boolean' ? written?.(issue.path) : undefined;
  const value = input === undefined ? 'is missing' : `${raw !== undefined ? ascii(raw) : show(input)} is not allowed`;
  const quote =
    issue.code === 'invalid_type' && issue.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')
      ? ` (quote it: ${JSON.stringify(raw ?? show(input))})`
      : '';
  return `${printable(field)}: ${value}; ${issue.message}${quote}${more}`;
}

const CHARACTER_NAMES: Readonly<Record<string, string>> = {
  '\u00a0': 'a no-break space',
  '\u200b': 'a zero-width space',
  '\u200c': 'a zero-width non-joiner',
  '\u200d': 'a zero-width joiner',
  '\u2060': 'a word joiner',
  '\ufeff': 'a byte order mark',
  ' ': 'a space',
  '\t': 'a tab',
};

/** Names the odd characters of a key and the key without them. */
function oddKeyHint(key: string): string {
  const odd = [...new Set([...key].filter((c) => ODD_KEY.test(c)))];
  if (odd.length === 0) return '';
  const names = odd.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}${CHARACTER_NAMES[c] ? ` (${CHARACTER_NAMES[c]})` : ''}`);
  const plain = [...key].filter((c) => !ODD_KEY.test(c)).join('');
  return ` holding ${names.join(', ')}; type it as ${JSON.stringify(plain)}`;
}

/** A value as the user wrote it in YAML, on one line, in ASCII (invisible and look-alike characters escaped). */
export function show(value: unknown): string {
  if (value instanceof Shown) return value.text;
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  const s = ascii(printable(JSON.stringify(value) ?? String(value)));
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

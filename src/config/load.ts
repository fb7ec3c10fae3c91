import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import type { z } from 'zod/mini';
import { UserError } from '../errors';
import { DNS_LABEL, matches } from './formats';
import { readInputFile } from './read-input';
import { Shown } from './shown';
import { printable } from '../printable';
import { environmentSchema, EnvironmentSpec } from './schema';
import { keysAt } from './schema-nav';

/** Where environment files live, relative to the project root. */
export const ENVIRONMENTS_DIR = path.join('config', 'environments');

export interface Environment {
  /** Environment name: the file name without `.yaml`. */
  readonly name: string;
  /** Path of the file, relative to the project root, for messages. */
  readonly file: string;
  readonly spec: EnvironmentSpec;
}

/** Lists the environment names found under `config/environments/`, sorted. */
export function listEnvironments(root: string): string[] {
  const dir = path.join(root, ENVIRONMENTS_DIR);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    throw new UserError(`${ENVIRONMENTS_DIR}: no such directory; create it with one <env>.yaml file per environment`);
  }
  const names = entries.filter((e) => e.endsWith('.yaml')).map((e) => e.slice(0, -'.yaml'.length)).sort();
  if (names.length === 0) throw new UserError(`${ENVIRONMENTS_DIR}: no <env>.yaml files found`);
  return names;
}

/** Reads and validates one environment file. */
export function loadEnvironment(root: string, name: string): Environment {
  const file = path.join(ENVIRONMENTS_DIR, `${name}.yaml`).split(path.sep).join('/');
  if (!matches(DNS_LABEL, name)) {
    throw new UserError(`${file}: environment name ${JSON.stringify(name)} is not allowed; expected ${DNS_LABEL.allowed}`);
  }
  const text = readInputFile(path.join(root, file), file);
  if (text === undefined) throw new UserError(`${file}: no such environment file; available: ${listEnvironments(root).join(', ')}`);
  return { name, file, spec: parseEnvironment(file, text) };
}

/** Parses and validates environment YAML; `file` is used in messages only. */
export function parseEnvironment(file: string, text: string): EnvironmentSpec {
  let data: unknown;
  try {
    // YAML 1.2 core schema: no timestamps or merge keys; duplicate keys are an error.
    data = load(text, { schema: CORE_SCHEMA });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const where = e.mark ? `:${e.mark.line + 1}:${e.mark.column + 1}` : '';
    throw new UserError(`${file}${where}: invalid YAML: ${e.reason}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file}: expected a map of settings at the top level`);
  }
  assertSmallTree(file, data);
  return environmentSpec(data, file);
}

/**
 * Validates an environment given as an object (what an environment file holds) and applies the
 * defaults; for apps that build `FlyteEnvironment` from their own settings. Throws an error of
 * one line naming `source`, the field, the value and what is allowed.
 */
export function environmentSpec(input: unknown, source = 'environment'): EnvironmentSpec {
  const result = environmentSchema.safeParse(input, { reportInput: true });
  if (!result.success) throw new UserError(`${source}: ${describeIssue(result.error.issues)}`);
  return result.data;
}

/** Most values (maps, lists and scalars) a parsed input may hold; real environments have a few hundred. */
export const MAX_VALUES = 20_000;

/**
 * YAML aliases share one parsed object, so a 1 KB file of nested aliases stands for billions of
 * values that validation would walk one by one ("billion laughs"). Count the values, aliases
 * expanded, and stop at MAX_VALUES.
 */
export function assertSmallTree(file: string, data: unknown): void {
  let count = 0;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > MAX_VALUES) {
      throw new UserError(`${file}: holds more than ${MAX_VALUES} values once YAML aliases are expanded; write the settings out (an alias bomb is refused)`);
    }
    if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stack.push(x);
  }
}

/** One line for the first problem, naming the field, the value and what is allowed. */
export function describeIssue(issues: readonly z.core.$ZodIssue[], schema: z.ZodMiniType = environmentSchema): string {
  const issue = issues[0];
  const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${field}.` : '';
    const allowed = keysAt(issue.path, schema);
    return `${prefix}${issue.keys[0]}: unknown key; allowed keys here: ${allowed.join(', ')}${more}`;
  }
  const input = (issue as { input?: unknown }).input;
  const value = input === undefined ? 'is missing' : `${show(input)} is not allowed`;
  // YAML reads 5432 or true unquoted as a number or a boolean where a string is wanted.
  const quote =
    issue.code === 'invalid_type' && issue.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')
      ? ` (quote it: "${show(input)}")`
      : '';
  return `${printable(field)}: ${value}; ${issue.message}${quote}${more}`;
}

/** A value as the user wrote it in YAML, on one line and without control characters. */
export function show(value: unknown): string {
  if (value instanceof Shown) return value.text;
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  const s = printable(JSON.stringify(value) ?? String(value));
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import type { z } from 'zod/mini';
import { UserError } from '../errors';
import { DNS_LABEL, matches } from './formats';
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
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, file), 'utf8');
  } catch {
    throw new UserError(`${file}: no such environment file; available: ${listEnvironments(root).join(', ')}`);
  }
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
  return `${field}: ${value}; ${issue.message}${more}`;
}

function show(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

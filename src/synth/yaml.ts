import { DEFAULT_SCHEMA, dump, Type } from 'js-yaml';
import * as YAML from 'yaml';

// go-yaml (kubectl, Helm, Flyte) reads the output as YAML 1.1; parseAll reads it the same way.
const OPTIONS = { version: '1.1' as const };

/** A string that is always written double-quoted (see `quoted`). */
export class QuotedString {
  constructor(readonly value: string) {}
}

/** A string that is always written double-quoted. */
export function quoted(value: string): QuotedString {
  return new QuotedString(value);
}

export interface ToYamlOptions {
  /** Double-quote single-line string values for which this returns true. */
  readonly quoteIf?: (value: string) => boolean;
}

// js-yaml (much faster than the yaml library at writing) quotes the YAML 1.1 booleans already;
// go-yaml also reads Go integer literals ("0o17", "0X1F") and numbers with "_" ("1_000") as numbers.
// Each alternative splits a string one way only (before the first "_", before the "."): linear in the
// string, which may be a 256 KiB annotation.
const GO_NUMBER = /^[-+]?(?:0[bBoOxX][0-9a-fA-F_]+|[0-9]*_[0-9_]*(?:\.[0-9_]*)?|[0-9_]*\.[0-9]*_[0-9_]*)$/;

// js-yaml quotes every string that a type of its schema would read as something else, and writes
// what an implicit type represents as it is: one type does both jobs.
const GO_TYPES = new Type('tag:enterprise-flyte,2025:go-yaml', {
  kind: 'scalar',
  resolve: (s: string) => GO_NUMBER.test(s),
  instanceOf: QuotedString,
  // A JSON string is a valid YAML double-quoted scalar.
  represent: (q) => JSON.stringify((q as QuotedString).value),
});
const SCHEMA = DEFAULT_SCHEMA.extend({ implicit: [GO_TYPES] });
const DUMP = { schema: SCHEMA, lineWidth: -1, noRefs: true, quotingType: '"' as const };

/** Serialises one document: no line folding, multi-line strings as literal blocks. */
export function toYaml(value: unknown, options: ToYamlOptions = {}): string {
  const quoteIf = options.quoteIf;
  return dump(quoteIf === undefined ? value : quoteStrings(value, (s) => !s.includes('\n') && quoteIf(s)), DUMP);
}

function quoteStrings(value: unknown, mustQuote: (value: string) => boolean): unknown {
  if (typeof value === 'string') return mustQuote(value) ? quoted(value) : value;
  if (Array.isArray(value)) return value.map((v) => quoteStrings(v, mustQuote));
  if (value !== null && typeof value === 'object' && !(value instanceof QuotedString)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = quoteStrings(v, mustQuote);
    return out;
  }
  return value;
}

/** Parses every document of a YAML stream (empty documents dropped). */
export function parseAll(text: string): unknown[] {
  return YAML.parseAllDocuments(text, OPTIONS)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(d.errors[0].message);
      return d.toJS();
    })
    .filter((d) => d !== null && d !== undefined);
}

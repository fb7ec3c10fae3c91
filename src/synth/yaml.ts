import * as YAML from 'yaml';

// YAML 1.1 so that strings such as "on", "no" or "y" are quoted: Kubernetes and Flyte parse
// with go-yaml, which still reads them as booleans.
const OPTIONS = { version: '1.1' as const };
const STRINGIFY = { lineWidth: 0, blockQuote: 'literal' as const };

/** A string that is always written double-quoted. */
export function quoted(value: string): YAML.Scalar {
  const node = new YAML.Scalar(value);
  node.type = 'QUOTE_DOUBLE';
  return node;
}

export interface ToYamlOptions {
  /** Double-quote single-line string values for which this returns true. */
  readonly quoteIf?: (value: string) => boolean;
}

// go-yaml also reads Go integer literals as numbers ("0o17", "0X1F", "0B1"), which YAML 1.1 leaves plain.
const GO_INT = /^[-+]?0[bBoOxX][0-9a-fA-F_]+$/;

/** Serialises one document: no line folding, multi-line strings as literal blocks. */
export function toYaml(value: unknown, options: ToYamlOptions = {}): string {
  const quoteIf = options.quoteIf;
  const mustQuote = (s: string) => !s.includes('\n') && (GO_INT.test(s) || (quoteIf !== undefined && quoteIf(s)));
  // Marking the strings in the plain value is much cheaper than visiting the YAML document.
  return new YAML.Document(quoteStrings(value, mustQuote), OPTIONS).toString(STRINGIFY);
}

function quoteStrings(value: unknown, mustQuote: (value: string) => boolean): unknown {
  if (typeof value === 'string') return mustQuote(value) ? quoted(value) : value;
  if (Array.isArray(value)) return value.map((v) => quoteStrings(v, mustQuote));
  if (value !== null && typeof value === 'object' && !YAML.isNode(value)) {
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

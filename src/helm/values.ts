import * as YAML from 'yaml';
import { toJSONSchema } from 'zod/mini';
import { descriptionAt, schemaAt, unwrap } from '../config/schema-nav';
import type { EnvironmentSpec } from '../config/schema';
import { getPath, MarkedValue } from './site-values';

// Quantities may be given as numbers on the command line (`--set resources.limits.cpu=2`).
const QUANTITY_PATH = /^resources\./;

/**
 * A quantity given as a number: the environment schema writes it out (String(n)) and checks the
 * quantity pattern, so it refuses negatives, 1e21 and up ("1e+21") and 0 < n < 1e-6 ("1e-7").
 * The pattern binds only strings in JSON Schema: the same bounds for numbers.
 */
const NUMERIC_QUANTITY = {
  type: ['string', 'number'],
  minimum: 0,
  exclusiveMaximum: 1e21,
  not: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.000001 },
};

/** values.yaml: the environment's own values under the environment file's key names, each with a comment. */
export function valuesYaml(spec: EnvironmentSpec, values: readonly MarkedValue[]): string {
  const tree: Record<string, unknown> = {};
  for (const v of values) {
    const keys = v.path.split('.');
    let node = tree;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]] = getPath(spec, v.path);
  }
  const doc = new YAML.Document(tree, { version: '1.1' });
  const comment = (map: unknown, prefix: string[]) => {
    if (!YAML.isMap(map)) return;
    for (const pair of map.items) {
      const key = String((pair.key as YAML.Scalar).value);
      const path = [...prefix, key];
      const description = descriptionAt(path);
      if (description) (pair.key as YAML.Scalar).commentBefore = ` ${description}`;
      comment(pair.value, path);
    }
  };
  comment(doc.contents, []);
  doc.commentBefore =
    ' Site settings of this release. Defaults are the values of the environment file this chart was\n' +
    ' generated from; change them at install time with --set or -f. values.schema.json checks them.';
  return doc.toString({ lineWidth: 0 });
}

/** values.schema.json: the same formats as the environment schema, self-contained (draft-07, no $ref). */
export function valuesSchema(values: readonly MarkedValue[]): Record<string, unknown> {
  const root: Record<string, unknown> = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'enterprise-flyte site values',
    type: 'object',
    additionalProperties: false,
  };
  const present = new Set(values.map((v) => v.path));
  for (const v of values) {
    const keys = v.path.split('.');
    let node = root;
    keys.forEach((key, i) => {
      const path = keys.slice(0, i + 1);
      const properties = (node.properties ??= {}) as Record<string, Record<string, unknown>>;
      const required = (node.required ??= []) as string[];
      if (!required.includes(key)) required.push(key);
      if (i < keys.length - 1) {
        node = properties[key] ??= { type: 'object', additionalProperties: false, description: descriptionAt(path) };
      } else {
        const leaf = leafSchema(v.path);
        const extra = crossFieldRules(v.path, present);
        properties[key] = extra ? { ...leaf, allOf: [...((leaf.allOf as unknown[]) ?? []), extra] } : leaf;
      }
    });
  }
  return root;
}

// The schema of a path is the same for every environment, and converting it is not cheap.
const leafSchemas = new Map<string, Record<string, unknown>>();

function leafSchema(path: string): Record<string, unknown> {
  let schema = leafSchemas.get(path);
  if (schema === undefined) {
    schema = convertLeafSchema(path);
    leafSchemas.set(path, schema);
  }
  return schema;
}

function convertLeafSchema(path: string): Record<string, unknown> {
  const node = schemaAt(path.split('.'));
  if (!node) throw new Error(`helm: ${path} is not in the environment schema`);
  const { $schema: _ignored, ...schema } = toJSONSchema(unwrap(node), { target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  if (QUANTITY_PATH.test(path)) Object.assign(schema, NUMERIC_QUANTITY);
  schema.description = descriptionAt(path.split('.'));
  return schema;
}

/** The environment schema's cross-field rules that bind one value, given the values present. */
function crossFieldRules(path: string, present: ReadonlySet<string>): Record<string, unknown> | undefined {
  // database.caBundle needs a verifying sslmode (src/config/container-rules.ts).
  if (path === 'database.options' && [...present].some((p) => p.startsWith('database.caBundle.'))) {
    return { pattern: '(^| )sslmode=verify-(full|ca)( |$)' };
  }
  return undefined;
}

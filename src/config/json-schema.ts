import { toJSONSchema } from 'zod/mini';
import type { z } from 'zod/mini';
import { environmentSchema, jsonSchemaExtras } from './schema';

/** Where the editor schema is committed, relative to the project root. */
export const ENVIRONMENT_SCHEMA_FILE = 'schemas/environment.schema.json';

/** The first line of every environment file: editors with the YAML language server validate against the schema. */
export const SCHEMA_MODELINE = `# yaml-language-server: $schema=../../${ENVIRONMENT_SCHEMA_FILE}`;

interface Def {
  readonly type: string;
  readonly in?: z.ZodMiniType;
}

/**
 * The JSON Schema (draft-07) of an environment file as written, generated from the zod schema:
 * keys, types, patterns, lengths, enums and defaults come from zod's own export; the rules zod
 * checks in code come from `jsonSchemaExtras`. One rule has no JSON Schema form: requests at
 * most the limits (quantities compare by value), which only synth checks.
 */
export function environmentJsonSchema(): Record<string, unknown> {
  const schema = toJSONSchema(environmentSchema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def as unknown as Def;
      // Quantities: YAML reads `cpu: 1` as a number, which the schema turns into a string first.
      if (def.type === 'pipe' && (def.in?._zod.def as unknown as Def | undefined)?.type === 'transform') {
        Object.assign(jsonSchema, { type: ['string', 'number'], minimum: 0 });
      }
      const extra = jsonSchemaExtras.get(zodSchema);
      if (extra) Object.assign(jsonSchema, extra);
    },
  }) as Record<string, unknown>;
  return { $schema: schema.$schema, title: 'enterprise-flyte environment file', ...schema };
}

/** The committed file's content. */
export function environmentJsonSchemaText(): string {
  return `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
}

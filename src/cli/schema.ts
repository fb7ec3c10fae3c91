import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENT_SCHEMA_FILE, environmentJsonSchemaText } from '../config/json-schema';
import { parseFlags } from './flags';
import type { Io } from './io';

/**
 * `enterprise-flyte schema [--write]`: the JSON Schema of environment files, generated from the
 * zod schema; prints it, or with --write refreshes schemas/environment.schema.json.
 */
export async function schemaCommand(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags('schema', argv, { write: { type: 'boolean' } });
  const text = environmentJsonSchemaText();
  if (!flags.write) {
    io.stdout.write(text);
    return 0;
  }
  const file = path.join(io.cwd, ENVIRONMENT_SCHEMA_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  io.stdout.write(`wrote ${ENVIRONMENT_SCHEMA_FILE}\n`);
  return 0;
}

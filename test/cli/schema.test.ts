import * as fs from 'fs';
import * as path from 'path';
import { environmentJsonSchemaText } from '../../src/config/json-schema';
import { cli, tmpProject } from '../helpers';

describe('enterprise-flyte schema', () => {
  test('prints the generated JSON Schema', () => {
    const r = cli(['schema'], tmpProject({}));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(environmentJsonSchemaText());
    expect(JSON.parse(r.stdout).title).toBe('enterprise-flyte environment file');
  });

  test('--write refreshes schemas/environment.schema.json', () => {
    const root = tmpProject({}, { 'schemas/environment.schema.json': '{"stale": true}\n' });
    const r = cli(['schema', '--write'], root);
    expect([r.status, r.stdout]).toEqual([0, 'wrote schemas/environment.schema.json\n']);
    expect(fs.readFileSync(path.join(root, 'schemas/environment.schema.json'), 'utf8')).toBe(environmentJsonSchemaText());
  });

  test('an unknown flag is one line, exit 2', () => {
    const r = cli(['schema', '--out', 'x'], tmpProject({}));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("enterprise-flyte: schema: Unknown option '--out' (options: --write)\n");
  });
});

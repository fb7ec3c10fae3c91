import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import * as YAML from 'yaml';
import * as f from '../../src/config/formats';
import { ENVIRONMENT_SCHEMA_FILE, environmentJsonSchema, environmentJsonSchemaText, SCHEMA_MODELINE } from '../../src/config/json-schema';
import { environmentSchema } from '../../src/config/schema';
import { invalidEnv, validEnv } from '../arbitraries';
import { validInput } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');
const SEED = 20261124;
const validate = new Ajv({ strict: false, allErrors: false }).compile(environmentJsonSchema());
/** What an editor sees: the YAML text parsed like synth parses it. */
const asEditor = (input: unknown) => validate(load(YAML.stringify(input), { schema: CORE_SCHEMA }));
const byZod = (input: unknown) => environmentSchema.safeParse(load(YAML.stringify(input), { schema: CORE_SCHEMA })).success;

describe('environment JSON Schema', () => {
  test('the committed schemas/environment.schema.json is the generated one', () => {
    const committed = fs.readFileSync(path.join(ROOT, ENVIRONMENT_SCHEMA_FILE), 'utf8');
    // On failure: run "npm run generate" and commit the file.
    expect(committed).toBe(environmentJsonSchemaText());
  });

  test('every committed environment file starts with the schema modeline and passes it', () => {
    expect(SCHEMA_MODELINE).toBe('# yaml-language-server: $schema=../../schemas/environment.schema.json');
    const dir = path.join(ROOT, 'config', 'environments');
    const files = fs.readdirSync(dir).filter((n) => n.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const name of files) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      expect([name, text.split('\n')[0]]).toEqual([name, SCHEMA_MODELINE]);
      // The relative path resolves from the file's folder to the committed schema.
      expect(fs.existsSync(path.resolve(dir, SCHEMA_MODELINE.split('$schema=')[1]))).toBe(true);
      expect([name, validate(load(text, { schema: CORE_SCHEMA }))]).toEqual([name, true]);
    }
  });

  test('is draft-07 with descriptions and defaults for the editor', () => {
    const schema = environmentJsonSchema() as any;
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['release', 'namespace', 'flyte', 'database', 'storage', 'serviceAccount', 'resources']);
    expect(schema.properties.database.properties.port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535, default: 5432, description: 'PostgreSQL port.' });
    expect(schema.properties.registry.properties.mapping.enum).toEqual(['path', 'flat']);
  });

  test('accepts every valid environment of the fuzz corpus, as zod does', () => {
    fc.assert(
      fc.property(validEnv, (input) => {
        expect(byZod(input)).toBe(true);
        expect(asEditor(input)).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('refuses every invalid environment of the fuzz corpus that zod refuses, except requests above limits', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(invalidEnv, ({ env, kind }) => {
        seen.add(kind);
        // Refused by synth's scan of the files it writes, not by a schema.
        expect(byZod(env)).toBe(kind === 'secret-named-key');
        // Quantities compare by value ("1Gi" < "2000Mi"), and namespaces are made of projects and
        // domains together, which JSON Schema cannot express: synth checks them.
        expect([kind, asEditor(env)]).toEqual([kind, ['requests', 'system-namespace', 'release-namespace', 'secret-named-key'].includes(kind)]);
      }),
      { seed: SEED, numRuns: 800 },
    );
    expect([...seen].sort()).toEqual([
      'bad-string', 'db-option', 'docker-hub', 'empty-namespaces', 'latest', 'merge-key', 'missing', 'odd-key', 'port', 'release-namespace', 'requests',
      'secret-named-key', 'system-namespace', 'unknown-key', 'wrong-type',
    ]);
  });

  test('agrees with zod on the rules zod checks in code', () => {
    const cases: unknown[] = [
      { ...validInput(), flyte: { version: 'latest' } },
      { ...validInput(), database: { ...validInput().database, host: '10.0.0.256' } },
      { ...validInput(), database: { ...validInput().database, host: '10.0.0.255' } },
      { ...validInput(), registry: { host: '300.1.1.1:5000', pullSecret: 'p' } },
      { ...validInput(), registry: { host: '10.1.1.1:5000', pullSecret: 'p' } },
      ...['a..b', '192.168.0.1', 'xn--abc', 'sthree-x', 'amzn-s3-demo-x', 'x-s3alias', 'x--ol-s3', 'x--x-s3', 'x--table-s3', 'x.mrap', 'good-bucket'].map((b) => ({
        ...validInput(),
        storage: { ...validInput().storage, metadataBucket: b },
      })),
      { ...validInput(), images: { waitForDb: 'postgres:latest' } },
      // externalSecret exactly when source is "externalSecret"
      { ...validInput(), database: { ...validInput().database, passwordSecret: { name: 's', key: 'k', source: 'externalSecret' } } },
      { ...validInput(), database: { ...validInput().database, passwordSecret: { name: 's', key: 'k', externalSecret: { storeName: 'st', remoteKey: 'rk' } } } },
      { ...validInput(), database: { ...validInput().database, passwordSecret: { name: 's', key: 'k', source: 'externalSecret', externalSecret: { storeName: 'st', remoteKey: 'rk' } } } },
      // YAML numbers where quantities are strings
      { ...validInput(), resources: { requests: { cpu: 1, memory: '1Gi' }, limits: { cpu: 2, memory: '2Gi' } } },
      { ...validInput(), resources: { requests: { cpu: -1, memory: '1Gi' }, limits: { cpu: 2, memory: '2Gi' } } },
    ];
    const verdicts = cases.map((c) => [byZod(c), asEditor(c)]);
    expect(verdicts.map(([zod, json]) => zod === json)).toEqual(cases.map(() => true));
    // Both verdicts occur, so the comparison is not vacuous.
    expect(new Set(verdicts.map(([zod]) => zod))).toEqual(new Set([true, false]));
  });

  test('tasks.env: a list of {name, value} with literal string values, as zod says', () => {
    const withEnv = (env: unknown) => ({ ...validInput(), tasks: { env } });
    const good = withEnv([{ name: 'PIP_INDEX_URL', value: 'https://nexus.corp.example/repository/pypi/simple' }, { name: 'hf_hub_offline', value: '1' }]);
    const bad = [
      withEnv([{ name: 'HF_HUB_OFFLINE', value: 1 }]),
      withEnv([{ name: 'PIP-INDEX', value: 'x' }]),
      withEnv([{ name: 'A' }]),
      withEnv([{ name: 'A', value: 'x', secretKeyRef: { name: 's', key: 'k' } }]),
      withEnv({ A: 'x' }),
    ];
    expect([byZod(good), asEditor(good)]).toEqual([true, true]);
    expect(bad.map((b) => [byZod(b), asEditor(b)])).toEqual(bad.map(() => [false, false]));
  });

  test('each format that refuses values beyond its pattern carries those rules as JSON Schema', () => {
    const withReject = Object.entries(f).filter(([, v]) => typeof v === 'object' && v !== null && 'reject' in v && (v as f.Format).reject);
    expect(withReject.map(([k]) => k).sort()).toEqual(['FLYTE_VERSION', 'HOSTNAME', 'IMAGE_TAG', 'INGRESS_HOST', 'NAMESPACE', 'REGISTRY_HOST', 'REGISTRY_LOCATION', 'S3_BUCKET', 'SECRET_KEY']);
    for (const [, format] of withReject) expect(f.rejectionSchema(format as f.Format)).toHaveProperty('allOf');
  });
});

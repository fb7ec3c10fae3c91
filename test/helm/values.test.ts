import Ajv from 'ajv';
import * as YAML from 'yaml';
import * as f from '../../src/config/formats';
import { descriptionAt, schemaAt, unwrap } from '../../src/config/schema-nav';
import { getPath, markersFor } from '../../src/helm/site-values';
import { valuesSchema, valuesYaml } from '../../src/helm/values';
import { specOf, validInput } from '../helpers';

const clone = <T>(v: T): any => JSON.parse(JSON.stringify(v));
const fullSpec = () => {
  const input = clone(validInput());
  input.ingress = { host: 'flyte.a.example', className: 'nginx-a', tlsSecret: 'tls-a' };
  return specOf(input);
};
const minimalSpec = () => {
  const input = clone(validInput());
  delete input.registry;
  return specOf(input);
};

describe('valuesYaml', () => {
  const spec = fullSpec();
  const text = valuesYaml(spec, markersFor(spec, ''));
  const values = YAML.parse(text, { version: '1.1' });

  test('holds the environment values (not the markers) under the environment file key names', () => {
    expect(values).toEqual({
      registry: { host: 'mirror.corp.example:5443', pullSecret: 'pull-a' },
      database: { host: 'db-a.internal', port: 6543, name: 'dbname_a', username: 'user_a', options: 'sslmode=verify-full', passwordSecret: { name: 'secret-a', key: 'key-a' } },
      storage: { region: 'eu-west-3', metadataBucket: 'meta-bucket-a', userDataBucket: 'user-bucket-a' },
      serviceAccount: { roleArn: 'arn:aws:iam::210987654321:role/path/role-a' },
      ingress: { host: 'flyte.a.example', className: 'nginx-a', tlsSecret: 'tls-a' },
      resources: { requests: { cpu: '250m', memory: '768Mi' }, limits: { cpu: '3', memory: '3Gi' } },
    });
    expect(text).not.toContain('zhv');
  });

  test('only the values it is given: an environment without a registry or ingress exposes neither', () => {
    const spec2 = minimalSpec();
    const v = YAML.parse(valuesYaml(spec2, markersFor(spec2, '')));
    expect(Object.keys(v)).toEqual(['database', 'storage', 'serviceAccount', 'resources']);
  });

  test('every key has its schema description as the comment line above it', () => {
    const lines = text.split('\n');
    const paths: string[][] = [];
    const walk = (o: Record<string, unknown>, prefix: string[]) => {
      for (const [k, v] of Object.entries(o)) {
        paths.push([...prefix, k]);
        if (v && typeof v === 'object') walk(v as Record<string, unknown>, [...prefix, k]);
      }
    };
    walk(values, []);
    expect(paths.length).toBeGreaterThan(25);
    for (const p of paths) {
      const indent = '  '.repeat(p.length - 1);
      const keyLine = lines.findIndex((l, i) => l.startsWith(`${indent}${p[p.length - 1]}:`) && lines[i - 1]?.startsWith(`${indent}# `) && lines[i - 1] === `${indent}# ${descriptionAt(p)}`);
      expect(`${p.join('.')}: ${keyLine > 0}`).toBe(`${p.join('.')}: true`);
    }
  });

  test('starts with a header comment on how to change the values', () => {
    expect(text.startsWith('# Site settings of this release.')).toBe(true);
    expect(text).toContain('--set or -f');
    expect(text).toContain('values.schema.json');
  });

  test('strings that YAML 1.1 would read as other types are quoted', () => {
    const input = clone(validInput());
    input.database.username = 'on';
    input.database.name = 'no';
    input.database.passwordSecret.key = '0o17';
    const s = specOf(input);
    const out = valuesYaml(s, markersFor(s, ''));
    const db = YAML.parse(out, { version: '1.1' }).database;
    expect([db.username, db.name, db.passwordSecret.key]).toEqual(['on', 'no', '0o17']);
  });

  test('long descriptions and values are not folded', () => {
    for (const line of text.split('\n')) expect(line.length).toBeLessThan(400);
    expect(text).toContain(`# ${descriptionAt(['database', 'passwordSecret', 'name'])}\n`);
  });
});

function setLeaf(obj: any, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  keys.reduce((o, k) => o[k], obj)[last] = value;
}

describe('valuesSchema', () => {
  const spec = fullSpec();
  const marked = markersFor(spec, '');
  const schema = valuesSchema(marked);
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  const values = () => YAML.parse(valuesYaml(spec, marked));

  test('draft-07, self-contained: no $ref, no nested $schema', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const text = JSON.stringify(schema);
    expect(text).not.toContain('$ref');
    expect(text.match(/\$schema/g)).toHaveLength(1);
  });

  test('every object is closed and requires exactly the keys it exposes', () => {
    const check = (node: any, path: string) => {
      if (node.type !== 'object') return;
      expect(`${path}: ${node.additionalProperties}`).toBe(`${path}: false`);
      expect(node.required.slice().sort()).toEqual(Object.keys(node.properties).sort());
      for (const [k, child] of Object.entries(node.properties)) check(child, `${path}.${k}`);
    };
    check(schema, '');
    expect((schema.required as string[]).slice().sort()).toEqual(['database', 'ingress', 'registry', 'resources', 'serviceAccount', 'storage']);
  });

  test('leaves carry the formats of the environment schema and their descriptions', () => {
    const props = (schema as any).properties;
    expect(props.database.properties.port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535, description: 'PostgreSQL port.' });
    expect(props.registry.properties.host).toMatchObject({ type: 'string', pattern: f.REGISTRY_LOCATION.pattern.source, maxLength: 200 });
    expect(props.storage.properties.metadataBucket.pattern).toBe(f.S3_BUCKET.pattern.source);
    expect(props.serviceAccount.properties.roleArn.pattern).toBe(f.IAM_ROLE_ARN.pattern.source);
    expect(props.database.description).toBe(descriptionAt(['database']));
    expect(props.database.properties.passwordSecret.properties.key.description).toBe(descriptionAt(['database', 'passwordSecret', 'key']));
  });

  test('quantities may be strings or numbers (--set resources.limits.cpu=2)', () => {
    const cpu = (schema as any).properties.resources.properties.limits.properties.cpu;
    expect(cpu.type).toEqual(['string', 'number']);
    expect(cpu.pattern).toBe(f.QUANTITY.pattern.source);
  });

  test('accepts the values of values.yaml, and numeric quantities', () => {
    expect(validate(values())).toBe(true);
    const v = values();
    v.resources.limits.cpu = 4;
    expect(validate(v)).toBe(true);
  });

  test.each([
    ['an unknown top-level key', (v: any) => { v.databse = {}; }],
    ['an unknown nested key', (v: any) => { v.database.hostname = 'x'; }],
    ['a missing key', (v: any) => { delete v.storage.region; }],
    ['a port out of range', (v: any) => { v.database.port = 70000; }],
    ['a port as a string', (v: any) => { v.database.port = '5432'; }],
    ['a registry host with a scheme', (v: any) => { v.registry.host = 'https://mirror'; }],
    ['a bad quantity', (v: any) => { v.resources.requests.memory = '1 GB'; }],
    ['a short role ARN', (v: any) => { v.serviceAccount.roleArn = 'arn:aws:iam::1:role/x'; }],
    ['a bucket with capitals', (v: any) => { v.storage.userDataBucket = 'Bucket'; }],
  ])('refuses %s', (_name, edit) => {
    const v = values();
    edit(v);
    expect(validate(v)).toBe(false);
  });

  // Values near the edges of each format: the chart schema must refuse exactly what the
  // environment schema refuses (for a single field; cross-field rules cannot be JSON Schema).
  const TRICKY = [
    'latest', '10.1.2.3', '10.0.0.256', '1.2.3.4:5000', '1.2.3.999:80', 'flyte.123', 'a..b', 'sthree-x', 'x--ol-s3', 'xn--abc',
    'sslmode=require password=Zq81', 'sslpassword=a', 'sslmode=a\u00a0b', 'sslmode=a\u2028b', 'sslmode=verify-full', 'default', 'kube-system',
    'db.corp', 'mirror.corp:5443', 'A', '-a', 'a'.repeat(64), '500m', '1Gi', 'arn:aws:iam::123456789012:role/x', 'us-east-1',
    // Registry path prefixes: Harbor and Artifactory layouts, a Docker Hub namespace, bad paths.
    'harbor.corp/flyte', 'art.corp:8443/docker-local/team', 'myteam/flyte', 'localhost/x', '10.0.0.1/x', '256.0.0.1/x', 'harbor.corp/Flyte', 'harbor.corp/', 'harbor.corp/a//b',
  ];
  test.each(marked.map((m) => m.path).filter((p) => typeof getPath(spec, p) === 'string'))('%s: the chart schema agrees with the environment schema', (leaf) => {
    const node = schemaAt(leaf.split('.'))!;
    for (const value of TRICKY) {
      const v = values();
      setLeaf(v, leaf, value);
      const expected = unwrap(node).safeParse(value).success;
      expect(`${JSON.stringify(value)}: ${validate(v)}`).toBe(`${JSON.stringify(value)}: ${expected}`);
    }
  });

  test('only the exposed values are in the schema', () => {
    const minimal = valuesSchema(markersFor(minimalSpec(), ''));
    expect(Object.keys((minimal as any).properties)).toEqual(['database', 'storage', 'serviceAccount', 'resources']);
  });

  test('a path outside the environment schema is a programming error', () => {
    expect(() => valuesSchema([{ path: 'database.nope', marker: 'x' }])).toThrow('helm: database.nope is not in the environment schema');
  });
});

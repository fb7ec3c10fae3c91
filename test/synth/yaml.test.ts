import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { parseAll, quoted, toYaml } from '../../src/synth/yaml';
import { tool } from '../helpers';

/** Strings that YAML 1.1 (go-yaml, used by kubectl, Helm and Flyte) reads as another type when left plain. */
const TRICKY = [
  'on', 'off', 'y', 'n', 'yes', 'no', 'Y', 'NO', 'On', 'true', 'False', '~', 'null', 'Null',
  '1.10', '010', '0x1F', '0X1F', '0b101', '0B1', '0o17', '0O7', '-0o7', '+0o7', '1_000', '1e3', '.5', '+1', '-0',
  '12:30', '2001-12-14', '.inf', '-.inf', '.NaN', '0.1_0',
];

describe('toYaml', () => {
  test.each(TRICKY)('%j stays a string for a YAML 1.1 reader', (s) => {
    const text = toYaml({ v: s });
    expect(text).toBe(`v: "${s}"\n`);
    expect(YAML.parse(text, { version: '1.1' }).v).toBe(s);
    expect(YAML.parse(text, { version: '1.2' }).v).toBe(s);
  });

  test('plain words, names and versions stay plain', () => {
    expect(toYaml({ a: 'flyte', b: 'v1.16.8', c: 'flyte-backend-flyte-binary', d: 'sslmode=require' })).toBe('a: flyte\nb: v1.16.8\nc: flyte-backend-flyte-binary\nd: sslmode=require\n');
  });

  test('numbers and booleans are written as such', () => {
    expect(toYaml({ port: 8088, enabled: true, ratio: 0.5 })).toBe('port: 8088\nenabled: true\nratio: 0.5\n');
  });

  test('multi-line strings are literal blocks', () => {
    expect(toYaml({ script: 'until pg_isready\ndo\n  sleep 1\ndone\n' })).toBe('script: |\n  until pg_isready\n  do\n    sleep 1\n  done\n');
    expect(toYaml({ s: 'a\nb' })).toBe('s: |-\n  a\n  b\n');
    expect(YAML.parse(toYaml({ s: 'a\n  b\n' })).s).toBe('a\n  b\n');
  });

  test('long lines are never folded', () => {
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const text = toYaml({ long });
    expect(text).toBe(`long: ${long}\n`);
    expect(text.split('\n')).toHaveLength(2);
  });

  test('keys keep the order of the object', () => {
    expect(toYaml({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' } })).toBe('kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: x\n');
  });

  test('quoted() is always double-quoted, also where plain would do', () => {
    expect(toYaml({ image: quoted('reg.corp/flyte:v1'), name: quoted('flyte') })).toBe('image: "reg.corp/flyte:v1"\nname: "flyte"\n');
    expect(YAML.parse(toYaml({ v: quoted('1.10') }), { version: '1.1' }).v).toBe('1.10');
  });

  describe('quoteIf', () => {
    const isMarker = (s: string) => s.startsWith('zhv');

    test('double-quotes the single-line string values it selects', () => {
      const text = toYaml({ host: 'zhv3z', other: 'plain', list: ['zhv1z', 'x'] }, { quoteIf: isMarker });
      expect(text).toBe('host: "zhv3z"\nother: plain\nlist:\n  - "zhv1z"\n  - x\n');
    });

    test('never quotes keys, numbers or multi-line strings', () => {
      const text = toYaml({ zhvkey: 1, port: 64101, script: 'zhv\nline\n' }, { quoteIf: () => true });
      expect(text).toBe('zhvkey: 1\nport: 64101\nscript: |\n  zhv\n  line\n');
    });

    test('sees every string value, nested ones included', () => {
      const seen: string[] = [];
      toYaml({ a: 'one', b: { c: ['two', { d: 'three' }] }, e: 4 }, { quoteIf: (s) => (seen.push(s), false) });
      expect(seen.sort()).toEqual(['one', 'three', 'two']);
    });
  });

  // go-yaml, not the yaml library, is what reads the output in the cluster: Helm reads values.yaml with it.
  test('a real go-yaml reader (Helm) reads back every tricky string unchanged', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-yaml-'));
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.writeFileSync(path.join(dir, 'Chart.yaml'), toYaml({ apiVersion: 'v2', name: 'probe', version: '0.1.0' }));
    fs.writeFileSync(path.join(dir, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\ndata:\n  json: {{ .Values | toJson | quote }}\n');
    const values = Object.fromEntries(TRICKY.map((s, i) => [`k${i}`, s]));
    fs.writeFileSync(path.join(dir, 'values.yaml'), toYaml(values));
    const r = tool('helm', ['template', 'probe', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const seen = JSON.parse((parseAll(r.stdout)[0] as any).data.json);
    expect(seen).toEqual(values);
  });
});

describe('parseAll', () => {
  test('returns every document of a stream and drops empty ones', () => {
    expect(parseAll('a: 1\n---\n---\nb: 2\n---\n# only a comment\n')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(parseAll('')).toEqual([]);
    expect(parseAll('---\n')).toEqual([]);
  });

  test('reads as YAML 1.1, like go-yaml: plain on/yes/y are booleans', () => {
    expect(parseAll('a: on\nb: yes\nc: "on"\nd: y\n')).toEqual([{ a: true, b: true, c: 'on', d: true }]);
  });

  test('reads back what toYaml writes', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { 'x.yaml': 'k: v\nlist:\n  - 1\n', flag: 'on', version: '1.10' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' }, spec: { ports: [{ port: 8088 }] } },
    ];
    expect(parseAll(objects.map((o) => toYaml(o)).join('---\n'))).toEqual(objects);
  });

  test('throws the first syntax error', () => {
    expect(() => parseAll('a: [1, 2\n')).toThrow(/Flow sequence|end with a \]/);
    expect(() => parseAll('ok: 1\n---\na: b: c\n')).toThrow(/Nested mappings are not allowed|mapping/);
  });
});

/**
 * Property-based tests of the whole synth over generated environment files (fast-check, seeded).
 * Valid files always synthesise to objects that pass the policy and the Kubernetes schemas;
 * invalid files always end in one line naming the file and the field, exit code 2, and an
 * untouched dist/.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { runCli } from '../../src/cli/run';
import { parseEnvironment } from '../../src/config/load';
import { checkEnvironment } from '../../src/policy/environment-policy';
import { buildEnvironment, environmentFiles } from '../../src/synth/environment';
import { validEnv } from '../arbitraries';
import { modelClass, snapshotTree, tmpProject } from '../helpers';

const SEED = 20261124;
const VALID_RUNS = 300;
const INVALID_RUNS = 800;

/** Paths of every leaf and object in a value. */
function paths(v: unknown, prefix: string[] = []): string[][] {
  if (v === null || typeof v !== 'object') return [prefix];
  const own = Array.isArray(v) ? v.map((x, i) => paths(x, [...prefix, String(i)])) : Object.entries(v).map(([k, x]) => paths(x, [...prefix, k]));
  return [prefix, ...own.flat()].filter((p) => p.length > 0);
}
function at(obj: any, p: string[]): any {
  return p.reduce((o, k) => o[k], obj);
}

/** One mutation that makes a valid environment invalid, with the field the error must name. */
const invalidCase = fc
  .tuple(validEnv, fc.nat(), fc.constantFrom('unknown-key', 'wrong-type', 'bad-string', 'missing', 'latest', 'port', 'requests'), fc.string({ minLength: 1, maxLength: 12 }))
  .map(([env, pick, kind, junk]) => {
    const all = paths(env);
    const leaves = all.filter((p) => typeof at(env, p) === 'string');
    // Settings objects, not maps of labels whose keys are data.
    // Maps whose keys and values are data (labels, annotations, node selectors) take any string.
    const dataMap = (p: string[]) => p.some((k) => k === 'labels' || k === 'annotations' || k === 'nodeSelector');
    const objects = all.filter((p) => { const v = at(env, p); return v && typeof v === 'object' && !Array.isArray(v) && !dataMap(p); });
    switch (kind) {
      case 'unknown-key': {
        const p = objects[pick % objects.length];
        const key = `x${junk.replace(/\W/g, '')}key`;
        return invalid(env, (e) => { at(e, p)[key] = 1; }, `${p.join('.')}.${key}`);
      }
      case 'wrong-type': {
        const p = leaves[pick % leaves.length];
        return invalid(env, (e) => { at(e, p.slice(0, -1))[p[p.length - 1]] = [1, 2]; }, p.join('.'));
      }
      case 'bad-string': {
        const candidates = leaves.filter((q) => !['options', 'property', 'remoteKey', 'reason', 'mapping', 'source', 'provider', 'interval', 'type', 'operator', 'effect', 'whenUnsatisfiable'].includes(q[q.length - 1]) && !(q[0] === 'metrics') && !dataMap(q));
        const p = candidates[pick % candidates.length];
        return invalid(env, (e) => { at(e, p.slice(0, -1))[p[p.length - 1]] = `${junk} INVALID/${junk}`; }, p.join('.'));
      }
      case 'missing': {
        const required = [['release'], ['namespace'], ['flyte', 'version'], ['database', 'host'], ['database', 'username'], ['storage', 'region'], ['serviceAccount', 'roleArn'], ['resources', 'limits', 'cpu']];
        const p = required[pick % required.length];
        return invalid(env, (e) => { delete at(e, p.slice(0, -1))[p[p.length - 1]]; }, p.join('.'));
      }
      case 'latest':
        return invalid(env, (e) => { e.flyte.version = 'latest'; }, 'flyte.version');
      case 'port':
        return invalid(env, (e) => { e.database.port = [0, 65536, -1, 1.5, 100000][pick % 5]; }, 'database.port');
      default:
        return invalid(env, (e) => { e.resources.requests.memory = '99999Gi'; }, 'resources.requests.memory');
    }
  });

function invalid(env: any, mutate: (e: any) => void, field: string) {
  const copy = JSON.parse(JSON.stringify(env));
  mutate(copy);
  return { env: copy, field };
}

describe('fuzzed environment files', () => {
  test(`${VALID_RUNS} valid environments synthesise to objects that pass the policy and the Kubernetes schemas`, async () => {
    await fc.assert(
      fc.asyncProperty(validEnv, async (input) => {
        const spec = parseEnvironment('config/environments/fuzz.yaml', YAML.stringify(input));
        const model = buildEnvironment({ name: 'fuzz', file: 'config/environments/fuzz.yaml', spec }, { root: '.', lock: {}, warn: () => undefined });
        expect(checkEnvironment(model).violations).toEqual([]);
        for (const obj of model.objects) {
          const Model = modelClass(obj.apiVersion, obj.kind);
          if (Model) new Model(obj).validate();
        }
        const files = await environmentFiles(model, { root: '.', lock: {}, warn: () => undefined });
        expect(files.some((f) => f.path.startsWith('chart/templates/'))).toBe(true);
      }),
      { seed: SEED, numRuns: VALID_RUNS },
    );
  });

  test(`${INVALID_RUNS} invalid environments end in one line naming the field; exit 2; dist/ untouched`, async () => {
    const root = tmpProject({});
    fs.mkdirSync(path.join(root, 'dist', 'previous'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist', 'previous', 'manifest.yaml'), 'kind: ConfigMap\n');
    const before = snapshotTree(path.join(root, 'dist'));
    const file = path.join(root, 'config', 'environments', 'fuzz.yaml');
    await fc.assert(
      fc.asyncProperty(invalidCase, async ({ env, field }) => {
        fs.writeFileSync(file, YAML.stringify(env));
        let out = '';
        let err = '';
        const code = await runCli(['synth'], { cwd: root, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {} });
        expect(code).toBe(2);
        expect(out).toBe('');
        expect(err.endsWith('\n')).toBe(true);
        expect(err.trimEnd().split('\n')).toHaveLength(1);
        expect(err.startsWith(`enterprise-flyte: config/environments/fuzz.yaml: ${field}`)).toBe(true);
        expect(err).not.toMatch(/\n\s+at /);
        expect(snapshotTree(path.join(root, 'dist'))).toEqual(before);
      }),
      { seed: SEED, numRuns: INVALID_RUNS },
    );
  });
});

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
import { environmentFiles } from '../../src/synth/environment';
import { buildEnvironment } from '../../src/synth/model';
import { invalidEnv, validEnv } from '../arbitraries';
import { modelClass, snapshotTree, tmpProject } from '../helpers';

const SEED = 20261124;
const VALID_RUNS = 300;
const INVALID_RUNS = 800;

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
      fc.asyncProperty(invalidEnv, async ({ env, field }) => {
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

/**
 * Every environment's Flyte config folder, and the fuzzed valid ones, load through Flyte v1.16.8's
 * own loader with StrictMode on (the conformance harness): no key Flyte does not register, no
 * value of a type it cannot decode. The folder is assembled as the pod's projected volume is,
 * Secret-provided files included.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { listEnvironments, loadEnvironment, parseEnvironment } from '../../src/config/load';
import type { EnvironmentSpec } from '../../src/config/schema';
import { buildEnvironment } from '../../src/synth/model';
import type { KubeObject } from '../../src/synth/manifests';
import { validEnv } from '../arbitraries';
import { ROOT } from '../helpers';
import { assembleConfigDir, checkConfigDirs, checkClientSecret, effectiveConfig } from './harness';
import { configSecrets, flyteHashFile, newClientSecret } from './operator-secrets';

const SEED = 20261124;
const FUZZ_RUNS = 150;
const ctx = { root: ROOT, lock: {}, warn: () => undefined };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-strict-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function configDirOf(name: string, spec: EnvironmentSpec, objects: readonly KubeObject[], secret?: string): string {
  const auth = (spec as any).auth;
  const secrets = configSecrets(objects, { secret, hashProperty: auth?.internalClient?.clientSecret?.hashProperty, makeHashFile: flyteHashFile }, auth?.internalClient?.clientId ?? 'flytepropeller');
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  return assembleConfigDir(objects, secrets, dir);
}

describe('strict load through Flyte\'s own loader', () => {
  test.each(listEnvironments(ROOT))('environment %s', (name) => {
    const env = loadEnvironment(ROOT, name);
    const objects = buildEnvironment(env, ctx).objects;
    const secret = newClientSecret();
    const dir = configDirOf(`env-${name}`, env.spec, objects, secret);
    const config = effectiveConfig(dir);
    expect(Object.keys(config)).toEqual(expect.arrayContaining(['admin', 'cluster_resources', 'database', 'logger', 'plugins', 'propeller', 'storage']));
    if ((env.spec as any).auth) {
      // The internal server's hash of the client secret decodes to what propeller's secret matches.
      fs.writeFileSync(path.join(work, `${name}.secret`), secret, { mode: 0o600 });
      expect(checkClientSecret(dir, config.admin.clientId, path.join(work, `${name}.secret`))).toEqual({ ok: true, message: 'ok' });
    }
  });

  test(`${FUZZ_RUNS} fuzzed valid environments load strictly (one harness run); Flyte reads their tasks.env`, () => {
    const inputs = fc.sample(validEnv, { seed: SEED, numRuns: FUZZ_RUNS });
    const secret = newClientSecret();
    const dirs = inputs.map((input, i) => {
      const spec = parseEnvironment('config/environments/fuzz.yaml', YAML.stringify(input));
      const objects = buildEnvironment({ name: 'fuzz', file: 'config/environments/fuzz.yaml', spec }, { ...ctx, root: '.' }).objects;
      return configDirOf(`fuzz-${i}`, spec, objects, secret);
    });
    expect(checkConfigDirs(dirs)).toEqual({});
    // The generator sets tasks.env sometimes: Flyte reads each variable with its name's case and its value as a string.
    const withEnv = inputs.map((input: any, i) => [input.tasks?.env, dirs[i]] as const).filter(([env]) => env !== undefined);
    expect(withEnv.length).toBeGreaterThan(FUZZ_RUNS / 4);
    for (const [env, dir] of withEnv.slice(0, 3)) {
      expect(effectiveConfig(dir).plugins.k8s['default-env-vars']).toMatchObject(Object.fromEntries(env.map((v: { name: string; value: string }) => [v.name, v.value])));
    }
  });

  test('the harness refuses what Flyte does not register or cannot decode, naming the key', () => {
    const dir = path.join(work, 'refused');
    fs.mkdirSync(dir);
    const cases: Array<[string, RegExp]> = [
      ['logger:\n  levle: 3\n', /'logger' has invalid keys: levle/],
      ['loggr:\n  level: 3\n', /received keys \[map\[loggr:\{\}\]\] to decode with no config assigned/],
      ['plugins:\n  k8s:\n    inject-finalizer: maybe\n', /'plugins\.k8s\.inject-finalizer' cannot parse value as 'bool'/],
      ['cluster_resources:\n  customData: 7\n', /'cluster_resources\.customData'/],
    ];
    for (const [text, message] of cases) {
      fs.writeFileSync(path.join(dir, '000-test.yaml'), text);
      expect(checkConfigDirs([dir])[dir]).toMatch(message);
    }
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { parseEnvironment } from '../src/config/load';
import type { EnvironmentInput } from '../src/config/schema';
import { FlyteEnvironment } from '../src/constructs/flyte-environment';
import { chartObjects, KubeObject } from '../src/synth/manifests';

/** A valid environment whose every value differs from the other's, so tests can tell them apart. */
export function validInput(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    release: 'rel-a',
    namespace: 'ns-a',
    flyte: { version: 'v9.8.7' },
    registry: { host: 'mirror.corp.example:5443', pullSecret: 'pull-a' },
    database: {
      host: 'db-a.internal',
      port: 6543,
      name: 'dbname_a',
      username: 'user_a',
      options: 'sslmode=verify-full',
      passwordSecret: { name: 'secret-a', key: 'key-a' },
    },
    storage: { provider: 's3', region: 'eu-west-3', metadataBucket: 'meta-bucket-a', userDataBucket: 'user-bucket-a' },
    serviceAccount: { roleArn: 'arn:aws:iam::210987654321:role/path/role-a' },
    resources: { requests: { cpu: '250m', memory: '768Mi' }, limits: { cpu: '3', memory: '3Gi' } },
    ...overrides,
  };
}

/** Validates an input like an environment file would be. */
export function specOf(input: unknown) {
  return parseEnvironment('test.yaml', YAML.stringify(input));
}

/** Builds the objects of one environment in memory. */
export function objectsOf(input: unknown, digests: Record<string, string> = {}): KubeObject[] {
  const chart = new FlyteEnvironment(new App({ outdir: '.' }), 'test', { spec: specOf(input), digests });
  return chartObjects(chart);
}

export function find(objects: KubeObject[], kind: string, name: string): any {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

/** A throw-away project folder with the given environment files (name -> YAML text or object). */
export function tmpProject(envs: Record<string, unknown>, extra: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-test-'));
  fs.mkdirSync(path.join(root, 'config', 'environments'), { recursive: true });
  for (const [name, env] of Object.entries(envs)) {
    fs.writeFileSync(path.join(root, 'config', 'environments', `${name}.yaml`), typeof env === 'string' ? env : YAML.stringify(env));
  }
  for (const [file, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** The project root of this repository. */
export const ROOT = path.resolve(__dirname, '..');

/** The kubernetes-models class for an apiVersion/kind, or undefined for custom resources. */
export function modelClass(apiVersion: string, kind: string): (new (data: unknown) => { validate(): void }) | undefined {
  try {
    return require(`kubernetes-models/${apiVersion}`)[kind];
  } catch {
    return undefined;
  }
}

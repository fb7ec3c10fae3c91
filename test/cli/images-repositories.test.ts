import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtCli, freePort, runAsync, tmpProject, validInput } from '../helpers';
import { StubEcr } from '../images/stub-ecr';

// The real built CLI (with its on-demand ECR bundle), in a child process, with the real AWS SDK
// talking to a local stand-in of the ECR API.

const ECR = '210987654321.dkr.ecr.eu-west-3.amazonaws.com';
let tmp: string;
let cli: string;
// Stand-ins and projects of every test, removed at the end.
const stubs: StubEcr[] = [];
const roots: string[] = [];

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-cli-ecr-'));
  cli = builtCli(tmp);
});
afterAll(async () => {
  for (const s of stubs) await s.stop();
  for (const r of [tmp, ...roots]) fs.rmSync(r, { recursive: true, force: true });
});

function env(endpoint: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: tmp,
    AWS_ENDPOINT_URL_ECR: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_CONFIG_FILE: path.join(tmp, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function project(registry: Record<string, unknown>): string {
  const root = tmpProject({ prod: validInput({ registry: registry as never }) });
  roots.push(root);
  return root;
}

const run = (args: string[], cwd: string, e: NodeJS.ProcessEnv) => runAsync(process.execPath, [cli, 'images', 'create-repositories', ...args], { cwd, env: e });

describe('images create-repositories', () => {
  test('creates the repositories of every image under the ECR prefix, once', async () => {
    const stub = await StubEcr.start([`flyte-mirror/library/postgres`]);
    stubs.push(stub);
    const root = project({ host: `${ECR}/flyte-mirror` });
    const first = await run(['--env', 'prod'], root, env(stub.url));
    expect(first).toEqual({
      code: 0,
      stdout: [
        `created ${ECR}/flyte-mirror/flyteorg/flyte-binary-release`,
        `created ${ECR}/flyte-mirror/flyteorg/flytecopilot-release`,
        `exists  ${ECR}/flyte-mirror/library/postgres`,
        `2 created, 1 already there, in ${ECR}`,
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(stub.requests.map((r) => r.body)).toEqual([
      { registryId: '210987654321', repositoryName: 'flyte-mirror/flyteorg/flyte-binary-release' },
      { registryId: '210987654321', repositoryName: 'flyte-mirror/flyteorg/flytecopilot-release' },
      { registryId: '210987654321', repositoryName: 'flyte-mirror/library/postgres' },
    ]);
    const again = await run(['--env', 'prod'], root, env(stub.url));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`0 created, 3 already there, in ${ECR}\n`);
  });

  test('flat mapping: the last path element under the prefix', async () => {
    const stub = await StubEcr.start();
    stubs.push(stub);
    const root = project({ host: `${ECR}/team-a`, mapping: 'flat' });
    expect((await run(['--env', 'prod'], root, env(stub.url))).code).toBe(0);
    expect([...stub.repositories].sort()).toEqual(['team-a/flyte-binary-release', 'team-a/flytecopilot-release', 'team-a/postgres']);
  });

  test('an unreachable ECR API: one line, exit 3', async () => {
    const port = await freePort();
    const root = project({ host: ECR });
    const r = await run(['--env', 'prod', '--timeout-seconds', '2'], root, env(`http://127.0.0.1:${port}`));
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `enterprise-flyte: creating ECR repository flyteorg/flyte-binary-release in ${ECR}: could not reach the ECR API (ECONNREFUSED); check the network path to it (DNS, proxy, VPC endpoint, AWS_ENDPOINT_URL_ECR)\n`,
    );
  });

  test('refuses a registry that is not ECR, a missing --env and a bad timeout, before any request (exit 2)', async () => {
    const stub = await StubEcr.start();
    stubs.push(stub);
    const harbor = project({ host: 'harbor.corp.example/flyte', pullSecret: 'pull' });
    const r = await run(['--env', 'prod'], harbor, env(stub.url));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('enterprise-flyte: "harbor.corp.example" is not an ECR registry; expected an Amazon ECR host "<account>.dkr.ecr.<region>.amazonaws.com" (other registries create repositories on push, or in their own console)\n');
    const noEnv = await run([], harbor, env(stub.url));
    expect([noEnv.code, noEnv.stderr]).toEqual([2, 'enterprise-flyte: images create-repositories: --env is missing; pass the environment whose ECR repositories to create, for example --env prod\n']);
    const timeout = await run(['--env', 'prod', '--timeout-seconds', '0'], harbor, env(stub.url));
    expect([timeout.code, timeout.stderr]).toEqual([2, 'enterprise-flyte: --timeout-seconds: "0" is not allowed; expected a number of seconds above 0 and at most 600\n']);
    expect(stub.requests).toEqual([]);
  });
});

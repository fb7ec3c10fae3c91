import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRepositories, ecrFailure } from '../../src/images/ecr-repositories';
import { EXIT, UserError } from '../../src/errors';
import { EcrBehaviour, StubEcr } from './stub-ecr';

// The real AWS SDK ECR client against a local stand-in of the ECR API on 127.0.0.1.

const SERVER = '210987654321.dkr.ecr.eu-west-3.amazonaws.com';
let home: string;
let saved: NodeJS.ProcessEnv;
const stubs: StubEcr[] = [];

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-ecr-'));
  saved = { ...process.env };
});
afterEach(async () => {
  while (stubs.length > 0) await stubs.pop()!.stop();
  process.env = { ...saved };
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

async function stub(existing: string[] = [], behaviour: Record<string, EcrBehaviour> = {}): Promise<StubEcr> {
  const s = await StubEcr.start(existing, behaviour);
  stubs.push(s);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_ECR: s.url,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_CONFIG_FILE: path.join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_REGION;
  return s;
}

describe('createRepositories', () => {
  test('creates the missing repositories in the account and region of the host, and leaves existing ones', async () => {
    const s = await stub(['mirror/library/postgres']);
    const out = await createRepositories({ server: SERVER, repositories: ['mirror/flyteorg/flyte-binary-release', 'mirror/library/postgres'] });
    expect(out).toEqual([
      { repository: 'mirror/flyteorg/flyte-binary-release', created: true },
      { repository: 'mirror/library/postgres', created: false },
    ]);
    expect(s.requests.map((r) => [r.operation, r.body])).toEqual([
      ['CreateRepository', { registryId: '210987654321', repositoryName: 'mirror/flyteorg/flyte-binary-release' }],
      ['CreateRepository', { registryId: '210987654321', repositoryName: 'mirror/library/postgres' }],
    ]);
    // Signed with SigV4 for ECR in the host's region (not AWS_REGION, which is unset).
    expect(s.requests[0].authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-3\/ecr\/aws4_request/);
    expect([...s.repositories].sort()).toEqual(['mirror/flyteorg/flyte-binary-release', 'mirror/library/postgres']);
  });

  test('a second run creates nothing', async () => {
    await stub(['a/b', 'c']);
    expect(await createRepositories({ server: SERVER, repositories: ['a/b', 'c'] })).toEqual([
      { repository: 'a/b', created: false },
      { repository: 'c', created: false },
    ]);
  });

  test('access denied: one line naming the permission, exit 2; nothing after it is tried', async () => {
    const s = await stub([], { first: { status: 400, type: 'AccessDeniedException', message: 'User: arn:aws:iam::210987654321:user/ci is not authorized to perform: ecr:CreateRepository' } });
    const err = await createRepositories({ server: SERVER, repositories: ['first', 'second'] }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.exitCode).toBe(EXIT.INPUT);
    expect(err.message).toBe(
      `creating ECR repository first in ${SERVER}: access denied (User: arn:aws:iam::210987654321:user/ci is not authorized to perform: ecr:CreateRepository); allow ecr:CreateRepository on the repository to these credentials`,
    );
    expect(s.requests.map((r) => r.body.repositoryName)).toEqual(['first']);
  });

  test('an answer that trickles in is cut off at the timeout: one line, exit 3', async () => {
    const s = await stub([], { slow: 'trickle' });
    const err = await createRepositories({ server: SERVER, repositories: ['slow', 'next'], timeoutSeconds: 0.4 }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.exitCode).toBe(EXIT.SERVICE);
    expect(err.message).toBe(
      `creating ECR repository slow in ${SERVER}: the ECR API at ${s.url} did not finish its answer within 0.4s; check the network path to it (proxy, VPC endpoint, AWS_ENDPOINT_URL_ECR) or raise --timeout-seconds`,
    );
    expect(s.requests.map((r) => r.body.repositoryName)).toEqual(['slow']);
  });

  test('an answer over 1 MiB is cut off, not read into memory', async () => {
    const s = await stub([], { big: 'huge' });
    const err = await createRepositories({ server: SERVER, repositories: ['big'], timeoutSeconds: 20 }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.exitCode).toBe(EXIT.SERVICE);
    expect(err.message).toBe(
      `creating ECR repository big in ${SERVER}: the ECR API at ${s.url} answered more than 1048576 bytes, far more than a CreateRepository answer; check that it is the ECR API`,
    );
  });

  test('a host that is not ECR is refused before any request', async () => {
    const s = await stub();
    await expect(createRepositories({ server: 'harbor.corp.example', repositories: ['x'] })).rejects.toThrow(
      '"harbor.corp.example" is not an ECR registry; expected an Amazon ECR host "<account>.dkr.ecr.<region>.amazonaws.com"',
    );
    expect(s.requests).toEqual([]);
  });
});

describe('ecrFailure', () => {
  const ctx = { server: SERVER, repository: 'r' };
  test.each([
    [{ name: 'ExpiredTokenException', message: 'x' }, EXIT.INPUT, 'the AWS credentials have expired (ExpiredTokenException)'],
    [{ name: 'UnrecognizedClientException', message: 'bad key' }, EXIT.INPUT, 'the AWS credentials were rejected (UnrecognizedClientException: bad key)'],
    [{ name: 'ThrottlingException', message: 'slow' }, EXIT.SERVICE, 'ECR kept throttling the request (ThrottlingException)'],
    [{ name: 'ServerException', message: 'boom', $fault: 'server', $metadata: { httpStatusCode: 500 } }, EXIT.SERVICE, 'ECR failed (ServerException, HTTP 500: boom)'],
    [{ name: 'InvalidParameterException', message: 'bad name' }, EXIT.INPUT, 'ECR refused it (InvalidParameterException: bad name)'],
    // A socket error reaches us wrapped by the SDK, its code on the cause.
    [{ name: 'Error', message: 'wrapper', cause: { code: 'ECONNREFUSED' } }, EXIT.SERVICE, 'could not reach the ECR API (ECONNREFUSED)'],
  ])('%j', (error, exit, fragment) => {
    const e = ecrFailure(error, ctx) as UserError;
    expect(e).toBeInstanceOf(UserError);
    expect(e.exitCode).toBe(exit);
    expect(e.message).toContain(`creating ECR repository r in ${SERVER}: ${fragment}`);
    expect(e.message).not.toContain('\n');
  });

  test('an unknown error is passed through unchanged', () => {
    const original = new Error('odd');
    expect(ecrFailure(original, ctx)).toBe(original);
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { boundAnswers, boundedFailure } from '../../src/eks/bounded-answer';
import { EXIT, UserError } from '../../src/errors';
import { sdkEnv, StubEks } from './stub-eks';

// The real SDK client against the local EKS stand-in; describe-cluster.test.ts and
// ecr-repositories.test.ts check the messages each command builds on these.

let home: string;
let saved: NodeJS.ProcessEnv;
let stub: StubEks | undefined;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-bounded-'));
  saved = process.env;
});
afterEach(async () => {
  await stub?.stop();
  stub = undefined;
  process.env = saved;
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function client(url: string): EKSClient {
  process.env = { ...sdkEnv(url, home), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  return new EKSClient({ maxAttempts: 1 });
}

describe('boundAnswers', () => {
  test('names the service until a request went out, then the endpoint it went to', async () => {
    stub = await StubEks.start([{ trickle: true }]);
    const c = client(stub.url);
    const bounded = boundAnswers(c, { service: 'Acme', endpointVariable: 'ACME_URL', answerIs: 'a small answer', timeoutSeconds: 0.3 });
    expect(bounded.endpoint()).toBe('the Acme endpoint');
    const raw = await c.send(new DescribeClusterCommand({ name: 'x' })).catch((e) => e);
    c.destroy();
    expect(bounded.endpoint()).toBe(stub.url);
    // What the SDK throws is its own wrapper; boundedFailure digs out the one line.
    const e = boundedFailure(raw)!;
    expect(e).toBeInstanceOf(UserError);
    expect(e.exitCode).toBe(EXIT.SERVICE);
    expect(e.message).toBe(`the Acme API at ${stub.url} did not finish its answer within 0.3s; check the network path to it (proxy, VPC endpoint, ACME_URL) or raise --timeout-seconds`);
  });

  test('an answer within the bounds reaches the parser whole', async () => {
    stub = await StubEks.start([{ body: { cluster: { name: 'acme-prod', version: '1.29' } } }]);
    const c = client(stub.url);
    boundAnswers(c, { service: 'EKS', endpointVariable: 'AWS_ENDPOINT_URL_EKS', answerIs: 'a cluster description', timeoutSeconds: 5 });
    const out = await c.send(new DescribeClusterCommand({ name: 'acme-prod' }));
    c.destroy();
    expect(out.cluster).toEqual({ name: 'acme-prod', version: '1.29' });
  });
});

describe('boundedFailure', () => {
  test.each([[new Error('socket hang up')], [new UserError('other')], [undefined], ['text']])('is undefined for any other error: %p', (e) => {
    expect(boundedFailure(e)).toBeUndefined();
  });
});

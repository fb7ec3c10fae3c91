import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT, UserError } from '../../src/errors';
import { describeCluster, factsFromCluster, lookupFailure } from '../../src/eks/describe-cluster';
import { clusterAnswer, errorAnswer, GOV_FACTS, sdkEnv, StubAnswer, StubEks } from './stub-eks';

// The real SDK client, in this process, against a local stand-in of the EKS API.
const ACME = { name: 'acme-prod', partition: 'aws-us-gov', region: 'us-gov-west-1', account: '123456789012', version: '1.34', oidcId: 'EXAMPLED539D4633E53DE1B71EXAMPLE' };

let home: string;
let savedEnv: NodeJS.ProcessEnv;
let stub: StubEks | undefined;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-eks-home-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
beforeEach(() => {
  savedEnv = process.env;
});
afterEach(async () => {
  process.env = savedEnv;
  await stub?.stop();
  stub = undefined;
});

/** Starts the stub with `script` and points the SDK at it through the environment only. */
async function withStub(script: StubAnswer[], extraEnv: Record<string, string | undefined> = {}, addons?: string[]): Promise<StubEks> {
  stub = await StubEks.start(script, addons);
  process.env = { ...sdkEnv(stub.url, home, { AWS_REGION: ACME.region, ...extraEnv }), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  return stub;
}

async function failure(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return e;
  }
  throw new Error('expected the look-up to fail');
}

describe('describeCluster against a local EKS endpoint', () => {
  test('returns the facts of an ACTIVE cluster, from a SigV4-signed GET /clusters/{name}', async () => {
    const s = await withStub([clusterAnswer(ACME)]);
    const facts = await describeCluster({ name: 'acme-prod' });
    expect(facts).toEqual({
      ...GOV_FACTS,
    });
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0].method).toBe('GET');
    expect(s.requests[0].path).toBe('/clusters/acme-prod');
    // Signed for EKS in the cluster's region with the credentials of the environment.
    expect(s.requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/[0-9]{8}\/us-gov-west-1\/eks\/aws4_request,/);
  });

  test('the add-ons from ListAddons, sorted; without eks:ListAddons they are unknown (no key), not an error', async () => {
    const s = await withStub([clusterAnswer(ACME)], {}, ['vpc-cni', 'eks-pod-identity-agent', 'coredns']);
    expect(await describeCluster({ name: 'acme-prod' })).toEqual({ ...GOV_FACTS, addons: ['coredns', 'eks-pod-identity-agent', 'vpc-cni'] });
    expect(s.addonRequests.map((r) => r.path)).toEqual(['/clusters/acme-prod/addons?maxResults=100']);
    expect(s.addonRequests[0].headers.authorization).toMatch(/\/us-gov-west-1\/eks\/aws4_request,/);
    await stub!.stop();
    const denied = await withStub([clusterAnswer(ACME)]);
    expect(await describeCluster({ name: 'acme-prod' })).toEqual(GOV_FACTS);
    expect(denied.addonRequests).toHaveLength(1);
  });

  test('an add-on name EKS would not give is a malformed answer (exit 3)', async () => {
    await withStub([clusterAnswer(ACME)], {}, ['Bad Name']);
    const e = await failure(describeCluster({ name: 'acme-prod' }));
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/^EKS answered with a malformed description of cluster "acme-prod": add-on name "Bad Name" is not one EKS gives; run again/);
  });

  test('--region wins over AWS_REGION', async () => {
    const s = await withStub([clusterAnswer({ ...ACME, partition: 'aws', region: 'eu-west-1' })], { AWS_REGION: 'us-east-2' });
    const facts = await describeCluster({ name: 'acme-prod', region: 'eu-west-1' });
    expect(facts.region).toBe('eu-west-1');
    expect(facts.partition).toBe('aws');
    expect(s.requests[0].headers.authorization).toContain('/eu-west-1/eks/aws4_request');
  });

  test('throttled once, then answered: the SDK retries and the look-up succeeds', async () => {
    const s = await withStub([errorAnswer(429, 'ThrottlingException', 'Rate exceeded'), clusterAnswer(ACME)]);
    const facts = await describeCluster({ name: 'acme-prod' });
    expect(facts.account).toBe('123456789012');
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1].headers['amz-sdk-request']).toBe('attempt=2; max=3');
  });

  // Each failure: the answer(s) of EKS, the exit code and the message.
  const cases: Array<[string, StubAnswer[], number, RegExp, number]> = [
    ['unknown cluster', [errorAnswer(404, 'ResourceNotFoundException', 'No cluster found for name: acme-prod.')], EXIT.INPUT,
      /^EKS cluster "acme-prod" not found in us-gov-west-1 for the account of these credentials; check --name, --region and AWS_PROFILE$/, 1],
    ['access denied', [errorAnswer(403, 'AccessDeniedException', 'User: arn:aws-us-gov:iam::123456789012:user/ci is not authorized to perform: eks:DescribeCluster')], EXIT.INPUT,
      /^access denied to eks:DescribeCluster on cluster "acme-prod" \(User: arn:aws-us-gov:iam::123456789012:user\/ci is not authorized to perform: eks:DescribeCluster\); use credentials whose IAM policy allows eks:DescribeCluster on it$/, 1],
    ['expired credentials', [errorAnswer(403, 'ExpiredTokenException', 'The security token included in the request is expired')], EXIT.INPUT,
      /^the AWS credentials have expired \(ExpiredTokenException\); refresh them/, 1],
    ['invalid credentials', [errorAnswer(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.')], EXIT.INPUT,
      /^the AWS credentials were rejected \(UnrecognizedClientException: The security token included in the request is invalid\.\); check AWS_PROFILE/, 1],
    ['cluster not ACTIVE', [clusterAnswer({ ...ACME, status: 'CREATING' }, (c) => { delete c.endpoint; delete c.certificateAuthority; })], EXIT.INPUT,
      /^EKS cluster "acme-prod" is CREATING, not ACTIVE; wait until it is ACTIVE \("aws eks wait cluster-active --name acme-prod"\) and run again$/, 1],
    ['no OIDC issuer', [clusterAnswer(ACME, (c) => { delete c.identity; })], EXIT.INPUT,
      /^EKS cluster "acme-prod" has no OIDC issuer, so IAM roles for service accounts \(IRSA\) cannot work; /, 1],
    ['invalid parameter', [errorAnswer(400, 'InvalidParameterException', 'The name is not valid')], EXIT.INPUT,
      /^EKS refused the request \(InvalidParameterException, HTTP 400: The name is not valid\)/, 1],
    ['body that is not JSON', [{ status: 200, body: '<html><body>proxy login</body></html>' }], EXIT.SERVICE,
      /^EKS answered with a malformed description of cluster "acme-prod": the body is not the JSON EKS sends \(HTTP 200\); run again, and check that http:\/\/127\.0\.0\.1:[0-9]+ is the EKS API$/, 1],
    ['answer without a cluster', [{ status: 200, body: {} }], EXIT.SERVICE, /^EKS answered with a malformed description of cluster "acme-prod": no cluster object in the answer;/, 1],
    ['answer without an endpoint', [clusterAnswer(ACME, (c) => { delete c.endpoint; })], EXIT.SERVICE, /malformed description of cluster "acme-prod": endpoint is missing, expected an https:\/\/ URL;/, 1],
    ['answer with a CA that is not a certificate', [clusterAnswer(ACME, (c) => { c.certificateAuthority.data = Buffer.from('hello').toString('base64'); })], EXIT.SERVICE,
      /malformed description of cluster "acme-prod": certificateAuthority.data is not base64 of a PEM certificate;/, 1],
    ['answer for another region', [clusterAnswer({ ...ACME, region: 'us-gov-east-1' })], EXIT.SERVICE,
      /malformed description of cluster "acme-prod": arn "arn:aws-us-gov:eks:us-gov-east-1:123456789012:cluster\/acme-prod" is not cluster "acme-prod" in us-gov-west-1;/, 1],
    ['answer for another cluster', [clusterAnswer({ ...ACME, name: 'other' })], EXIT.SERVICE, /malformed description of cluster "acme-prod": name is "other", expected "acme-prod";/, 1],
    ['server error, every attempt', [errorAnswer(500, 'ServerException', 'Internal failure')], EXIT.SERVICE,
      /^EKS failed \(ServerException, HTTP 500\) after 3 attempts: Internal failure; run again later$/, 3],
    ['unavailable, every attempt', [errorAnswer(503, 'ServiceUnavailableException', 'Service unavailable')], EXIT.SERVICE,
      /^EKS failed \(ServiceUnavailableException, HTTP 503\) after 3 attempts/, 3],
    ['throttling that persists', [errorAnswer(400, 'ThrottlingException', 'Rate exceeded')], EXIT.SERVICE,
      /^EKS kept throttling the request \(ThrottlingException\) after 3 attempts; wait a minute and run again$/, 3],
  ];
  test.each(cases)('%s', async (_what, script, exitCode, message, requests) => {
    const s = await withStub(script);
    const e = await failure(describeCluster({ name: 'acme-prod' }));
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain('\n');
    expect(e.exitCode).toBe(exitCode);
    expect(s.requests).toHaveLength(requests);
  });

  test('a slow answer hits the timeout of each attempt', async () => {
    const s = await withStub([{ hang: true }]);
    const e = await failure(describeCluster({ name: 'acme-prod', timeoutSeconds: 0.3 }));
    expect(e.message).toBe(
      `the EKS API at ${s.url} did not answer within 0.3s (3 attempts); check the network path to it (proxy, VPC endpoint, AWS_ENDPOINT_URL_EKS) or raise --timeout-seconds`,
    );
    expect(e.exitCode).toBe(EXIT.SERVICE);
    expect(s.requests).toHaveLength(3);
  });

  test('an answer that trickles in is cut off at the timeout, not waited for', async () => {
    const s = await withStub([{ trickle: true }]);
    const started = Date.now();
    const e = await failure(describeCluster({ name: 'acme-prod', timeoutSeconds: 0.5 }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(e.message).toBe(
      `the EKS API at ${s.url} did not finish its answer within 0.5s; check the network path to it (proxy, VPC endpoint, AWS_ENDPOINT_URL_EKS) or raise --timeout-seconds`,
    );
    expect(e.exitCode).toBe(EXIT.SERVICE);
  });

  test('an answer over 1 MiB is cut off, not read into memory', async () => {
    const s = await withStub([{ hugeBytes: 256 * 1024 * 1024 }]);
    const e = await failure(describeCluster({ name: 'acme-prod', timeoutSeconds: 20 }));
    expect(e.message).toBe(`the EKS API at ${s.url} answered more than 1048576 bytes, far more than a cluster description; check that it is the EKS API`);
    expect(e.exitCode).toBe(EXIT.SERVICE);
  });

  // A closed port is tested through the built CLI (test/cli/cluster-lookup.test.ts): under jest,
  // node's socket errors come from another realm and the SDK wraps them, losing their code.

  test('no credentials anywhere', async () => {
    const s = await withStub([clusterAnswer(ACME)], { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    const e = await failure(describeCluster({ name: 'acme-prod' }));
    expect(e.message).toMatch(/^no usable AWS credentials \(.+\); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    expect(e.exitCode).toBe(EXIT.INPUT);
    expect(s.requests).toHaveLength(0);
  });

  test('credentials and region from a profile', async () => {
    fs.writeFileSync(path.join(home, 'config'), '[profile site]\nregion = us-gov-west-1\n');
    fs.writeFileSync(path.join(home, 'credentials'), '[site]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n');
    const s = await withStub([clusterAnswer(ACME)], {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_REGION: undefined,
      AWS_PROFILE: 'site',
      AWS_CONFIG_FILE: path.join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
    });
    const facts = await describeCluster({ name: 'acme-prod' });
    expect(facts.region).toBe('us-gov-west-1');
    expect(s.requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAI44QH8DHBEXAMPLE\/[0-9]{8}\/us-gov-west-1\/eks\//);
  });

  test('no region anywhere', async () => {
    const s = await withStub([clusterAnswer(ACME)], { AWS_REGION: undefined });
    const e = await failure(describeCluster({ name: 'acme-prod' }));
    expect(e.message).toBe('no AWS region: pass --region or set AWS_REGION (or a region in the AWS profile)');
    expect(e.exitCode).toBe(EXIT.INPUT);
    expect(s.requests).toHaveLength(0);
  });

  const badInput: Array<[string, Parameters<typeof describeCluster>[0], string]> = [
    ['name with a dot', { name: 'acme.prod' }, '--name: "acme.prod" is not allowed; expected an EKS cluster name: 1-100 letters, digits, "-" and "_", starting with a letter or digit'],
    ['name starting with "-"', { name: '-acme' }, '--name: "-acme" is not allowed; expected an EKS cluster name: 1-100 letters, digits, "-" and "_", starting with a letter or digit'],
    ['name of 101 characters', { name: 'a'.repeat(101) }, `--name: "${'a'.repeat(101)}" is not allowed; expected an EKS cluster name: 1-100 letters, digits, "-" and "_", starting with a letter or digit`],
    ['region that is not one', { name: 'acme', region: 'US_EAST_1' }, '--region: "US_EAST_1" is not allowed; expected an AWS region code such as "us-east-1" or "us-gov-west-1"'],
    ['zero timeout', { name: 'acme', timeoutSeconds: 0 }, '--timeout-seconds: 0 is not allowed; expected a number of seconds above 0 and at most 600'],
  ];
  test.each(badInput)('rejects a %s before any request', async (_what, options, message) => {
    const s = await withStub([clusterAnswer(ACME)]);
    const e = await failure(describeCluster(options));
    expect(e.message).toBe(message);
    expect(e.exitCode).toBe(EXIT.INPUT);
    expect(s.requests).toHaveLength(0);
  });

  test('accepts the longest and the odd-but-valid names EKS allows', async () => {
    const name = `A_${'b-'.repeat(49)}`;
    expect(name).toHaveLength(100);
    const s = await withStub([clusterAnswer({ ...ACME, name })]);
    expect((await describeCluster({ name })).name).toBe(name);
    expect(s.requests[0].path).toBe(`/clusters/${name}`);
  });
});

describe('factsFromCluster', () => {
  const ctx = { name: 'c1', region: 'cn-north-1', endpoint: 'https://eks.cn-north-1.amazonaws.com.cn' };
  test('takes partition and account from the ARN, not from the region', () => {
    const cluster = (clusterAnswer({ name: 'c1', partition: 'aws-cn', region: 'cn-north-1', account: '210987654321' }).body as any).cluster;
    const facts = factsFromCluster(cluster, ctx);
    expect(facts.partition).toBe('aws-cn');
    expect(facts.account).toBe('210987654321');
    expect(facts.oidcIssuer).toBe('https://oidc.eks.cn-north-1.amazonaws.com.cn/id/EXAMPLED539D4633E53DE1B71EXAMPLE');
  });

  test('rejects an issuer that is not an https URL as malformed', () => {
    const cluster = (clusterAnswer({ name: 'c1', partition: 'aws-cn', region: 'cn-north-1', account: '210987654321' }, (c) => { c.identity.oidc.issuer = 'http://oidc.example'; }).body as any).cluster;
    expect(() => factsFromCluster(cluster, ctx)).toThrow('EKS answered with a malformed description of cluster "c1": identity.oidc.issuer is "http://oidc.example", expected an https:// URL');
  });
});

describe('lookupFailure', () => {
  const ctx = { name: 'c1', region: 'us-east-1', endpoint: 'https://eks.us-east-1.amazonaws.com', timeoutSeconds: 10 };
  test('a TLS failure points at NODE_EXTRA_CA_CERTS (set-up)', () => {
    const e = lookupFailure(Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), ctx) as UserError;
    expect(e.message).toBe('the TLS certificate of https://eks.us-east-1.amazonaws.com is not trusted (SELF_SIGNED_CERT_IN_CHAIN); if a proxy re-signs traffic, point NODE_EXTRA_CA_CERTS at its CA file');
    expect(e.exitCode).toBe(EXIT.INPUT);
  });
  test('an unknown DNS name is a network failure', () => {
    const e = lookupFailure(Object.assign(new Error('getaddrinfo ENOTFOUND eks.us-east-1.amazonaws.com'), { code: 'ENOTFOUND', $metadata: { attempts: 3 } }), ctx) as UserError;
    expect(e.message).toBe('could not reach the EKS API at https://eks.us-east-1.amazonaws.com (ENOTFOUND, 3 attempts); check the network path to it (DNS, proxy, VPC endpoint, AWS_ENDPOINT_URL_EKS)');
    expect(e.exitCode).toBe(EXIT.SERVICE);
  });
  test('an endpoint that is not a URL is a set-up error', () => {
    const e = lookupFailure(Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }), ctx) as UserError;
    expect(e.message).toBe('the EKS endpoint is not a URL (Invalid URL); check AWS_ENDPOINT_URL_EKS, or endpoint_url in the AWS profile');
    expect(e.exitCode).toBe(EXIT.INPUT);
  });
  test('an error of no known kind is passed on unchanged (reported as an internal error)', () => {
    const original = new RangeError('something else');
    expect(lookupFailure(original, ctx)).toBe(original);
  });
});

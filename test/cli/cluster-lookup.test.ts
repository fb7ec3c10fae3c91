import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree } from '../../src/synth/output-dir';
import { builtCli, ROOT, runAsync, tmpProject, validInput } from '../helpers';
import { clusterAnswer, errorAnswer, GOV_FACTS, sdkEnv, StubAnswer, StubEks } from '../eks/stub-eks';

// The real built CLI, in a child process, with the real AWS SDK talking to a local EKS stand-in.

let tmp: string;
let cli: string;
let home: string;
const stubs: StubEks[] = [];
const roots: string[] = [];

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-cli-eks-'));
  cli = builtCli(tmp);
  home = path.join(tmp, 'home');
  fs.mkdirSync(home);
});
afterEach(async () => {
  while (stubs.length > 0) await stubs.pop()!.stop();
});
afterAll(() => {
  for (const r of [tmp, ...roots]) fs.rmSync(r, { recursive: true, force: true });
});

async function stubOf(script: StubAnswer[], addons?: string[]): Promise<StubEks> {
  const s = await StubEks.start(script, addons);
  stubs.push(s);
  return s;
}

/** Runs the built CLI without blocking this process, which serves the stub. */
const run = (args: string[], cwd: string, env: Record<string, string>) => runAsync(process.execPath, [cli, ...args], { cwd, env });

const ACME = { name: 'acme-prod', partition: 'aws-us-gov', region: 'us-gov-west-1', account: '123456789012', version: '1.34', oidcId: 'EXAMPLED539D4633E53DE1B71EXAMPLE' };

/** A project with one environment on acme-prod. */
function acmeProject(): string {
  const root = tmpProject({
    prod: validInput({
      release: 'flyte-backend',
      namespace: 'flyte',
      storage: { provider: 's3', region: 'us-gov-west-1', metadataBucket: 'acme-meta', userDataBucket: 'acme-user' },
      serviceAccount: { roleArn: 'arn:aws-us-gov:iam::123456789012:role/flyte-backend' },
      eks: { cluster: 'acme-prod' },
    }),
  });
  roots.push(root);
  return root;
}

describe('cluster lookup, then synth (acceptance)', () => {
  test('acme-prod in us-gov-west-1: cache file, trust policy in aws-us-gov, and no diff on a re-run', async () => {
    const root = acmeProject();
    const stub = await stubOf([clusterAnswer(ACME)]);
    const env = sdkEnv(stub.url, home, { AWS_REGION: undefined });

    const before = Date.now();
    const lookup = await run(['cluster', 'lookup', '--name', 'acme-prod', '--region', 'us-gov-west-1'], root, env);
    expect(lookup).toEqual({
      code: 0,
      stdout: 'wrote config/clusters/acme-prod.json (EKS cluster acme-prod, Kubernetes 1.34, account 123456789012 (aws-us-gov), us-gov-west-1)\n',
      stderr: '',
    });
    expect(stub.requests.map((r) => r.path)).toEqual(['/clusters/acme-prod']);
    const cache = JSON.parse(fs.readFileSync(path.join(root, 'config/clusters/acme-prod.json'), 'utf8'));
    expect(cache).toMatchObject({
      ...GOV_FACTS,
    });
    // Whole seconds, between the start of the run and now.
    expect(Date.parse(cache.lookedUpAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(Date.parse(cache.lookedUpAt)).toBeLessThanOrEqual(Date.now());
    // Nothing of the answer beyond the facts (platform version, VPC, tags...) is kept.
    expect(Object.keys(cache)).toHaveLength(11);

    // Synth never calls AWS: no endpoint and no credentials in its environment.
    const synthEnv = { HOME: home };
    const synth = await run(['synth'], root, synthEnv);
    expect(synth.code).toBe(0);
    // The only warning is another module's: the test project pins no image digests.
    expect(synth.stderr.split('\n').filter((l) => l && !l.includes('not pinned by digest'))).toEqual([]);
    const trust = JSON.parse(fs.readFileSync(path.join(root, 'dist/prod/iam/trust-policy.json'), 'utf8'));
    const st = trust.Statement[0];
    expect(st.Principal.Federated).toBe('arn:aws-us-gov:iam::123456789012:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE');
    expect(st.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(st.Condition.StringEquals).toEqual({
      'oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub': 'system:serviceaccount:flyte:flyte-backend-flyte-binary',
      'oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud': 'sts.amazonaws.com',
    });
    const perms = JSON.parse(fs.readFileSync(path.join(root, 'dist/prod/iam/permissions-policy.json'), 'utf8'));
    expect(perms.Statement[0].Resource).toEqual(['arn:aws-us-gov:s3:::acme-meta', 'arn:aws-us-gov:s3:::acme-user']);
    expect(fs.existsSync(path.join(root, 'dist/prod/kubeconfig.yaml'))).toBe(true);

    // Both again: the same bytes everywhere.
    const config1 = readTree(path.join(root, 'config'));
    const dist1 = readTree(path.join(root, 'dist'));
    const again = await run(['cluster', 'lookup', '--name', 'acme-prod', '--region', 'us-gov-west-1'], root, env);
    expect(again).toEqual({
      code: 0,
      stdout: 'config/clusters/acme-prod.json is up to date (EKS cluster acme-prod, Kubernetes 1.34, account 123456789012 (aws-us-gov), us-gov-west-1)\n',
      stderr: '',
    });
    expect((await run(['synth'], root, synthEnv)).code).toBe(0);
    expect(readTree(path.join(root, 'config'))).toEqual(config1);
    expect(readTree(path.join(root, 'dist'))).toEqual(dist1);
  });

  test('a changed fact (a cluster upgrade) rewrites the cache, and synth follows it', async () => {
    const root = acmeProject();
    const stub = await stubOf([clusterAnswer(ACME), clusterAnswer({ ...ACME, version: '1.32' })]);
    const env = sdkEnv(stub.url, home, { AWS_REGION: 'us-gov-west-1' });
    expect((await run(['cluster', 'lookup', '--name', 'acme-prod'], root, env)).code).toBe(0);
    const second = await run(['cluster', 'lookup', '--name', 'acme-prod'], root, env);
    expect(second.stdout).toBe('wrote config/clusters/acme-prod.json (EKS cluster acme-prod, Kubernetes 1.32, account 123456789012 (aws-us-gov), us-gov-west-1)\n');
    expect(JSON.parse(fs.readFileSync(path.join(root, 'config/clusters/acme-prod.json'), 'utf8')).kubernetesVersion).toBe('1.32');
  });

  test('synth without the cache file fails with the command to run', async () => {
    const root = acmeProject();
    const r = await run(['synth'], root, { HOME: home });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'enterprise-flyte: config/clusters/acme-prod.json: no cached facts for EKS cluster "acme-prod" (named by eks.cluster in config/environments/prod.yaml); run "npx enterprise-flyte cluster lookup --name acme-prod --region <region>" on a machine that can reach the EKS API, then commit the file\n',
    );
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  test('throttled once, then answered', async () => {
    const root = acmeProject();
    const stub = await stubOf([errorAnswer(429, 'ThrottlingException', 'Rate exceeded'), clusterAnswer(ACME)]);
    const r = await run(['cluster', 'lookup', '--name', 'acme-prod'], root, sdkEnv(stub.url, home, { AWS_REGION: 'us-gov-west-1' }));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(stub.requests).toHaveLength(2);
    expect(fs.existsSync(path.join(root, 'config/clusters/acme-prod.json'))).toBe(true);
  });
});

describe('cluster lookup failures: one line, no stack trace, the right exit code, nothing written', () => {
  // what, stub script (undefined: no server listening), extra flags, extra env, exit code, stderr after "enterprise-flyte: "
  const cases: Array<[string, StubAnswer[] | undefined, string[], Record<string, string | undefined>, number, RegExp]> = [
    ['unknown cluster', [errorAnswer(404, 'ResourceNotFoundException', 'No cluster found for name: acme-prod.')], [], {}, 2, /^EKS cluster "acme-prod" not found in us-gov-west-1 /],
    ['access denied', [errorAnswer(403, 'AccessDeniedException', 'not authorized to perform: eks:DescribeCluster')], [], {}, 2, /^access denied to eks:DescribeCluster on cluster "acme-prod" /],
    ['expired credentials', [errorAnswer(403, 'ExpiredTokenException', 'The security token included in the request is expired')], [], {}, 2, /^the AWS credentials have expired \(ExpiredTokenException\);/],
    ['rejected credentials', [errorAnswer(403, 'InvalidSignatureException', 'The request signature we calculated does not match')], [], {}, 2, /^the AWS credentials were rejected \(InvalidSignatureException: /],
    ['no credentials', [clusterAnswer(ACME)], [], { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }, 2, /^no usable AWS credentials \(/],
    ['no region', [clusterAnswer(ACME)], [], { AWS_REGION: undefined }, 2, /^no AWS region: pass --region or set AWS_REGION/],
    ['cluster not ACTIVE', [clusterAnswer({ ...ACME, status: 'UPDATING' })], [], {}, 2, /^EKS cluster "acme-prod" is UPDATING, not ACTIVE; /],
    ['no OIDC issuer', [clusterAnswer(ACME, (c) => { c.identity = {}; })], [], {}, 2, /^EKS cluster "acme-prod" has no OIDC issuer, so IAM roles for service accounts \(IRSA\) cannot work;/],
    ['endpoint that is not a URL', [clusterAnswer(ACME)], [], { AWS_ENDPOINT_URL_EKS: 'eks endpoint' }, 2, /^the EKS endpoint is not a URL \(Invalid URL\); check AWS_ENDPOINT_URL_EKS/],
    ['network timeout', [{ hang: true }], ['--timeout-seconds', '0.3'], {}, 3, /^the EKS API at http:\/\/127\.0\.0\.1:[0-9]+ did not answer within 0\.3s \(3 attempts\);/],
    ['nothing listening', undefined, [], {}, 3, /^could not reach the EKS API at http:\/\/127\.0\.0\.1:[0-9]+ \(ECONNREFUSED, 3 attempts\);/],
    ['malformed answer', [{ status: 200, body: '{"cluster": ' }], [], {}, 3, /^EKS answered with a malformed description of cluster "acme-prod": the body is not the JSON EKS sends/],
    ['answer missing facts', [clusterAnswer(ACME, (c) => { delete c.certificateAuthority; })], [], {}, 3, /^EKS answered with a malformed description of cluster "acme-prod": certificateAuthority\.data is missing;/],
    ['service failure', [errorAnswer(500, 'ServerException', 'Internal failure')], [], {}, 3, /^EKS failed \(ServerException, HTTP 500\) after 3 attempts: Internal failure; run again later$/],
    ['throttling that persists', [errorAnswer(429, 'ThrottlingException', 'Rate exceeded')], [], {}, 3, /^EKS kept throttling the request \(ThrottlingException\) after 3 attempts;/],
  ];

  test.each(cases)('%s', async (_what, script, flags, extraEnv, code, message) => {
    const root = acmeProject();
    let url = 'http://127.0.0.1:9';
    if (script) url = (await stubOf(script)).url;
    else {
      // A port that was free a moment ago: nothing listens there.
      const s = await StubEks.start([]);
      url = s.url;
      await s.stop();
    }
    const r = await run(['cluster', 'lookup', '--name', 'acme-prod', ...flags], root, sdkEnv(url, home, { AWS_REGION: 'us-gov-west-1', ...extraEnv }));
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr.startsWith('enterprise-flyte: ')).toBe(true);
    expect(r.stderr.slice('enterprise-flyte: '.length, -1)).toMatch(message);
    expect(fs.existsSync(path.join(root, 'config', 'clusters'))).toBe(false);
  });

  test('a failure leaves an existing cache file as it was', async () => {
    const root = acmeProject();
    const stub = await stubOf([clusterAnswer(ACME), clusterAnswer({ ...ACME, version: '1.32', status: 'UPDATING' })]);
    const env = sdkEnv(stub.url, home, { AWS_REGION: 'us-gov-west-1' });
    expect((await run(['cluster', 'lookup', '--name', 'acme-prod'], root, env)).code).toBe(0);
    const before = readTree(path.join(root, 'config'));
    const r = await run(['cluster', 'lookup', '--name', 'acme-prod'], root, env);
    expect(r.code).toBe(2);
    expect(readTree(path.join(root, 'config'))).toEqual(before);
  });

  const flagCases: Array<[string, string[], string]> = [
    ['an unknown flag', ['--name', 'acme-prod', '--profile', 'x'], 'cluster lookup: Unknown option \'--profile\' (options: --name, --region, --timeout-seconds)'],
    ['a missing --name', ['--region', 'us-gov-west-1'], 'cluster lookup: --name is missing; pass the EKS cluster name, for example --name acme-prod'],
    ['a name EKS does not allow', ['--name', 'acme prod'], '--name: "acme prod" is not allowed; expected an EKS cluster name: 1-100 letters, digits, "-" and "_", starting with a letter or digit'],
    ['a name that would leave config/clusters', ['--name', '../../etc/x'], '--name: "../../etc/x" is not allowed; expected an EKS cluster name: 1-100 letters, digits, "-" and "_", starting with a letter or digit'],
    ['a region that is not one', ['--name', 'acme-prod', '--region', 'gov-west'], '--region: "gov-west" is not allowed; expected an AWS region code such as "us-east-1" or "us-gov-west-1"'],
    ['a timeout that is not a number', ['--name', 'acme-prod', '--timeout-seconds', '10s'], '--timeout-seconds: "10s" is not allowed; expected a number of seconds above 0 and at most 600'],
    ['an unknown subcommand', [], 'cluster: unknown subcommand "describe"; expected: cluster lookup --name <cluster> [--region <region>] [--timeout-seconds <s>]'],
  ];
  test.each(flagCases)('%s is an input error before any request', async (what, flags, message) => {
    const root = acmeProject();
    const stub = await stubOf([clusterAnswer(ACME)]);
    const args = what === 'an unknown subcommand' ? ['cluster', 'describe'] : ['cluster', 'lookup', ...flags];
    const r = await run(args, root, sdkEnv(stub.url, home, { AWS_REGION: 'us-gov-west-1' }));
    expect(r).toEqual({ code: 2, stdout: '', stderr: `enterprise-flyte: ${message}\n` });
    expect(stub.requests).toHaveLength(0);
    expect(fs.existsSync(path.join(root, 'config', 'clusters'))).toBe(false);
  });
});

describe('the committed example cluster', () => {
  // The example facts, from the AWS documentation's example values (account 123456789012, OIDC id
  // EXAMPLED539D4633E53DE1B71EXAMPLE), for the role of config/environments/enterprise.yaml.
  const EXAMPLE = { name: 'flyte-enterprise', partition: 'aws', region: 'us-east-1', account: '123456789012', version: '1.34', oidcId: 'EXAMPLED539D4633E53DE1B71EXAMPLE' };

  test('the add-ons reach the cache file, and synth of a Pod Identity environment checks them', async () => {
    const root = acmeProject();
    const file = path.join(root, 'config/environments/prod.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('roleArn: arn:aws-us-gov:iam::123456789012:role/flyte-backend', 'roleArn: arn:aws-us-gov:iam::123456789012:role/flyte-backend\n  credentials: podIdentity'));
    const without = await stubOf([clusterAnswer(ACME)], ['coredns', 'vpc-cni']);
    expect((await run(['cluster', 'lookup', '--name', 'acme-prod', '--region', 'us-gov-west-1'], root, sdkEnv(without.url, home))).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'config/clusters/acme-prod.json'), 'utf8')).addons).toEqual(['coredns', 'vpc-cni']);
    const warned = await run(['synth'], root, { HOME: home });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('prod: serviceAccount.credentials is podIdentity, but EKS cluster acme-prod has no eks-pod-identity-agent add-on');

    const withAgent = await stubOf([clusterAnswer(ACME)], ['coredns', 'eks-pod-identity-agent', 'vpc-cni']);
    const again = await run(['cluster', 'lookup', '--name', 'acme-prod', '--region', 'us-gov-west-1'], root, sdkEnv(withAgent.url, home));
    expect(again.stdout).toMatch(/^wrote config\/clusters\/acme-prod\.json/);
    const clean = await run(['synth'], root, { HOME: home });
    expect(clean.code).toBe(0);
    expect(clean.stderr).not.toContain('eks-pod-identity-agent');
    expect(JSON.parse(fs.readFileSync(path.join(root, 'dist/prod/iam/pod-identity-association.json'), 'utf8'))).toEqual({
      clusterName: 'acme-prod', namespace: 'flyte', serviceAccount: 'flyte-backend-flyte-binary', roleArn: 'arn:aws-us-gov:iam::123456789012:role/flyte-backend',
    });
  });

  test('config/clusters/flyte-enterprise.json is what the look-up writes for the example cluster', async () => {
    const root = tmpProject({});
    roots.push(root);
    const committed = fs.readFileSync(path.join(ROOT, 'config/clusters/flyte-enterprise.json'));
    fs.mkdirSync(path.join(root, 'config/clusters'), { recursive: true });
    fs.writeFileSync(path.join(root, 'config/clusters/flyte-enterprise.json'), committed);
    const stub = await stubOf([clusterAnswer(EXAMPLE)]);
    const r = await run(['cluster', 'lookup', '--name', 'flyte-enterprise', '--region', 'us-east-1'], root, sdkEnv(stub.url, home));
    expect(r.stdout).toBe('config/clusters/flyte-enterprise.json is up to date (EKS cluster flyte-enterprise, Kubernetes 1.34, account 123456789012 (aws), us-east-1)\n');
    expect(fs.readFileSync(path.join(root, 'config/clusters/flyte-enterprise.json')).equals(committed)).toBe(true);
  });

  test('the enterprise environment uses it; the example environment needs no AWS account', () => {
    const text = (name: string) => fs.readFileSync(path.join(ROOT, 'config/environments', `${name}.yaml`), 'utf8');
    expect(text('enterprise')).toMatch(/^eks:\n {2}cluster: flyte-enterprise$/m);
    expect(text('enterprise')).toContain('roleArn: arn:aws:iam::123456789012:role/flyte-backend');
    expect(text('example')).not.toMatch(/^eks:/m);
  });
});

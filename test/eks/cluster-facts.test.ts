import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT, UserError } from '../../src/errors';
import {
  DescribedCluster,
  isCertificateAuthorityData,
  isHttpsUrl,
  kubernetesMinor,
  parseClusterArn,
  parseClusterFacts,
  readClusterFacts,
  writeClusterFacts,
} from '../../src/eks/cluster-facts';
import { EXAMPLE_CA_DATA, GOV_FACTS } from './stub-eks';

const GOV: DescribedCluster = {
  ...GOV_FACTS,
};

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-facts-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const file = () => path.join(root, 'config', 'clusters', 'acme-prod.json');

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('parseClusterArn', () => {
  test.each([
    ['arn:aws:eks:us-east-1:111122223333:cluster/flyte', { partition: 'aws', region: 'us-east-1', account: '111122223333', name: 'flyte' }],
    ['arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/acme-prod', { partition: 'aws-us-gov', region: 'us-gov-west-1', account: '123456789012', name: 'acme-prod' }],
    ['arn:aws-cn:eks:cn-north-1:210987654321:cluster/Cn_1', { partition: 'aws-cn', region: 'cn-north-1', account: '210987654321', name: 'Cn_1' }],
  ])('splits %s', (arn, parts) => expect(parseClusterArn(arn)).toEqual(parts));

  test.each([
    'arn:aws:iam::111122223333:role/flyte',
    'arn:aws:eks:us-east-1:11112222333:cluster/flyte',
    'arn:aws:eks:us-east-1:111122223333:nodegroup/flyte/ng/1',
    'arn:gcp:eks:us-east-1:111122223333:cluster/flyte',
    'arn:aws:eks:us-east-1:111122223333:cluster/fly.te',
  ])('rejects %s', (arn) => expect(parseClusterArn(arn)).toBeUndefined());
});

describe('value checks', () => {
  test('kubernetesMinor', () => {
    expect(kubernetesMinor('1.27')).toBe(27);
    expect(kubernetesMinor('1.100')).toBe(100);
    expect(kubernetesMinor('2.1')).toBeUndefined();
    expect(kubernetesMinor('1.27.3')).toBeUndefined();
    expect(kubernetesMinor('v1.27')).toBeUndefined();
  });

  test('isHttpsUrl', () => {
    expect(isHttpsUrl('https://ABC.gr7.us-east-1.eks.amazonaws.com', { path: false })).toBe(true);
    expect(isHttpsUrl('https://10.0.0.1:6443', { path: false })).toBe(true);
    expect(isHttpsUrl('https://oidc.eks.us-east-1.amazonaws.com/id/X', { path: false })).toBe(false);
    expect(isHttpsUrl('https://oidc.eks.us-east-1.amazonaws.com/id/X', { path: true })).toBe(true);
    expect(isHttpsUrl('https://oidc.eks.us-east-1.amazonaws.com/id/X/', { path: true })).toBe(false);
    expect(isHttpsUrl('http://oidc.eks.us-east-1.amazonaws.com/id/X', { path: true })).toBe(false);
    expect(isHttpsUrl('https://user:pw@host', { path: false })).toBe(false);
    expect(isHttpsUrl('https://host/?q=1', { path: true })).toBe(false);
  });

  test('isCertificateAuthorityData', () => {
    expect(isCertificateAuthorityData(EXAMPLE_CA_DATA)).toBe(true);
    expect(isCertificateAuthorityData(Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n').toString('base64'))).toBe(false);
    expect(isCertificateAuthorityData('not base64!')).toBe(false);
    expect(isCertificateAuthorityData('')).toBe(false);
  });
});

describe('writeClusterFacts', () => {
  test('writes sorted keys, two-space JSON and a final newline, stamped with the time in whole seconds', () => {
    const r = writeClusterFacts(root, GOV, new Date('2025-03-04T05:06:07.890Z'));
    expect(r.changed).toBe(true);
    expect(r.file).toBe('config/clusters/acme-prod.json');
    const text = fs.readFileSync(file(), 'utf8');
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual([
      'account', 'arn', 'certificateAuthorityData', 'endpoint', 'kubernetesVersion', 'lookedUpAt', 'name', 'oidcIssuer', 'partition', 'region', 'status',
    ]);
    expect(data.lookedUpAt).toBe('2025-03-04T05:06:07Z');
    expect(data).toEqual({ ...GOV, lookedUpAt: '2025-03-04T05:06:07Z' });
    expect(text).toBe(`${JSON.stringify(data, null, 2)}\n`);
    expect(text.startsWith('{\n  "account": "123456789012",\n')).toBe(true);
  });

  test('unchanged facts leave the file as it was, time stamp included', () => {
    writeClusterFacts(root, GOV, new Date('2025-03-04T05:06:07Z'));
    const before = fs.readFileSync(file());
    const mtime = fs.statSync(file()).mtimeMs;
    const r = writeClusterFacts(root, { ...GOV }, new Date('2026-01-01T00:00:00Z'));
    expect(r.changed).toBe(false);
    expect(r.facts.lookedUpAt).toBe('2025-03-04T05:06:07Z');
    expect(fs.readFileSync(file()).equals(before)).toBe(true);
    expect(fs.statSync(file()).mtimeMs).toBe(mtime);
  });

  test('a changed fact is written with the new time', () => {
    writeClusterFacts(root, GOV, new Date('2025-03-04T05:06:07Z'));
    const r = writeClusterFacts(root, { ...GOV, kubernetesVersion: '1.32' }, new Date('2026-01-01T00:00:00Z'));
    expect(r.changed).toBe(true);
    const data = JSON.parse(fs.readFileSync(file(), 'utf8'));
    expect(data.kubernetesVersion).toBe('1.32');
    expect(data.lookedUpAt).toBe('2026-01-01T00:00:00Z');
  });

  test('the add-ons are facts too: a new add-on rewrites the file; unknown add-ons (no key) differ from none', () => {
    writeClusterFacts(root, { ...GOV, addons: ['coredns'] }, new Date('2025-03-04T05:06:07Z'));
    expect(JSON.parse(fs.readFileSync(file(), 'utf8')).addons).toEqual(['coredns']);
    expect(writeClusterFacts(root, { ...GOV, addons: ['coredns'] }, new Date('2026-01-01T00:00:00Z')).changed).toBe(false);
    const added = writeClusterFacts(root, { ...GOV, addons: ['coredns', 'eks-pod-identity-agent'] }, new Date('2026-01-01T00:00:00Z'));
    expect([added.changed, added.facts.lookedUpAt]).toEqual([true, '2026-01-01T00:00:00Z']);
    const unknown = writeClusterFacts(root, GOV, new Date('2026-02-02T00:00:00Z'));
    expect(unknown.changed).toBe(true);
    expect(JSON.parse(fs.readFileSync(file(), 'utf8'))).not.toHaveProperty('addons');
  });

  test('a damaged file is replaced', () => {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    fs.writeFileSync(file(), '{ "name": ');
    expect(writeClusterFacts(root, GOV, new Date('2025-03-04T05:06:07Z')).changed).toBe(true);
    expect(readClusterFacts(root, 'acme-prod').account).toBe('123456789012');
  });

  test('leaves no temporary file behind', () => {
    writeClusterFacts(root, GOV, new Date('2025-03-04T05:06:07Z'));
    expect(fs.readdirSync(path.dirname(file()))).toEqual(['acme-prod.json']);
  });
});

describe('readClusterFacts', () => {
  test('reads what writeClusterFacts wrote', () => {
    writeClusterFacts(root, GOV, new Date('2025-03-04T05:06:07Z'));
    expect(readClusterFacts(root, 'acme-prod')).toEqual({ ...GOV, lookedUpAt: '2025-03-04T05:06:07Z' });
  });

  test('a missing file tells the user to run the look-up, and where', () => {
    const e = errorOf(() => readClusterFacts(root, 'acme-prod', { usedBy: 'eks.cluster in config/environments/prod.yaml' }));
    expect(e.message).toBe(
      'config/clusters/acme-prod.json: no cached facts for EKS cluster "acme-prod" (named by eks.cluster in config/environments/prod.yaml); run "npx enterprise-flyte cluster lookup --name acme-prod --region <region>" on a machine that can reach the EKS API, then commit the file',
    );
    expect(e.exitCode).toBe(EXIT.INPUT);
  });

  function writeRaw(data: unknown) {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    fs.writeFileSync(file(), typeof data === 'string' ? data : JSON.stringify(data));
  }
  const good = { ...GOV, lookedUpAt: '2025-03-04T05:06:07Z' };

  test.each<[string, unknown, string]>([
    ['a file of another cluster', { ...good, name: 'other', arn: 'arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/other' }, 'config/clusters/acme-prod.json: name "other" is not allowed; expected "acme-prod", as in the file name'],
    ['an account that is not the ARN\'s', { ...good, account: '999999999999' }, 'config/clusters/acme-prod.json: account: "999999999999" is not allowed; expected "123456789012", as in the arn'],
    ['a partition that is not the ARN\'s', { ...good, partition: 'aws' }, 'config/clusters/acme-prod.json: partition: "aws" is not allowed; expected "aws-us-gov", as in the arn'],
    ['an unknown key', { ...good, platformVersion: 'eks.7' }, 'config/clusters/acme-prod.json: (top level): unknown key "platformVersion"; the file is written by "cluster lookup", do not edit it'],
    ['a missing issuer', { ...good, oidcIssuer: undefined }, 'config/clusters/acme-prod.json: oidcIssuer: is missing; expected an https:// OIDC issuer URL'],
    ['a status other than ACTIVE', { ...good, status: 'UPDATING' }, 'config/clusters/acme-prod.json: status: "UPDATING" is not allowed; expected "ACTIVE"'],
    ['a version with a patch', { ...good, kubernetesVersion: '1.31.2' }, 'config/clusters/acme-prod.json: kubernetesVersion: "1.31.2" is not allowed; expected a Kubernetes version "1.<minor>" such as "1.30"'],
    ['JSON that does not parse', '{"name":', 'config/clusters/acme-prod.json: invalid JSON (Unexpected end of JSON input); run "cluster lookup" again to rewrite it'],
  ])('rejects %s', (_what, data, message) => {
    writeRaw(data);
    expect(errorOf(() => readClusterFacts(root, 'acme-prod')).message).toBe(message);
  });

  test('parseClusterFacts: add-ons are a list of add-on names', () => {
    const text = (addons: unknown) => JSON.stringify({ ...GOV, lookedUpAt: '2025-03-04T05:06:07Z', addons });
    expect(parseClusterFacts('f.json', text(['eks-pod-identity-agent'])).addons).toEqual(['eks-pod-identity-agent']);
    expect(() => parseClusterFacts('f.json', text('vpc-cni'))).toThrow('f.json: addons: "vpc-cni" is not allowed; expected a list of EKS add-on names');
    expect(() => parseClusterFacts('f.json', text(['Bad Name']))).toThrow('f.json: addons.0: "Bad Name" is not allowed; expected an EKS add-on name such as "eks-pod-identity-agent"');
  });

  test('parseClusterFacts names the file it is given', () => {
    expect(() => parseClusterFacts('x/y.json', '[]')).toThrow('x/y.json: (top level): [] is not allowed; expected a JSON object');
  });
});

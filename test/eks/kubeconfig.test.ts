import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import type { ClusterFacts } from '../../src/eks/cluster-facts';
import { kubeconfigYaml } from '../../src/eks/kubeconfig';
import { ROOT } from '../helpers';
import { EXAMPLE_CA_DATA, GOV_FACTS } from './stub-eks';

const FACTS: ClusterFacts = {
  ...GOV_FACTS,
  lookedUpAt: '2025-03-04T05:06:07Z',
};

let kubectl: string;
let tmp: string;
beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'tools.js')]);
  kubectl = path.join(ROOT, '.tools', 'kubectl');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-kubeconfig-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('kubeconfigYaml', () => {
  const text = kubeconfigYaml(FACTS, { namespace: 'flyte' });
  const doc = YAML.parse(text);

  test('points at the cluster\'s endpoint and CA, and gets a token from "aws eks get-token"', () => {
    expect(doc.apiVersion).toBe('v1');
    expect(doc.kind).toBe('Config');
    expect(doc.clusters).toEqual([{ name: FACTS.arn, cluster: { server: FACTS.endpoint, 'certificate-authority-data': EXAMPLE_CA_DATA } }]);
    expect(doc.contexts).toEqual([{ name: FACTS.arn, context: { cluster: FACTS.arn, user: FACTS.arn, namespace: 'flyte' } }]);
    expect(doc['current-context']).toBe(FACTS.arn);
    expect(doc.users).toEqual([
      {
        name: FACTS.arn,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'aws',
            args: ['--region', 'us-gov-west-1', 'eks', 'get-token', '--cluster-name', 'acme-prod', '--output', 'json'],
          },
        },
      },
    ]);
  });

  test('holds no secret: no token, password, client key or certificate', () => {
    expect(text).not.toMatch(/token:|password|client-key|client-certificate|AKIA/);
  });

  test('without a namespace the context has none', () => {
    expect(YAML.parse(kubeconfigYaml(FACTS)).contexts[0].context).toEqual({ cluster: FACTS.arn, user: FACTS.arn });
  });

  test('keys are sorted, as kubectl prints them', () => {
    expect(Object.keys(doc)).toEqual(['apiVersion', 'clusters', 'contexts', 'current-context', 'kind', 'preferences', 'users']);
  });

  test('real kubectl 1.27 reads it: context, server, CA and exec plugin', () => {
    const file = path.join(tmp, 'kubeconfig.yaml');
    fs.writeFileSync(file, text);
    const env = { PATH: process.env.PATH ?? '', HOME: tmp, KUBECONFIG: file };
    const view = JSON.parse(execFileSync(kubectl, ['config', 'view', '--raw', '-o', 'json'], { env }).toString());
    expect(view['current-context']).toBe(FACTS.arn);
    expect(view.clusters[0].cluster.server).toBe(FACTS.endpoint);
    expect(view.clusters[0].cluster['certificate-authority-data']).toBe(EXAMPLE_CA_DATA);
    expect(view.users[0].user.exec.command).toBe('aws');
    expect(view.users[0].user.exec.args).toEqual(['--region', 'us-gov-west-1', 'eks', 'get-token', '--cluster-name', 'acme-prod', '--output', 'json']);
    expect(execFileSync(kubectl, ['config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].context.namespace}'], { env }).toString()).toBe('flyte');
  });

  test('snapshot', () => {
    expect(text).toMatchSnapshot();
  });
});

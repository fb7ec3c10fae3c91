import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { deploymentDiagram } from '../../src/bundle/deployment-diagram';
import type { KubeObject } from '../../src/synth/manifests';
import { objectsOf, ROOT, validInput } from '../helpers';

/** Node labels and edges ("<from label> --<label>--> <to label>") of a Mermaid flowchart. */
function parse(diagram: string) {
  const labels = new Map<string, string>();
  for (const m of diagram.matchAll(/^\s*(n\d+)(?:\["|\(\["|\[\(")([^"]*)"/gm)) labels.set(m[1], m[2]);
  const edges = [...diagram.matchAll(/^\s*(n\d+) -->\|([^|]*)\| (n\d+)$/gm)].map((m) => `${labels.get(m[1])} --${m[2]}--> ${labels.get(m[3])}`);
  const subgraphs = [...diagram.matchAll(/^\s*subgraph \w+\["([^"]*)"\]$/gm)].map((m) => m[1]);
  return { labels: [...labels.values()], edges, subgraphs };
}

const full = validInput({
  release: 'rel-d',
  namespace: 'ns-d',
  ingress: { host: 'flyte.d.example', className: 'nginx', tlsSecret: 'tls-d' },
  networkPolicy: { enabled: true },
  metrics: { serviceMonitor: { enabled: true } },
  database: { ...validInput().database, passwordSecret: { name: 'pw-d', key: 'k', source: 'externalSecret', externalSecret: { storeName: 'store-d', remoteKey: 'rk' } } },
});

describe('deploymentDiagram', () => {
  const objects = objectsOf(full);
  const diagram = deploymentDiagram(objects, { buckets: ['meta-d', 'user-d'] });
  const { labels, edges, subgraphs } = parse(diagram);

  test('is a fenced Mermaid flowchart that names every object once', () => {
    expect(diagram.split('\n')[0]).toBe('```mermaid');
    expect(diagram.split('\n')[1]).toBe('flowchart LR');
    expect(diagram.endsWith('\n```')).toBe(true);
    expect(objects.length).toBeGreaterThan(15);
    for (const o of objects) expect(labels.filter((l) => l === `${o.kind} ${o.metadata.name}`)).toHaveLength(1);
    expect(subgraphs).toEqual(['namespace ns-d', 'AWS']);
  });

  test('draws how the objects link, read from the objects', () => {
    for (const e of [
      'Ingress rel-d-flyte-binary-http --flyte.d.example, 19 paths--> Service rel-d-flyte-binary-http',
      'Ingress rel-d-flyte-binary-grpc --flyte.d.example, 12 paths--> Service rel-d-flyte-binary-grpc',
      'Ingress rel-d-flyte-binary-http --TLS--> Secret tls-d (referenced)',
      'Service rel-d-flyte-binary-http --http 8088--> Deployment rel-d-flyte-binary',
      'Service rel-d-flyte-binary-grpc --grpc 8089--> Deployment rel-d-flyte-binary',
      'Deployment rel-d-flyte-binary --runs as--> ServiceAccount rel-d-flyte-binary',
      'Deployment rel-d-flyte-binary --mounts config--> ConfigMap rel-d-flyte-binary-config',
      'Deployment rel-d-flyte-binary --mounts db-secret--> Secret pw-d (referenced)',
      'Deployment rel-d-flyte-binary --pulls images with--> Secret pull-a (referenced)',
      'ServiceAccount rel-d-flyte-binary --IRSA--> IAM role arn:aws:iam::210987654321:role/path/role-a',
      'IAM role arn:aws:iam::210987654321:role/path/role-a --read/write--> S3 bucket meta-d',
      'IAM role arn:aws:iam::210987654321:role/path/role-a --read/write--> S3 bucket user-d',
      'NetworkPolicy rel-d-flyte-binary --isolates--> Deployment rel-d-flyte-binary',
      'ServiceMonitor rel-d-flyte-binary --scrapes--> Service rel-d-flyte-binary-metrics',
      'ExternalSecret pw-d --writes--> Secret pw-d (referenced)',
      'ClusterRoleBinding rel-d-flyte-binary-cluster-role-binding --grants--> ClusterRole rel-d-flyte-binary-cluster-role',
      'ClusterRoleBinding rel-d-flyte-binary-cluster-role-binding --to--> ServiceAccount rel-d-flyte-binary',
      'ClusterRole rel-d-flyte-binary-cluster-role --on flyteworkflows--> CustomResourceDefinition flyteworkflows.flyte.lyft.com',
      'ConfigMap rel-d-flyte-binary-cluster-resource-templates --templates for--> task namespaces, one per project and domain: flytesnacks-development, flytesnacks-staging, flytesnacks-production',
      'Deployment rel-d-flyte-binary --creates, runs task pods in--> task namespaces, one per project and domain: flytesnacks-development, flytesnacks-staging, flytesnacks-production',
    ]) {
      expect(edges).toContain(e);
    }
    // Each edge once, and in a stable order.
    expect(new Set(edges).size).toBe(edges.length);
    expect(deploymentDiagram(objects, { buckets: ['meta-d', 'user-d'] })).toBe(diagram);
  });

  test('follows what the objects say, not the names: a Service that selects nothing links nowhere', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'other', namespace: 'ns-d' }, spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] } };
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'only-env', namespace: 'ns-d' }, data: {} };
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const withEnv = JSON.parse(JSON.stringify(deployment));
    withEnv.spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: 'only-env' } }];
    const d = parse(deploymentDiagram([svc, cm, withEnv]));
    expect(d.edges.filter((e) => e.startsWith('Service other'))).toEqual([]);
    expect(d.edges).toContain('Deployment rel-d-flyte-binary --env--> ConfigMap only-env');
    expect(d.labels).not.toContain('IAM role arn:aws:iam::210987654321:role/path/role-a');
  });

  test('under EKS Pod Identity the role comes from the association, not from an annotation', () => {
    const pi = objectsOf({ ...full, serviceAccount: { roleArn: 'arn:aws:iam::210987654321:role/pi-role', credentials: 'podIdentity' } });
    const link = { namespace: 'ns-d', serviceAccount: 'rel-d-flyte-binary', roleArn: 'arn:aws:iam::210987654321:role/pi-role' };
    const d = parse(deploymentDiagram(pi, { buckets: ['meta-d'], podIdentityAssociations: [link] }));
    expect(d.edges).toContain('ServiceAccount rel-d-flyte-binary --Pod Identity--> IAM role arn:aws:iam::210987654321:role/pi-role');
    expect(d.edges).toContain('IAM role arn:aws:iam::210987654321:role/pi-role --read/write--> S3 bucket meta-d');
    expect(d.edges.filter((e) => e.includes('--IRSA-->'))).toEqual([]);
    // An association of another ServiceAccount, or of the same name in another namespace, draws nothing.
    for (const other of [{ ...link, serviceAccount: 'someone-else' }, { ...link, namespace: 'ns-other' }]) {
      expect(parse(deploymentDiagram(pi, { podIdentityAssociations: [other] })).labels.some((l) => l.startsWith('IAM role'))).toBe(false);
    }
  });

  test('the committed OPERATOR.md of every environment draws every object of its manifests/', () => {
    const envs = fs.readdirSync(path.join(ROOT, 'dist'));
    expect(envs.length).toBeGreaterThanOrEqual(2);
    for (const env of envs) {
      const readme = fs.readFileSync(path.join(ROOT, 'dist', env, 'OPERATOR.md'), 'utf8');
      const block = /\n## What gets deployed\n[\s\S]*?(```mermaid\n[\s\S]*?\n```)/.exec(readme);
      expect([env, Boolean(block)]).toEqual([env, true]);
      const { labels: named } = parse(block![1]);
      const dir = path.join(ROOT, 'dist', env, 'manifests');
      for (const file of fs.readdirSync(dir)) {
        const o = load(fs.readFileSync(path.join(dir, file), 'utf8'), { schema: CORE_SCHEMA }) as KubeObject;
        expect([env, file, named.includes(`${o.kind} ${o.metadata.name}`)]).toEqual([env, file, true]);
      }
    }
  });
});

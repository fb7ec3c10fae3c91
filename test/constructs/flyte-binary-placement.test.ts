/** Pod placement and metadata, Service type and annotations of FlyteBinary, and site labels on every object. */
import { App, Chart } from 'cdk8s';
import { FlyteEnvironment } from '../../src/constructs/flyte-environment';
import { chartObjects } from '../../src/synth/manifests';
import { find, specOf, validInput } from '../helpers';

function objectsOf(extra: Record<string, unknown>): any[] {
  const chart = new FlyteEnvironment(new App({ outdir: '.' }), 'e', { spec: specOf(validInput(extra)) });
  return chartObjects(chart as Chart) as any[];
}
const podOf = (objects: any[]) => find(objects, 'Deployment', 'rel-a-flyte-binary').spec.template;

describe('pod placement and metadata', () => {
  const objects = objectsOf({
    pod: {
      nodeSelector: { 'eks.amazonaws.com/nodegroup': 'flyte-ng' },
      tolerations: [
        { key: 'dedicated', value: 'flyte', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 120 },
      ],
      topologySpreadConstraints: [{ maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone' }],
      priorityClassName: 'flyte-critical',
      annotations: { 'karpenter.sh/do-not-disrupt': 'true' },
      labels: { 'corp.example/tier': 'backend' },
    },
    labels: { 'corp.example/cost-centre': 'cc-4711' },
    services: { type: 'NodePort', annotations: { grpc: { 'traefik.ingress.kubernetes.io/service.serversscheme': 'h2c' }, http: { 'corp.example/lb': 'web' } } },
  });
  const pod = podOf(objects);

  test('nodeSelector, tolerations, spread constraints and priority class reach the pod spec', () => {
    expect(pod.spec.nodeSelector).toEqual({ 'eks.amazonaws.com/nodegroup': 'flyte-ng' });
    expect(pod.spec.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'flyte', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 120 },
    ]);
    expect(pod.spec.topologySpreadConstraints).toEqual([
      {
        maxSkew: 2,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/component': 'flyte-binary', 'app.kubernetes.io/instance': 'rel-a', 'app.kubernetes.io/name': 'flyte-binary' } },
      },
    ]);
    expect(pod.spec.priorityClassName).toBe('flyte-critical');
  });

  test('pod annotations sit beside the checksums; pod labels beside the chart labels, which win', () => {
    expect(pod.metadata.annotations['karpenter.sh/do-not-disrupt']).toBe('true');
    expect(Object.keys(pod.metadata.annotations).filter((k) => k.startsWith('checksum/'))).toHaveLength(2);
    expect(pod.metadata.labels['corp.example/tier']).toBe('backend');
    expect(pod.metadata.labels['corp.example/cost-centre']).toBe('cc-4711');
    expect(pod.metadata.labels['app.kubernetes.io/instance']).toBe('rel-a');
  });

  test('site labels are on every object', () => {
    expect(objects.length).toBeGreaterThan(8);
    for (const o of objects) expect(`${o.kind}/${o.metadata.name}: ${o.metadata.labels?.['corp.example/cost-centre']}`).toBe(`${o.kind}/${o.metadata.name}: cc-4711`);
  });

  test('NodePort for the HTTP and gRPC Services only; annotations per Service', () => {
    const svc = (s: string) => find(objects, 'Service', `rel-a-flyte-binary-${s}`);
    expect(['http', 'grpc', 'webhook', 'metrics'].map((s) => svc(s).spec.type)).toEqual(['NodePort', 'NodePort', 'ClusterIP', 'ClusterIP']);
    expect(svc('grpc').metadata.annotations).toEqual({ 'traefik.ingress.kubernetes.io/service.serversscheme': 'h2c' });
    expect(svc('http').metadata.annotations).toEqual({ 'corp.example/lb': 'web' });
    expect(svc('webhook').metadata.annotations).toBeUndefined();
  });

  test('without the keys nothing changes: ClusterIP, no placement fields', () => {
    const plain = objectsOf({});
    const p = podOf(plain).spec;
    expect([p.nodeSelector, p.tolerations, p.topologySpreadConstraints, p.priorityClassName]).toEqual([undefined, undefined, undefined, undefined]);
    expect(find(plain, 'Service', 'rel-a-flyte-binary-http').spec.type).toBe('ClusterIP');
  });
});

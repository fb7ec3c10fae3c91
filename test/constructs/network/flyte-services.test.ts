import { App, Chart } from 'cdk8s';
import { FlyteIngress } from '../../../src/constructs/network/flyte-ingress';
import { FlyteNetworkPolicy } from '../../../src/constructs/network/flyte-network-policy';
import { FlyteServiceMonitor } from '../../../src/constructs/network/flyte-service-monitor';
import { FlyteServices, FlyteServicesProps } from '../../../src/constructs/network/flyte-services';
import { chartObjects } from '../../../src/synth/manifests';
import { find, modelClass } from '../../helpers';

const BASE: FlyteServicesProps = {
  fullName: 'rel-s-flyte-binary',
  namespace: 'ns-s',
  release: 'rel-s',
  selector: { 'app.kubernetes.io/name': 'pod-s', tier: 'back-s' },
  labels: { team: 'team-s' },
};

function make(overrides: Partial<FlyteServicesProps> = {}) {
  const chart = new Chart(new App({ outdir: '.' }), 'env-s', { disableResourceNameHashes: true });
  const services = new FlyteServices(chart, 'Services', { ...BASE, ...overrides });
  return { chart, services, objects: () => chartObjects(chart) as any[] };
}

describe('FlyteServices', () => {
  test('four Services <fullName>-<kind>, each forwarding its named port to the container port of that name', () => {
    const objects = make().objects();
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'Service/ns-s/rel-s-flyte-binary-grpc', 'Service/ns-s/rel-s-flyte-binary-http', 'Service/ns-s/rel-s-flyte-binary-metrics', 'Service/ns-s/rel-s-flyte-binary-webhook',
    ]);
    const ports = Object.fromEntries(objects.map((o) => [o.metadata.name.split('-').pop(), o.spec.ports]));
    expect(ports).toEqual({
      http: [{ name: 'http', port: 8088, targetPort: 'http' }],
      grpc: [{ name: 'grpc', port: 8089, targetPort: 'grpc' }],
      webhook: [{ name: 'webhook', port: 443, targetPort: 'webhook' }],
      metrics: [{ name: 'metrics', port: 10254, targetPort: 'metrics' }],
    });
    const Model = modelClass('v1', 'Service')!;
    for (const o of objects) {
      expect(o.spec.selector).toEqual(BASE.selector);
      expect(() => new Model(o).validate()).not.toThrow();
    }
  });

  test('type applies to the HTTP and gRPC Services only; annotations by Service, none rendered when empty', () => {
    const objects = make({ type: 'NodePort', annotations: { grpc: { 'g-s': '1' }, metrics: {} } }).objects();
    const svc = (kind: string) => find(objects, 'Service', `rel-s-flyte-binary-${kind}`);
    expect(['http', 'grpc', 'webhook', 'metrics'].map((k) => svc(k).spec.type)).toEqual(['NodePort', 'NodePort', 'ClusterIP', 'ClusterIP']);
    expect(svc('grpc').metadata.annotations).toEqual({ 'g-s': '1' });
    expect(svc('metrics').metadata.annotations).toBeUndefined();
    expect(svc('http').metadata.annotations).toBeUndefined();
  });

  test('hands out references: name, port, port name and container port of each; labels of its own for the metrics Service only', () => {
    const { services, objects } = make();
    const rendered = objects();
    for (const [kind, ref, port, target] of [['http', services.http, 8088, 8088], ['grpc', services.grpc, 8089, 8089], ['webhook', services.webhook, 443, 9443], ['metrics', services.metrics, 10254, 10254]] as const) {
      expect(find(rendered, 'Service', ref.name).metadata.name).toBe(`rel-s-flyte-binary-${kind}`);
      expect([ref.port, ref.portName, ref.targetPort]).toEqual([port, kind, target]);
    }
    expect(services.http.matchLabels).toBeUndefined();
    expect(services.metrics.matchLabels).toEqual({ 'app.kubernetes.io/component': 'metrics', 'app.kubernetes.io/instance': 'rel-s', 'app.kubernetes.io/name': 'flyte-binary' });
    expect(find(rendered, 'Service', 'rel-s-flyte-binary-metrics').metadata.labels).toEqual({ team: 'team-s', ...services.metrics.matchLabels });
    expect(services.selector).toEqual(BASE.selector);
  });

  test('the Ingress routes to the references it is given', () => {
    const { chart, services } = make();
    new FlyteIngress(chart, 'Ingress', { namePrefix: 'rel-s-flyte-binary', namespace: 'ns-s', host: 'flyte.s.example', className: 'nginx-s', httpService: services.http, grpcService: services.grpc });
    const objects = chartObjects(chart) as any[];
    const backends = (name: string) => new Set(find(objects, 'Ingress', name).spec.rules[0].http.paths.map((p: any) => JSON.stringify(p.backend.service)));
    expect([...backends('rel-s-flyte-binary-http')]).toEqual([JSON.stringify({ name: 'rel-s-flyte-binary-http', port: { number: 8088 } })]);
    expect([...backends('rel-s-flyte-binary-grpc')]).toEqual([JSON.stringify({ name: 'rel-s-flyte-binary-grpc', port: { number: 8089 } })]);
  });

  test('the ServiceMonitor given the metrics Service selects it and no other, and scrapes its port', () => {
    const { chart, services } = make();
    new FlyteServiceMonitor(chart, 'Sm', { name: 'sm-s', namespace: 'ns-s', service: services.metrics });
    const objects = chartObjects(chart) as any[];
    const sm = find(objects, 'ServiceMonitor', 'sm-s');
    const selected = objects.filter((o) => o.kind === 'Service' && Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => o.metadata.labels?.[k] === v));
    expect(selected.map((o) => o.metadata.name)).toEqual(['rel-s-flyte-binary-metrics']);
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
  });

  test('a ServiceMonitor needs a Service with labels of its own, or a selector and a port', () => {
    const { chart, services } = make();
    expect(() => new FlyteServiceMonitor(chart, 'Sm', { name: 'sm-s', namespace: 'ns-s', service: services.http })).toThrow(
      'env-s/Sm: service: expected a Service with labels of its own (the metrics Service), or serviceSelector and portName',
    );
  });

  test('the NetworkPolicy given the Services selects their pod and opens the container ports they forward to', () => {
    const { chart, services } = make();
    new FlyteNetworkPolicy(chart, 'Np', { name: 'np-s', namespace: 'ns-s', services, databasePort: 5433, metricsNamespaces: ['mon-s'] });
    const np = find(chartObjects(chart), 'NetworkPolicy', 'np-s');
    expect(np.spec.podSelector).toEqual({ matchLabels: BASE.selector });
    const ports = np.spec.ingress.map((r: any) => r.ports.map((p: any) => p.port));
    expect(ports).toEqual([[8088, 8089], [9443], [10254]]);
    expect(() => new FlyteNetworkPolicy(chart, 'Np2', { name: 'np-s2', namespace: 'ns-s', databasePort: 5433 })).toThrow('env-s/Np2: services: expected the Services of the Flyte pod, or podSelector');
  });

  test('refuses names that are no Kubernetes names, with the construct path', () => {
    expect(() => make({ fullName: 'Rel_S' })).toThrow('env-s/Services: fullName: "Rel_S" is not allowed');
    expect(() => make({ namespace: 'ns.s' })).toThrow('env-s/Services: namespace: "ns.s" is not allowed');
  });
});

import { App, Chart } from 'cdk8s';
import { FlyteIngress, FlyteIngressProps, GRPC_SERVICES, HTTP_PATHS } from '../../../src/constructs/network/flyte-ingress';
import { chartObjects } from '../../../src/synth/manifests';
import { find, modelClass } from '../../helpers';

const BASE: FlyteIngressProps = {
  namePrefix: 'rel-q-flyte-binary',
  namespace: 'ns-q',
  host: 'flyte.q.example',
  className: 'internal-nginx',
  httpService: { name: 'svc-http-q', port: 18088 },
  grpcService: { name: 'svc-grpc-q', port: 18089 },
};

function render(overrides: Partial<FlyteIngressProps> = {}) {
  const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
  new FlyteIngress(chart, 'Ingress', { ...BASE, ...overrides });
  const objects = chartObjects(chart) as any[];
  return { objects, http: find(objects, 'Ingress', 'rel-q-flyte-binary-http'), grpc: find(objects, 'Ingress', 'rel-q-flyte-binary-grpc') };
}

/** The upstream flyte-binary chart v1.16.8 ingress paths. */
const UPSTREAM_HTTP = [
  '/console', '/console/*', '/api', '/api/*', '/healthcheck', '/v1/*', '/.well-known', '/.well-known/*', '/login', '/login/*',
  '/logout', '/logout/*', '/callback', '/callback/*', '/me', '/config', '/config/*', '/oauth2', '/oauth2/*',
];
const UPSTREAM_GRPC_SERVICES = [
  'flyteidl.service.AdminService', 'flyteidl.service.AuthMetadataService', 'flyteidl.service.DataProxyService',
  'flyteidl.service.IdentityService', 'flyteidl.service.SignalService', 'grpc.health.v1.Health',
];

describe('FlyteIngress', () => {
  test('two networking.k8s.io/v1 Ingresses, <prefix>-http and <prefix>-grpc, in the namespace', () => {
    const { objects } = render();
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'networking.k8s.io/v1 Ingress/ns-q/rel-q-flyte-binary-grpc',
      'networking.k8s.io/v1 Ingress/ns-q/rel-q-flyte-binary-http',
    ]);
  });

  test('host and class on both', () => {
    const { http, grpc } = render();
    for (const ing of [http, grpc]) {
      expect(ing.spec.ingressClassName).toBe('internal-nginx');
      expect(ing.spec.rules).toHaveLength(1);
      expect(ing.spec.rules[0].host).toBe('flyte.q.example');
    }
  });

  test('the HTTP Ingress routes the upstream console and API paths to the HTTP Service', () => {
    const { http } = render();
    expect(HTTP_PATHS).toEqual(UPSTREAM_HTTP);
    expect(http.spec.rules[0].http.paths).toEqual(
      UPSTREAM_HTTP.map((p) => ({ path: p, pathType: 'ImplementationSpecific', backend: { service: { name: 'svc-http-q', port: { number: 18088 } } } })),
    );
  });

  test('the gRPC Ingress routes /<service> and /<service>/* of each upstream gRPC service to the gRPC Service', () => {
    const { grpc } = render();
    expect(GRPC_SERVICES).toEqual(UPSTREAM_GRPC_SERVICES);
    expect(grpc.spec.rules[0].http.paths).toEqual(
      UPSTREAM_GRPC_SERVICES.flatMap((s) => [`/${s}`, `/${s}/*`]).map((p) => ({
        path: p, pathType: 'ImplementationSpecific', backend: { service: { name: 'svc-grpc-q', port: { number: 18089 } } },
      })),
    );
  });

  test('tlsSecret adds a TLS section for the host on both; without it there is none', () => {
    const tls = render({ tlsSecret: 'flyte-q-tls' });
    for (const ing of [tls.http, tls.grpc]) expect(ing.spec.tls).toEqual([{ hosts: ['flyte.q.example'], secretName: 'flyte-q-tls' }]);
    const plain = render();
    for (const ing of [plain.http, plain.grpc]) expect(ing.spec.tls).toBeUndefined();
  });

  test('common annotations go on both, specific ones on one, and a specific one wins over a common one', () => {
    const { http, grpc } = render({
      annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', shared: 'common' },
      httpAnnotations: { 'nginx.ingress.kubernetes.io/app-root': '/console', shared: 'http' },
      grpcAnnotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' },
    });
    expect(http.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', shared: 'http', 'nginx.ingress.kubernetes.io/app-root': '/console' });
    expect(grpc.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', shared: 'common', 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' });
  });

  test('no annotations and no labels by default; labels on both when given', () => {
    const plain = render();
    for (const ing of [plain.http, plain.grpc]) {
      expect(ing.metadata.annotations ?? {}).toEqual({});
      expect(ing.metadata.labels).toBeUndefined();
    }
    const labelled = render({ labels: { 'app.kubernetes.io/instance': 'rel-q' } });
    for (const ing of [labelled.http, labelled.grpc]) expect(ing.metadata.labels).toEqual({ 'app.kubernetes.io/instance': 'rel-q' });
  });

  test('both are valid Ingresses for the Kubernetes 1.27 schema', () => {
    const { objects } = render({ tlsSecret: 't', annotations: { a: 'b' }, labels: { c: 'd' } });
    for (const o of objects) {
      const Model = modelClass(o.apiVersion, o.kind)!;
      expect(() => new Model(o).validate()).not.toThrow();
    }
  });

  test.each([
    [{ host: 'Flyte.Example' }, 'c/Ingress: host: "Flyte.Example" is not allowed; expected a DNS host name'],
    [{ host: 'https://flyte.example' }, 'c/Ingress: host: "https://flyte.example" is not allowed; expected a DNS host name'],
    [{ host: '10.20.30.40' }, 'c/Ingress: host: "10.20.30.40" is not allowed; expected a DNS host name (lowercase labels of letters, digits and "-" separated by ".", at most 253 characters), not an IP address'],
    [{ className: 'nginx class' }, 'c/Ingress: className: "nginx class" is not allowed; expected a DNS-1123 subdomain'],
    [{ tlsSecret: 'TLS' }, 'c/Ingress: tlsSecret: "TLS" is not allowed; expected a DNS-1123 subdomain'],
    [{ namePrefix: 'Rel_Q' }, 'c/Ingress: namePrefix: "Rel_Q" is not allowed; expected a DNS-1123 subdomain'],
    [{ namespace: 'ns_q' }, 'c/Ingress: namespace: "ns_q" is not allowed; expected a DNS-1123 label'],
  ])('rejects %j with a one-line message', (overrides, message) => {
    expect(() => render(overrides)).toThrow(message);
  });
});

import { App, Chart } from 'cdk8s';
import { FlyteNetworkPolicy, FlyteNetworkPolicyProps } from '../../../src/constructs/network/flyte-network-policy';
import { chartObjects } from '../../../src/synth/manifests';
import { modelClass } from '../../helpers';

const BASE: FlyteNetworkPolicyProps = {
  name: 'np-x',
  namespace: 'ns-x',
  podSelector: { app: 'flyte-x', tier: 'backend' },
  databasePort: 6543,
};

function render(overrides: Partial<FlyteNetworkPolicyProps> = {}): any {
  const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
  new FlyteNetworkPolicy(chart, 'Np', { ...BASE, ...overrides });
  const objects = chartObjects(chart);
  expect(objects).toHaveLength(1);
  return objects[0];
}

const tcp = (port: number) => ({ protocol: 'TCP', port });
const inNamespaces = (names: string[]) => ({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: names }] } });

describe('FlyteNetworkPolicy', () => {
  test('one networking.k8s.io/v1 NetworkPolicy with the given name, namespace and labels', () => {
    const np = render({ labels: { team: 'data' } });
    expect(np.apiVersion).toBe('networking.k8s.io/v1');
    expect(np.kind).toBe('NetworkPolicy');
    expect(np.metadata).toEqual({ name: 'np-x', namespace: 'ns-x', labels: { team: 'data' } });
  });

  test('selects the Flyte pod and denies everything else in both directions', () => {
    const np = render();
    expect(np.spec.podSelector).toEqual({ matchLabels: { app: 'flyte-x', tier: 'backend' } });
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  test('by default the HTTP (8088) and gRPC (8089) ports are open to every namespace', () => {
    const np = render();
    expect(np.spec.ingress[0]).toEqual({ from: [{ namespaceSelector: {} }], ports: [tcp(8088), tcp(8089)] });
  });

  test('ingressNamespaces narrow the HTTP and gRPC ports to those namespaces, by their name label', () => {
    const np = render({ ingressNamespaces: ['ingress-nginx', 'flytesnacks-development'] });
    expect(np.spec.ingress[0]).toEqual({ from: [inNamespaces(['ingress-nginx', 'flytesnacks-development'])], ports: [tcp(8088), tcp(8089)] });
  });

  test('ingressCidrs add the load balancer subnets to the HTTP and gRPC rule, beside the namespaces', () => {
    const np = render({ ingressNamespaces: ['ingress-nginx'], ingressCidrs: ['10.20.0.0/24', '10.20.1.0/24'] });
    expect(np.spec.ingress[0]).toEqual({
      from: [inNamespaces(['ingress-nginx']), { ipBlock: { cidr: '10.20.0.0/24' } }, { ipBlock: { cidr: '10.20.1.0/24' } }],
      ports: [tcp(8088), tcp(8089)],
    });
    expect(() => render({ ingressCidrs: ['10.0.0.0/33'] })).toThrow('c/Np: ingressCidrs: "10.0.0.0/33" is not allowed; expected an IPv4 CIDR block');
  });

  test('the webhook port (9443) is open to any source: the API server calls it from outside the pod network', () => {
    const np = render({ ingressNamespaces: ['ingress-nginx'] });
    expect(np.spec.ingress[1]).toEqual({ ports: [tcp(9443)] });
  });

  test('metricsNamespaces open the metrics port (10254) to those namespaces only', () => {
    const np = render({ metricsNamespaces: ['monitoring', 'observability'] });
    expect(np.spec.ingress).toHaveLength(3);
    expect(np.spec.ingress[2]).toEqual({ from: [inNamespaces(['monitoring', 'observability'])], ports: [tcp(10254)] });
  });

  test('no metrics rule without metricsNamespaces, or with an empty list', () => {
    for (const metricsNamespaces of [undefined, []]) {
      const np = render({ metricsNamespaces });
      expect(np.spec.ingress).toHaveLength(2);
      expect(JSON.stringify(np.spec.ingress)).not.toContain('10254');
    }
  });

  test('egress: DNS over UDP and TCP 53 anywhere; the database port and HTTPS to 0.0.0.0/0 by default', () => {
    const np = render();
    expect(np.spec.egress).toEqual([
      { ports: [{ protocol: 'UDP', port: 53 }, tcp(53)] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [tcp(6543), tcp(443)] },
    ]);
  });

  test('extraEgressPorts (an identity provider on its own port) join the database port and 443, once each', () => {
    const np = render({ databasePort: 5433, extraEgressPorts: [8443, 443, 9000] });
    expect(np.spec.egress[1].ports).toEqual([tcp(5433), tcp(443), tcp(8443), tcp(9000)]);
    expect(() => render({ extraEgressPorts: [70000] })).toThrow('c/Np: extraEgressPorts');
  });

  test('proxyUrls and endpointUrls let their ports out (a Squid on 3128, an issuer on 8443, an S3 endpoint on 443), once each', () => {
    const np = render({
      databasePort: 5433,
      proxyUrls: ['http://proxy.corp.example:3128', 'http://proxy.corp.example:3128', 'https://p2.corp.example'],
      endpointUrls: ['https://idp.corp.example:8443/oauth2', 'https://bucket.vpce-1.s3.us-east-1.vpce.amazonaws.com'],
    });
    expect(np.spec.egress[1].ports).toEqual([tcp(5433), tcp(443), tcp(3128), tcp(8443)]);
    expect(render({ proxyUrls: ['http://squid.corp.example'] }).spec.egress[1].ports).toEqual([tcp(6543), tcp(443), tcp(80)]);
    expect(() => render({ proxyUrls: ['socks5://p:1080'] })).toThrow('c/Np: proxyUrls: "socks5://p:1080" is not allowed; expected an http:// or https:// URL');
    expect(() => render({ endpointUrls: ['not a url'] })).toThrow('c/Np: endpointUrls: "not a url" is not allowed; expected an http:// or https:// URL');
  });

  test('podIdentityAgent lets out port 80 to the EKS Pod Identity agent\'s link-local addresses (IPv4 and IPv6), whatever egressCidrs say', () => {
    const np = render({ egressCidrs: ['10.20.0.0/16'], podIdentityAgent: true });
    expect(np.spec.egress).toHaveLength(3);
    expect(np.spec.egress[2]).toEqual({ to: [{ ipBlock: { cidr: '169.254.170.23/32' } }, { ipBlock: { cidr: 'fd00:ec2::23/128' } }], ports: [tcp(80)] });
    expect(render().spec.egress).toHaveLength(2);
  });

  test('egressCidrs replace the default destinations', () => {
    const np = render({ egressCidrs: ['10.20.0.0/16', '172.16.5.0/24'], databasePort: 5433 });
    expect(np.spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }, { ipBlock: { cidr: '172.16.5.0/24' } }], ports: [tcp(5433), tcp(443)] });
  });

  test('is a valid NetworkPolicy for the Kubernetes 1.27 schema', () => {
    const np = render({ ingressNamespaces: ['a'], metricsNamespaces: ['b'], egressCidrs: ['10.0.0.0/8'], labels: { x: 'y' } });
    const Model = modelClass(np.apiVersion, np.kind)!;
    expect(() => new Model(np).validate()).not.toThrow();
  });

  test.each([
    [{ name: 'Bad Name' }, 'c/Np: name: "Bad Name" is not allowed; expected a DNS-1123 subdomain'],
    [{ namespace: 'Bad_NS' }, 'c/Np: namespace: "Bad_NS" is not allowed; expected a DNS-1123 label'],
    [{ databasePort: 0 }, 'c/Np: databasePort: 0 is not allowed; expected an integer from 1 to 65535'],
    [{ databasePort: 65536 }, 'c/Np: databasePort: 65536 is not allowed; expected an integer from 1 to 65535'],
    [{ ingressNamespaces: ['ok', 'Not_OK'] }, 'c/Np: namespaces: "Not_OK" is not allowed; expected a DNS-1123 label'],
    [{ metricsNamespaces: ['-monitoring'] }, 'c/Np: namespaces: "-monitoring" is not allowed; expected a DNS-1123 label'],
    [{ egressCidrs: ['10.0.0.0/33'] }, 'c/Np: egressCidrs: "10.0.0.0/33" is not allowed; expected an IPv4 CIDR block such as "10.0.0.0/16"'],
    [{ egressCidrs: ['10.0.0.1'] }, 'c/Np: egressCidrs: "10.0.0.1" is not allowed; expected an IPv4 CIDR block such as "10.0.0.0/16"'],
  ])('rejects %j with a one-line message', (overrides, message) => {
    expect(() => render(overrides as Partial<FlyteNetworkPolicyProps>)).toThrow(message);
  });

  test('an empty ingressNamespaces list is refused: the API server refuses operator In without values', () => {
    expect(() => render({ ingressNamespaces: [] })).toThrow('c/Np: ingressNamespaces: [] is not allowed; expected at least one namespace, or none given for every namespace');
  });

  test('an empty egressCidrs list is refused: an empty "to" would allow every destination', () => {
    expect(() => render({ egressCidrs: [] })).toThrow('c/Np: egressCidrs: [] is not allowed; expected at least one IPv4 CIDR block');
  });
});

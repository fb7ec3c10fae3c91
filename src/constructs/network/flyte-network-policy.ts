import { Construct, IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { CIDR, DNS_LABEL, DNS_SUBDOMAIN } from '../../config/formats';
import { FLYTE_PORTS } from '../flyte-config';
import type { FlyteServices } from '../network/flyte-services';
import { assertPortProp, assertProp, propsError } from '../errors';

export interface FlyteNetworkPolicyProps {
  readonly name: string;
  readonly namespace: string;
  /**
   * The Services of the Flyte pod (`FlyteBinary.services`): the pod they select, and the ports they
   * forward to, which the policy opens.
   * @default - the pod `podSelector` selects, on the binary's ports (FLYTE_PORTS)
   */
  readonly services?: FlyteServices;
  /**
   * Labels of the Flyte pod.
   * @default - the selector of `services`
   */
  readonly podSelector?: Record<string, string>;
  /** Port of the PostgreSQL database. */
  readonly databasePort: number;
  /**
   * Namespaces that may reach the HTTP and gRPC ports (the ingress controller, task pods).
   * @default - every namespace of the cluster
   */
  readonly ingressNamespaces?: string[];
  /**
   * Address ranges that may reach the HTTP and gRPC ports from outside the cluster's pods: the
   * subnets of an AWS load balancer that sends traffic straight to the pod (ALB/NLB IP mode).
   * @default - none
   */
  readonly ingressCidrs?: string[];
  /**
   * Namespaces that may scrape the metrics port.
   * @default - none
   */
  readonly metricsNamespaces?: string[];
  /**
   * Destinations of the database, S3 (HTTPS) and the Kubernetes API.
   * @default ['0.0.0.0/0']
   */
  readonly egressCidrs?: string[];
  /**
   * More TCP ports the pod may reach at `egressCidrs`, for example an identity provider on a port other than 443.
   * @default - none
   */
  readonly extraEgressPorts?: number[];
  /**
   * Forward proxies the pod sends HTTP(S) through (HTTP_PROXY, HTTPS_PROXY): their ports are let out
   * to `egressCidrs` (3128 for a usual Squid).
   * @default - none
   */
  readonly proxyUrls?: readonly string[];
  /**
   * HTTPS endpoints the pod calls directly when no proxy (or NO_PROXY) stands between: the OIDC
   * issuer, an external authorization server, the S3 endpoint. Their ports are let out to `egressCidrs`.
   * @default - none
   */
  readonly endpointUrls?: readonly string[];
  /**
   * The pod gets its AWS credentials from the EKS Pod Identity agent, a link-local address on the
   * node: 169.254.170.23 and fd00:ec2::23, port 80, outside any `egressCidrs`.
   * @default false
   */
  readonly podIdentityAgent?: boolean;
  /** @default - none */
  readonly labels?: Record<string, string>;
}

const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
const namespaces = (names: string[]): k8s.NetworkPolicyPeer => ({
  namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: names }] },
});

/** The EKS Pod Identity agent (AWS_CONTAINER_CREDENTIALS_FULL_URI of the pod): IPv4 and IPv6 clusters. */
export const POD_IDENTITY_AGENT = { cidrs: ['169.254.170.23/32', 'fd00:ec2::23/128'], port: 80 } as const;

/** The TCP port of an http(s) URL: its own, or the scheme's. */
function urlPort(scope: IConstruct, what: string, url: string): number {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw propsError(scope, what, `${JSON.stringify(url)} is not allowed; expected an http:// or https:// URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw propsError(scope, what, `${JSON.stringify(url)} is not allowed; expected an http:// or https:// URL`);
  return Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
}

/**
 * Default-deny for the Flyte pod, then only what the binary needs: its API and console from
 * inside the cluster, webhook calls from the API server, scrapes from Prometheus; out to DNS,
 * the database, HTTPS (S3, STS, the EKS API endpoint), the proxy and identity provider ports it
 * is given, and the EKS Pod Identity agent when it gets its credentials there.
 */
export class FlyteNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: FlyteNetworkPolicyProps) {
    super(scope, id);
    assertProp(this, 'name', props.name, DNS_SUBDOMAIN);
    assertProp(this, 'namespace', props.namespace, DNS_LABEL);
    assertPortProp(this, 'databasePort', props.databasePort);
    for (const n of [...(props.ingressNamespaces ?? []), ...(props.metricsNamespaces ?? [])]) assertProp(this, 'namespaces', n, DNS_LABEL);
    // The API server refuses operator In with no values; "every namespace" is the omitted list.
    if (props.ingressNamespaces?.length === 0) throw propsError(this, 'ingressNamespaces', '[] is not allowed; expected at least one namespace, or none given for every namespace');
    const podSelector = props.podSelector ?? props.services?.selector;
    if (podSelector === undefined) throw propsError(this, 'services', 'expected the Services of the Flyte pod, or podSelector');
    const egress = egressRules(this, props);
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        podSelector: { matchLabels: { ...podSelector } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: ingressRules(this, props),
        egress,
      },
    });
  }
}

/** In: the API and console from the cluster (and load balancer addresses), the webhook from anywhere, scrapes from the metrics namespaces. */
function ingressRules(scope: IConstruct, props: FlyteNetworkPolicyProps): k8s.NetworkPolicyIngressRule[] {
  for (const c of props.ingressCidrs ?? []) assertProp(scope, 'ingressCidrs', c, CIDR);
  // The ports the Services forward to: the container ports.
  const port = (kind: 'http' | 'grpc' | 'webhook' | 'metrics') => tcp(props.services?.[kind].targetPort ?? FLYTE_PORTS[kind]);
  const ingress: k8s.NetworkPolicyIngressRule[] = [
    {
      from: [
        props.ingressNamespaces ? namespaces(props.ingressNamespaces) : { namespaceSelector: {} },
        // A load balancer's nodes are no pods: only their addresses can be named.
        ...(props.ingressCidrs ?? []).map((cidr) => ({ ipBlock: { cidr } })),
      ],
      ports: [port('http'), port('grpc')],
    },
    // The API server calls the admission webhook from the control plane, which no selector names.
    { ports: [port('webhook')] },
  ];
  if (props.metricsNamespaces && props.metricsNamespaces.length > 0) {
    ingress.push({ from: [namespaces(props.metricsNamespaces)], ports: [port('metrics')] });
  }
  return ingress;
}

/** Out: DNS, then the database, HTTPS, the proxy and endpoint ports to `egressCidrs`, and the Pod Identity agent. */
function egressRules(scope: IConstruct, props: FlyteNetworkPolicyProps): k8s.NetworkPolicyEgressRule[] {
  const cidrs = props.egressCidrs ?? ['0.0.0.0/0'];
  // An empty `to` would match every destination, the opposite of what an empty list says.
  if (cidrs.length === 0) throw propsError(scope, 'egressCidrs', '[] is not allowed; expected at least one IPv4 CIDR block');
  for (const c of cidrs) assertProp(scope, 'egressCidrs', c, CIDR);
  for (const p of props.extraEgressPorts ?? []) assertPortProp(scope, 'extraEgressPorts', p);
  const egressPorts = [...new Set([
    props.databasePort,
    // S3, STS and the API server's endpoints (EKS: the control plane's network interfaces).
    443,
    ...(props.proxyUrls ?? []).map((u) => urlPort(scope, 'proxyUrls', u)),
    ...(props.endpointUrls ?? []).map((u) => urlPort(scope, 'endpointUrls', u)),
    ...(props.extraEgressPorts ?? []),
  ])];
  const egress: k8s.NetworkPolicyEgressRule[] = [
    { ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)] },
    { to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: egressPorts.map(tcp) },
  ];
  if (props.podIdentityAgent) egress.push({ to: POD_IDENTITY_AGENT.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(POD_IDENTITY_AGENT.port)] });
  return egress;
}

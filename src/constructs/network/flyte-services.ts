import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_LABEL, DNS_SUBDOMAIN } from '../../config/formats';
import { assertProp } from '../errors';
import { FLYTE_PORTS } from '../flyte-config';

/** Which Service of the binary. */
export type FlyteServiceKind = 'http' | 'grpc' | 'webhook' | 'metrics';

/**
 * One Service of the Flyte binary, as the constructs that need it refer to it: an Ingress routes
 * to its `name` and `port`, a ServiceMonitor selects it by `matchLabels` and scrapes `portName`, a
 * NetworkPolicy opens the pod's `targetPort`.
 */
export class FlyteService {
  /** The Service object. */
  public readonly resource: k8s.KubeService;
  /** The Service's port. */
  public readonly port: number;
  /** Name of the Service port, and of the container port it forwards to. */
  public readonly portName: string;
  /** The container port the Service forwards to. */
  public readonly targetPort: number;
  /** Labels that select this Service and no other of the release; only the metrics Service has them. */
  public readonly matchLabels?: Readonly<Record<string, string>>;

  constructor(resource: k8s.KubeService, options: { readonly port: number; readonly portName: string; readonly targetPort: number; readonly matchLabels?: Record<string, string> }) {
    this.resource = resource;
    this.port = options.port;
    this.portName = options.portName;
    this.targetPort = options.targetPort;
    this.matchLabels = options.matchLabels;
  }

  /** The Service's name. */
  public get name(): string {
    return this.resource.name;
  }
}

export interface FlyteServicesProps {
  /** `<release>-flyte-binary`: the Services are `<fullName>-http`, `-grpc`, `-webhook` and `-metrics`. */
  readonly fullName: string;
  readonly namespace: string;
  /** Release name, in the metrics Service's own labels. */
  readonly release: string;
  /** Labels of the Flyte pod the Services select. */
  readonly selector: Readonly<Record<string, string>>;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Type of the HTTP and gRPC Services. @default 'ClusterIP' */
  readonly type?: 'ClusterIP' | 'NodePort';
  /** Annotations by Service. @default - none */
  readonly annotations?: Readonly<Partial<Record<FlyteServiceKind, Record<string, string>>>>;
}

/**
 * The four Services of the upstream flyte-binary chart, each on the container port of its name:
 * HTTP (console, REST) and gRPC, which a load balancer may target, and the webhook and metrics,
 * which stay in-cluster. Hands out each as a `FlyteService` for the constructs that refer to it.
 */
export class FlyteServices extends Construct {
  public readonly http: FlyteService;
  public readonly grpc: FlyteService;
  public readonly webhook: FlyteService;
  public readonly metrics: FlyteService;
  /** Labels of the pod the Services select. */
  public readonly selector: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, private readonly props: FlyteServicesProps) {
    super(scope, id);
    assertProp(this, 'fullName', props.fullName, DNS_SUBDOMAIN);
    assertProp(this, 'namespace', props.namespace, DNS_LABEL);
    this.selector = props.selector;
    this.grpc = this.service('GrpcService', 'grpc', FLYTE_PORTS.grpc, FLYTE_PORTS.grpc);
    this.http = this.service('HttpService', 'http', FLYTE_PORTS.http, FLYTE_PORTS.http);
    this.webhook = this.service('WebhookService', 'webhook', 443, FLYTE_PORTS.webhook);
    // Its own component label lets a ServiceMonitor select this Service alone.
    const metricsLabels = { 'app.kubernetes.io/component': 'metrics', 'app.kubernetes.io/instance': props.release, 'app.kubernetes.io/name': 'flyte-binary' };
    this.metrics = this.service('MetricsService', 'metrics', FLYTE_PORTS.metrics, FLYTE_PORTS.metrics, metricsLabels);
  }

  private service(id: string, kind: FlyteServiceKind, port: number, targetPort: number, matchLabels?: Record<string, string>): FlyteService {
    const annotations = this.props.annotations?.[kind];
    const resource = new k8s.KubeService(this, id, {
      metadata: {
        name: `${this.props.fullName}-${kind}`,
        namespace: this.props.namespace,
        labels: { ...this.props.labels, ...matchLabels },
        annotations: annotations && Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      spec: {
        // Only the Services a load balancer targets; the webhook and metrics stay in-cluster.
        type: kind === 'http' || kind === 'grpc' ? this.props.type ?? 'ClusterIP' : 'ClusterIP',
        ports: [{ name: kind, port, targetPort: k8s.IntOrString.fromString(kind) }],
        selector: { ...this.props.selector },
      },
    });
    return new FlyteService(resource, { port, portName: kind, targetPort, matchLabels });
  }
}

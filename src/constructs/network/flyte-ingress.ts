import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_LABEL, DNS_SUBDOMAIN, INGRESS_HOST } from '../../config/formats';
import { assertProp } from '../errors';

/** Paths the upstream chart routes to the HTTP service. */
export const HTTP_PATHS = [
  '/console', '/console/*', '/api', '/api/*', '/healthcheck', '/v1/*', '/.well-known', '/.well-known/*',
  '/login', '/login/*', '/logout', '/logout/*', '/callback', '/callback/*', '/me', '/config', '/config/*',
  '/oauth2', '/oauth2/*',
];

/** gRPC services the upstream chart routes to the gRPC service, each as `/<svc>` and `/<svc>/*`. */
export const GRPC_SERVICES = [
  'flyteidl.service.AdminService', 'flyteidl.service.AuthMetadataService', 'flyteidl.service.DataProxyService',
  'flyteidl.service.IdentityService', 'flyteidl.service.SignalService', 'grpc.health.v1.Health',
];

/** What an Ingress path routes to: a Service (a `FlyteService`) and its port. */
export interface ServiceBackend {
  readonly name: string;
  readonly port: number;
}

/** The site's settings of the two Ingresses (FlyteBinaryProps.ingress). */
export interface FlyteIngressOptions {
  /** Host name of the console and the API. */
  readonly host: string;
  readonly className: string;
  /** @default - no TLS section */
  readonly tlsSecret?: string;
  /** Annotations on both Ingresses. @default - none */
  readonly annotations?: Record<string, string>;
  /** @default - none */
  readonly httpAnnotations?: Record<string, string>;
  /** @default - none */
  readonly grpcAnnotations?: Record<string, string>;
}

export interface FlyteIngressProps extends FlyteIngressOptions {
  readonly namePrefix: string;
  readonly namespace: string;
  /** The Service of the console and the REST API (`FlyteServices.http`). */
  readonly httpService: ServiceBackend;
  /** The gRPC Service (`FlyteServices.grpc`). */
  readonly grpcService: ServiceBackend;
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/** The two Ingresses of the upstream chart: `<prefix>-http` (console, REST) and `<prefix>-grpc`. */
export class FlyteIngress extends Construct {
  constructor(scope: Construct, id: string, props: FlyteIngressProps) {
    super(scope, id);
    assertProp(this, 'namePrefix', props.namePrefix, DNS_SUBDOMAIN);
    assertProp(this, 'namespace', props.namespace, DNS_LABEL);
    assertProp(this, 'host', props.host, INGRESS_HOST);
    assertProp(this, 'className', props.className, DNS_SUBDOMAIN);
    if (props.tlsSecret !== undefined) assertProp(this, 'tlsSecret', props.tlsSecret, DNS_SUBDOMAIN);

    const grpcPaths = GRPC_SERVICES.flatMap((s) => [`/${s}`, `/${s}/*`]);
    const make = (id: string, suffix: string, paths: string[], service: ServiceBackend, extra?: Record<string, string>) =>
      new k8s.KubeIngress(this, id, {
        metadata: {
          name: `${props.namePrefix}-${suffix}`,
          namespace: props.namespace,
          labels: props.labels,
          annotations: { ...props.annotations, ...extra },
        },
        spec: {
          ingressClassName: props.className,
          tls: props.tlsSecret ? [{ hosts: [props.host], secretName: props.tlsSecret }] : undefined,
          rules: [
            {
              host: props.host,
              http: {
                paths: paths.map((path) => ({
                  path,
                  pathType: 'ImplementationSpecific',
                  backend: { service: { name: service.name, port: { number: service.port } } },
                })),
              },
            },
          ],
        },
      });
    make('Http', 'http', HTTP_PATHS, props.httpService, props.httpAnnotations);
    make('Grpc', 'grpc', grpcPaths, props.grpcService, props.grpcAnnotations);
  }
}

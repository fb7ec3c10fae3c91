import { _default, optional, enum as zEnum } from 'zod/mini';
import { annotations, described, obj } from './fields';

const serviceAnnotations = obj(
  {
    http: optional(annotations('Annotations on the HTTP Service.')),
    grpc: optional(annotations('Annotations on the gRPC Service (for example Traefik\'s "h2c" scheme).')),
    webhook: optional(annotations('Annotations on the webhook Service.')),
    metrics: optional(annotations('Annotations on the metrics Service.')),
  },
  'Annotations on each Service.',
);

export const services = optional(
  obj(
    {
      type: described(
        _default(zEnum(['ClusterIP', 'NodePort'], { error: 'expected "ClusterIP" or "NodePort" (for an AWS load balancer in instance mode)' }), 'ClusterIP'),
        'Type of the HTTP and gRPC Services; NodePort for an AWS Load Balancer Controller in instance mode.',
      ),
      annotations: optional(serviceAnnotations),
    },
    'The Services of the Flyte binary.',
  ),
);

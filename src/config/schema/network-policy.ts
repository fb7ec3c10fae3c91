import { _default, array, minLength, optional } from 'zod/mini';
import * as f from '../formats';
import { bool, described, obj, str } from './fields';

export const networkPolicy = optional(
  obj(
    {
      enabled: _default(bool('Render a NetworkPolicy for the Flyte pod.'), false),
      ingressNamespaces: described(
        optional(
          array(str(f.DNS_LABEL, 'Namespace name.'), { error: 'expected a list of namespace names' }).check(
            // The API server refuses operator In with no values (a label selector requirement).
            minLength(1, { error: 'expected at least one namespace; omit the key to allow every namespace (an empty list would render "operator: In" with no values, which the API server refuses)' }),
          ),
        ),
        'Namespaces allowed to reach the HTTP and gRPC ports (the ingress controller, task pods); omit to allow every namespace.',
      ),
      ingressCidrs: described(
        optional(array(str(f.CIDR, 'CIDR block.'), { error: 'expected a list of CIDR blocks' })),
        'Address ranges allowed to reach the HTTP and gRPC ports from outside the pods: the subnets of an AWS load balancer in IP mode (ALB, NLB).',
      ),
      metricsNamespaces: described(
        _default(array(str(f.DNS_LABEL, 'Namespace name.'), { error: 'expected a list of namespace names' }), ['monitoring']),
        'Namespaces allowed to scrape the metrics port (where Prometheus runs).',
      ),
      egressCidrs: described(
        _default(
          array(str(f.CIDR, 'CIDR block.'), { error: 'expected a list of CIDR blocks' }).check(minLength(1, { error: 'expected at least one CIDR block' })),
          ['0.0.0.0/0'],
        ),
        'Where the pod may connect for the database, S3 and the Kubernetes API.',
      ),
    },
    'Network isolation of the Flyte pod.',
  ),
);

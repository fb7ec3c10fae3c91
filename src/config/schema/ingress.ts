import type { z } from 'zod/mini';
import { optional } from 'zod/mini';
import * as f from '../formats';
import { Shown } from '../shown';
import type { RuleIssue } from '../task-rules';
import { annotationBytes, annotations, ANNOTATIONS_MAX_BYTES, obj, str } from './fields';

export const ingress = optional(
  obj(
    {
      host: str(f.INGRESS_HOST, 'Host name of the Flyte console and API (a DNS name; Kubernetes refuses an IP address).'),
      className: str(f.DNS_SUBDOMAIN, 'IngressClass name.'),
      tlsSecret: optional(str(f.DNS_SUBDOMAIN, 'Name of the TLS Secret for the host (created by an operator or cert-manager).')),
      annotations: optional(annotations('Annotations on both Ingresses.')),
      httpAnnotations: optional(annotations('Annotations on the HTTP Ingress only.')),
      grpcAnnotations: optional(annotations('Annotations on the gRPC Ingress only.')),
    },
    'Ingress for the console (HTTP) and the API (gRPC).',
  ),
);

/** The HTTP and gRPC Ingresses each carry the shared annotations and their own: each total within the limit. */
export function ingressIssues(settings: z.output<typeof ingress>): RuleIssue[] {
  if (!settings) return [];
  const issues: RuleIssue[] = [];
  for (const which of ['httpAnnotations', 'grpcAnnotations'] as const) {
    if (annotationBytes(settings.annotations, settings[which]) > ANNOTATIONS_MAX_BYTES) {
      issues.push({ path: ['ingress', which], input: new Shown(`annotations of ${annotationBytes(settings.annotations, settings[which])} bytes`), message: `expected at most ${ANNOTATIONS_MAX_BYTES} bytes of annotations together with ingress.annotations (the Kubernetes limit)` });
    }
  }
  return issues;
}

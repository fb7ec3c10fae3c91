import type { z } from 'zod/mini';
import { _default, array, optional } from 'zod/mini';
import * as f from '../formats';
import type { RuleIssue } from '../task-rules';
import { described, obj, str } from './fields';

export const proxy = optional(
  obj(
    {
      http: optional(str(f.PROXY_URL, 'Proxy for http:// requests (HTTP_PROXY).')),
      https: optional(str(f.PROXY_URL, 'Proxy for https:// requests (HTTPS_PROXY): S3, STS and the OIDC issuer unless listed in noProxy.')),
      noProxy: described(
        _default(array(str(f.NO_PROXY_ENTRY, 'Host, ".domain", IP address or CIDR.'), { error: 'expected a list of NO_PROXY entries' }), []),
        'Destinations reached directly, after the built-in ones (localhost, 0.0.0.0, link-local AWS agents, .svc, .cluster.local): add the Kubernetes service CIDR (the API server address) and VPC endpoint hosts.',
      ),
    },
    'Forward proxy of the Flyte binary (HTTP_PROXY, HTTPS_PROXY, NO_PROXY).',
  ),
);

export function proxyIssues(settings: z.output<typeof proxy>): RuleIssue[] {
  return settings && settings.http === undefined && settings.https === undefined ? [{ path: ['proxy'], input: settings, message: 'expected http, https or both' }] : [];
}

import type { z } from 'zod/mini';
import { _default, optional, enum as zEnum } from 'zod/mini';
import * as f from '../formats';
import type { RuleIssue } from '../task-rules';
import { described, obj, str } from './fields';

export const registry = optional(
  obj(
    {
      host: str(f.REGISTRY_LOCATION, 'Private registry host (and port) every image is pulled from, optionally with a path prefix under which every repository is created ("harbor.corp.example/flyte": a Harbor project, an Artifactory repository key, an ECR namespace).'),
      pullSecret: optional(
        str(
          f.DNS_SUBDOMAIN,
          'Name of the kubernetes.io/dockerconfigjson Secret used to pull from it (created at deploy time, never rendered); referenced by the Flyte pod and by the default ServiceAccount of every project-domain namespace. Omit it only for an ECR registry ("<account>.dkr.ecr.<region>.amazonaws.com"), which nodes pull from with their IAM role.',
        ),
      ),
      mapping: described(
        _default(zEnum(['path', 'flat'], { error: 'expected "path" (keep the source repository path) or "flat" (last path element only)' }), 'path'),
        'How source repositories map into the registry.',
      ),
    },
    'Private registry that mirrors every image.',
  ),
);

/** Only an ECR registry, which nodes pull from with their IAM role, may go without a pull Secret. */
export function registryIssues(settings: z.output<typeof registry>): RuleIssue[] {
  if (settings && settings.pullSecret === undefined && !f.matches(f.ECR_HOST, f.registryServer(settings.host))) {
    return [{ path: ['registry', 'pullSecret'], input: undefined, message: 'expected the name of the pull Secret; only an ECR registry ("<account>.dkr.ecr.<region>.amazonaws.com") may go without one' }];
  }
  return [];
}

import type { z } from 'zod/mini';
import * as f from '../formats';
import { compareQuantities } from '../quantity';
import type { RuleIssue } from '../task-rules';
import { obj, quantity } from './fields';

const resourceList = (which: string) =>
  obj(
    {
      cpu: quantity(`CPU ${which} of each container, for example "1" or "500m".`),
      memory: quantity(`Memory ${which} of each container, for example "1Gi".`),
    },
    `Container ${which}.`,
  );

export const resources = obj({ requests: resourceList('requests'), limits: resourceList('limits') }, 'Resources of every container.');

/** Each request is at most its limit; malformed quantities are reported by their own fields. */
export function resourceIssues(settings: z.output<typeof resources>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const kind of ['cpu', 'memory'] as const) {
    const req = settings.requests[kind];
    const lim = settings.limits[kind];
    if (f.matches(f.QUANTITY, req) && f.matches(f.QUANTITY, lim) && compareQuantities(req, lim) > 0) {
      issues.push({ path: ['resources', 'requests', kind], input: req, message: `expected at most the limit (${lim})` });
    }
  }
  return issues;
}

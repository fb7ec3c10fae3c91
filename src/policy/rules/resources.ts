import { containerRule } from '../container-rule';
import type { Rule } from '../rule';

export const resources: Rule = containerRule('resources', 'Every container must request and limit CPU and memory.', 'set resources.requests and resources.limits for cpu and memory',
  (c) => {
    for (const kind of ['requests', 'limits'] as const) {
      for (const r of ['cpu', 'memory']) {
        if (c.resources?.[kind]?.[r] === undefined) return { field: `resources.${kind}.${r}`, message: `${kind}.${r} is not set` };
      }
    }
    return undefined;
  });

import { containerRule, effective } from '../container-rule';
import type { Rule } from '../rule';

export const runAsUser: Rule = containerRule('run-as-user', 'Containers must run with a non-zero runAsUser and runAsGroup.', 'set securityContext.runAsUser and runAsGroup to a non-zero id (65534 for the Flyte image)',
  (c, pod) => {
    for (const key of ['runAsUser', 'runAsGroup']) {
      const v = effective(c, pod, key);
      if (typeof v !== 'number' || v === 0) return { field: `securityContext.${key}`, message: `${key} is ${v === undefined ? 'not set' : v}` };
    }
    return undefined;
  });

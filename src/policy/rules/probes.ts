import { containerRule } from '../container-rule';
import type { Rule } from '../rule';

export const probes: Rule = containerRule('probes', 'Main containers must have liveness and readiness probes.', 'add livenessProbe and readinessProbe (the Flyte binary serves /healthcheck on its http port)',
  (c, _pod, init) => {
    if (init) return undefined;
    if (!c.livenessProbe) return { field: 'livenessProbe', message: 'no liveness probe' };
    if (!c.readinessProbe) return { field: 'readinessProbe', message: 'no readiness probe' };
    return undefined;
  });

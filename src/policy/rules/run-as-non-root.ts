import { containerRule, effective } from '../container-rule';
import type { Rule } from '../rule';

export const runAsNonRoot: Rule = containerRule('run-as-non-root', 'Containers must run as a non-root user (runAsNonRoot: true).', 'set securityContext.runAsNonRoot: true on the pod or the container',
  (c, pod) => (effective(c, pod, 'runAsNonRoot') === true ? undefined : { field: 'securityContext.runAsNonRoot', message: 'runAsNonRoot is not true' }));

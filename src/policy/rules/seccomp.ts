import { containerRule, effective } from '../container-rule';
import type { Rule } from '../rule';

export const seccomp: Rule = containerRule('seccomp', 'Pods must use the RuntimeDefault (or a Localhost) seccomp profile.', 'set securityContext.seccompProfile.type: RuntimeDefault on the pod',
  (c, pod) => {
    const type = effective(c, pod, 'seccompProfile')?.type;
    return type === 'RuntimeDefault' || type === 'Localhost' ? undefined : { field: 'securityContext.seccompProfile', message: `seccompProfile is ${type ?? 'not set'}` };
  });

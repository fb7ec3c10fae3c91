import { containerRule } from '../container-rule';
import type { Rule } from '../rule';

export const privilegeEscalation: Rule = containerRule('privilege-escalation', 'Containers must set allowPrivilegeEscalation: false.', 'set securityContext.allowPrivilegeEscalation: false on the container',
  (c) => (c.securityContext?.allowPrivilegeEscalation === false ? undefined : { field: 'securityContext.allowPrivilegeEscalation', message: 'allowPrivilegeEscalation is not false' }));

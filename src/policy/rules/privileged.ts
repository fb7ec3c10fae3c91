import { containerRule } from '../container-rule';
import type { Rule } from '../rule';

export const privileged: Rule = containerRule('privileged', 'Containers must not be privileged.', 'remove securityContext.privileged or set it to false',
  (c) => (c.securityContext?.privileged === true ? { field: 'securityContext.privileged', message: 'the container is privileged' } : undefined));

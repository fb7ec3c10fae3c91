import { containerRule } from '../container-rule';
import type { Rule } from '../rule';

export const capabilities: Rule = containerRule('capabilities', 'Containers must drop ALL capabilities and add none but NET_BIND_SERVICE.', 'set securityContext.capabilities.drop: [ALL]',
  (c) => {
    const caps = c.securityContext?.capabilities ?? {};
    if (!(caps.drop ?? []).includes('ALL')) return { field: 'securityContext.capabilities.drop', message: 'capabilities do not drop ALL' };
    const added = (caps.add ?? []).filter((a: string) => a !== 'NET_BIND_SERVICE');
    return added.length > 0 ? { field: 'securityContext.capabilities.add', message: `capabilities add ${added.join(', ')}` } : undefined;
  });

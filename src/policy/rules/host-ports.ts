import { containerRule } from '../container-rule';
import type { Rule } from '../rule';

export const hostPorts: Rule = containerRule('host-ports', 'Containers must not use host ports.', 'remove hostPort from the container ports',
  (c) => (c.ports?.some((p) => p.hostPort) ? { field: 'ports', message: 'a port binds a host port' } : undefined));

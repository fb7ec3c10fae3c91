import { containerRule } from '../container-rule';
import type { Rule } from '../rule';

export const readOnlyRootFilesystem: Rule = containerRule('read-only-root-filesystem', 'Containers must have a read-only root filesystem (writable paths are emptyDir mounts).', 'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes',
  (c) => (c.securityContext?.readOnlyRootFilesystem === true ? undefined : { field: 'securityContext.readOnlyRootFilesystem', message: 'the root filesystem is writable' }));

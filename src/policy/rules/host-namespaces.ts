import { podSpecs } from '../pod-specs';
import { id, Rule } from '../rule';

export const hostNamespaces: Rule = {
  id: 'host-namespaces',
  description: 'Pods must not share the host network, PID or IPC namespace.',
  check: (objects) =>
    podSpecs(objects).flatMap((pod) =>
      ['hostNetwork', 'hostPID', 'hostIPC']
        .filter((k) => pod.spec[k] === true)
        .map((k) => ({ rule: 'host-namespaces', object: id(pod.object), field: `${pod.path}.${k}`, message: `${k} is true`, fix: `remove ${k}` })),
    ),
};

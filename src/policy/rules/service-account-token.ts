import { podSpecs } from '../pod-specs';
import { id, Rule } from '../rule';

export const serviceAccountToken: Rule = {
  id: 'service-account-token',
  description: 'ServiceAccounts do not mount API tokens; a pod that needs the API says so itself.',
  check: (objects) => [
    ...objects
      .filter((o) => o.kind === 'ServiceAccount' && (o as any).automountServiceAccountToken !== false)
      .map((o) => ({ rule: 'service-account-token', object: id(o), field: 'automountServiceAccountToken', message: 'the ServiceAccount mounts its token into every pod', fix: 'set automountServiceAccountToken: false on the ServiceAccount' })),
    ...podSpecs(objects)
      .filter((pod) => typeof pod.spec.automountServiceAccountToken !== 'boolean')
      .map((pod) => ({ rule: 'service-account-token', object: id(pod.object), field: `${pod.path}.automountServiceAccountToken`, message: 'the pod does not say whether it needs an API token', fix: 'set automountServiceAccountToken: true only if the pod calls the Kubernetes API, else false' })),
  ],
};

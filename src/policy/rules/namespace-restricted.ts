import { id, Rule } from '../rule';

export const namespaceRestricted: Rule = {
  id: 'namespace-restricted',
  description: 'A Namespace the release creates enforces the restricted Pod Security Standard.',
  check: (objects) =>
    objects
      .filter((o) => o.kind === 'Namespace' && (o as any).metadata.labels?.['pod-security.kubernetes.io/enforce'] !== 'restricted')
      .map((o) => ({ rule: 'namespace-restricted', object: id(o), field: 'metadata.labels', message: 'the Namespace does not enforce the restricted profile', fix: 'label it pod-security.kubernetes.io/enforce: restricted' })),
};

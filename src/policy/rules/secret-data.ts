import { id, Rule } from '../rule';

export const secretData: Rule = {
  id: 'secret-data',
  description: 'No Secret with data is rendered: secrets are created at deploy time or by an operator.',
  check: (objects) =>
    objects
      .filter((o) => o.kind === 'Secret' && (Object.keys((o as any).data ?? {}).length > 0 || Object.keys((o as any).stringData ?? {}).length > 0))
      .map((o) => ({ rule: 'secret-data', object: id(o), field: 'data', message: 'the Secret carries data into Git', fix: 'reference the Secret by name and create it at deploy time (deploy.sh) or with an ExternalSecret' })),
};

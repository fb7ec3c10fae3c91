import { id, Rule } from '../rule';

export const rbacLeastPrivilege: Rule = {
  id: 'rbac-least-privilege',
  description: 'RBAC grants no wildcards, no escalation verbs (except bind, by name, on ClusterRoles of the release) and no right to write CRDs (the release ships its CRD).',
  check: (objects) =>
    objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role').flatMap((role) =>
      (((role as any).rules ?? []) as Array<{ apiGroups?: string[]; resources?: string[]; verbs?: string[]; resourceNames?: string[] }>).flatMap((r, i) => {
        const field = `rules[${i}]`;
        const v = (message: string, fix: string) => [{ rule: 'rbac-least-privilege', object: id(role), field, message, fix }];
        const verbs = r.verbs ?? [];
        if (verbs.includes('*') || (r.resources ?? []).includes('*') || (r.apiGroups ?? []).includes('*')) return v('the rule uses a wildcard', 'list the API groups, resources and verbs the binary needs');
        // Binding a ClusterRole the release itself ships, named, grants no more than that role's rules.
        const ownClusterRoles = new Set(objects.filter((o) => o.kind === 'ClusterRole').map((o) => o.metadata.name));
        const namedBind = (r.resources ?? []).every((x) => x === 'clusterroles') && (r.resourceNames ?? []).length > 0 && r.resourceNames!.every((n) => ownClusterRoles.has(n));
        const escalating = verbs.filter((x) => ['escalate', 'bind', 'impersonate'].includes(x) && !(x === 'bind' && namedBind));
        if (escalating.length > 0) return v(`the rule grants ${escalating.join(', ')}`, 'remove the escalation verbs');
        if ((r.apiGroups ?? []).includes('apiextensions.k8s.io') && verbs.some((x) => ['create', 'update', 'patch', 'delete'].includes(x))) {
          return v('the rule lets the binary create or change CustomResourceDefinitions', 'ship the CRD with the release, set propeller.create-flyteworkflow-crd: false and drop the rule');
        }
        return [];
      }),
    ),
};

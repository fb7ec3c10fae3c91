import { App, Chart } from 'cdk8s';
import { FlyteClusterRole, FlyteClusterRoleProps } from '../../src/constructs/flyte-cluster-role';
import { chartObjects } from '../../src/synth/manifests';
import { find, modelClass } from '../helpers';

const BASE: FlyteClusterRoleProps = { fullName: 'rel-z-flyte-binary', serviceAccountName: 'sa-z', serviceAccountNamespace: 'ns-z' };

function render(overrides: Partial<FlyteClusterRoleProps> = {}) {
  const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
  const role = new FlyteClusterRole(chart, 'Role', { ...BASE, ...overrides });
  return { role, objects: chartObjects(chart) as any[] };
}

describe('FlyteClusterRole', () => {
  test('a ClusterRole and its ClusterRoleBinding, named after fullName, cluster-scoped', () => {
    const { role, objects } = render();
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`)).toEqual([
      'rbac.authorization.k8s.io/v1 ClusterRole/rel-z-flyte-binary-cluster-role',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding/rel-z-flyte-binary-cluster-role-binding',
    ]);
    expect(role.name).toBe('rel-z-flyte-binary-cluster-role');
    for (const o of objects) expect(o.metadata.namespace).toBeUndefined();
  });

  test('binds the role to the ServiceAccount in its namespace', () => {
    const binding = find(render().objects, 'ClusterRoleBinding', 'rel-z-flyte-binary-cluster-role-binding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rel-z-flyte-binary-cluster-role' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa-z', namespace: 'ns-z' }]);
  });

  test('labels go on both objects; none by default', () => {
    const labelled = render({ labels: { 'app.kubernetes.io/instance': 'rel-z' } }).objects;
    for (const o of labelled) expect(o.metadata.labels).toEqual({ 'app.kubernetes.io/instance': 'rel-z' });
    for (const o of render().objects) expect(o.metadata.labels).toBeUndefined();
  });

  test('the rules: what the binary needs, and no more', () => {
    const role = find(render().objects, 'ClusterRole', 'rel-z-flyte-binary-cluster-role');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['namespaces', 'resourcequotas', 'serviceaccounts'], verbs: ['create', 'get', 'list', 'patch', 'update'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch', 'update'] },
      { apiGroups: [''], resources: ['podtemplates'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['flyte.lyft.com'], resources: ['flyteworkflows'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'post', 'update', 'watch'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['create'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], resourceNames: ['rel-z-flyte-binary-webhook'], verbs: ['get', 'update'] },
    ]);
    expect(FlyteClusterRole.rules('rel-z-flyte-binary')).toEqual(role.rules);
  });

  test('templated kinds join the cluster resource manager rule; CRD plugins add their own rules; nothing else changes', () => {
    const base = FlyteClusterRole.rules('rel-z-flyte-binary');
    const role = find(render({ templatedResources: ['namespaces', 'serviceaccounts', 'limitranges'], plugins: ['container', 'ray'] }).objects, 'ClusterRole', 'rel-z-flyte-binary-cluster-role');
    expect(role.rules[0]).toEqual({ apiGroups: [''], resources: ['limitranges', 'namespaces', 'resourcequotas', 'serviceaccounts'], verbs: ['create', 'get', 'list', 'patch', 'update'] });
    expect(role.rules.slice(1, base.length)).toEqual(base.slice(1));
    expect(role.rules.slice(base.length)).toEqual([{ apiGroups: ['ray.io'], resources: ['rayjobs'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'watch'] }]);
  });

  test('the webhook may change only its own configuration, named after fullName', () => {
    const rules = FlyteClusterRole.rules('other-flyte-binary');
    const webhook = rules.filter((r) => r.resources?.includes('mutatingwebhookconfigurations'));
    // RBAC cannot limit "create" by name, so create stands alone; everything else is narrowed.
    expect(webhook.find((r) => r.verbs.includes('create'))!.resourceNames).toBeUndefined();
    expect(webhook.find((r) => r.verbs.includes('create'))!.verbs).toEqual(['create']);
    expect(webhook.filter((r) => !r.verbs.includes('create')).map((r) => r.resourceNames)).toEqual([['other-flyte-binary-webhook']]);
    expect(webhook.flatMap((r) => r.verbs)).not.toContain('delete');
    expect(webhook.flatMap((r) => r.verbs)).not.toContain('list');
  });

  test('no wildcards, no CRD rights, no event deletion, no escalation verbs', () => {
    const rules = FlyteClusterRole.rules('x-flyte-binary');
    for (const r of rules) {
      expect([...(r.apiGroups ?? []), ...(r.resources ?? []), ...r.verbs]).not.toContain('*');
      expect(r.verbs).not.toEqual(expect.arrayContaining(['escalate']));
      expect(r.verbs).not.toEqual(expect.arrayContaining(['bind']));
      expect(r.verbs).not.toEqual(expect.arrayContaining(['impersonate']));
    }
    expect(rules.some((r) => r.apiGroups?.includes('apiextensions.k8s.io'))).toBe(false);
    expect(rules.find((r) => r.resources?.includes('events'))!.verbs).not.toContain('delete');
  });

  test('both objects are valid for the Kubernetes 1.27 schema', () => {
    for (const o of render({ labels: { a: 'b' } }).objects) {
      const Model = modelClass(o.apiVersion, o.kind)!;
      expect(() => new Model(o).validate()).not.toThrow();
    }
  });

  test.each([
    [{ fullName: 'Rel_Z' }, 'c/Role: fullName: "Rel_Z" is not allowed; expected a DNS-1123 subdomain'],
    [{ serviceAccountName: 'sa z' }, 'c/Role: serviceAccountName: "sa z" is not allowed; expected a DNS-1123 subdomain'],
    [{ serviceAccountNamespace: 'ns.z' }, 'c/Role: serviceAccountNamespace: "ns.z" is not allowed; expected a DNS-1123 label'],
  ])('rejects %j with a one-line message', (overrides, message) => {
    expect(() => render(overrides)).toThrow(message);
  });
});

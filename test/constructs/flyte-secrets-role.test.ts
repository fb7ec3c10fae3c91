import { App, Chart } from 'cdk8s';
import { FlyteSecretsRole, FlyteSecretsRoleProps } from '../../src/constructs/flyte-secrets-role';
import { chartObjects } from '../../src/synth/manifests';
import { find, modelClass } from '../helpers';

const BASE: FlyteSecretsRoleProps = { fullName: 'rel-s-flyte-binary', namespace: 'ns-s', serviceAccountName: 'sa-s', secretNames: ['web-s', 'auth-s'] };

function render(overrides: Partial<FlyteSecretsRoleProps> = {}) {
  const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
  new FlyteSecretsRole(chart, 'Secrets', { ...BASE, ...overrides });
  return chartObjects(chart) as any[];
}

describe('FlyteSecretsRole', () => {
  test('a Role and its RoleBinding in the release namespace, named <fullName>-secrets, for the ServiceAccount', () => {
    const objects = render({ labels: { team: 's' } });
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['Role/ns-s/rel-s-flyte-binary-secrets', 'RoleBinding/ns-s/rel-s-flyte-binary-secrets']);
    const binding = find(objects, 'RoleBinding', 'rel-s-flyte-binary-secrets');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'rel-s-flyte-binary-secrets' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa-s', namespace: 'ns-s' }]);
    for (const o of objects) expect(o.metadata.labels).toEqual({ team: 's' });
  });

  test('create alone (RBAC cannot name what does not exist yet); get and update only on the named Secrets; never list, watch, patch or delete', () => {
    const role = find(render(), 'Role', 'rel-s-flyte-binary-secrets');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['web-s', 'auth-s'], verbs: ['get', 'update'] },
    ]);
    for (const verb of ['list', 'watch', 'patch', 'delete', 'deletecollection', '*']) expect(role.rules.flatMap((r: any) => r.verbs)).not.toContain(verb);
  });

  test('both objects are valid for the Kubernetes 1.27 schema', () => {
    for (const o of render()) {
      const Model = modelClass(o.apiVersion, o.kind)!;
      expect(() => new Model(o).validate()).not.toThrow();
    }
  });

  test.each([
    [{ secretNames: [] }, 'c/Secrets: secretNames: [] is not allowed; expected the webhook Secret\'s name at least'],
    [{ secretNames: ['Bad_Name'] }, 'c/Secrets: secretNames: "Bad_Name" is not allowed'],
    [{ namespace: 'Bad_NS' }, 'c/Secrets: namespace: "Bad_NS" is not allowed'],
  ])('refuses %j', (overrides, message) => {
    expect(() => render(overrides as Partial<FlyteSecretsRoleProps>)).toThrow(message);
  });
});

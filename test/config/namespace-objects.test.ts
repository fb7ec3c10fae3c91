import { messageOf, specOf, validInput } from '../helpers';

const withObjects = (namespaceObjects: unknown[]) => ({ ...validInput(), tasks: { namespaceObjects } });
const CM = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'team-settings' }, data: { REGION: 'eu-west-3' } };

describe('tasks.namespaceObjects in the environment file', () => {
  test('each allowed kind is accepted as written', () => {
    const objects = [
      CM,
      { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'gpu', labels: { team: 'ml' }, annotations: { 'corp.io/owner': 'ml' } }, template: { spec: { containers: [{ name: 'default', image: 'reg.x/t:1' }] } } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'batch' } },
      { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'pvc-limits' }, spec: { limits: [{ type: 'PersistentVolumeClaim', max: { storage: '50Gi' } }] } },
      { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pvc-quota' }, spec: { hard: { persistentvolumeclaims: '5' } } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-in' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
    ];
    expect(specOf(withObjects(objects)).tasks!.namespaceObjects).toEqual(objects);
  });

  test.each([
    ['a Secret (its data would be in Git)', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }, 'tasks.namespaceObjects.0.kind: "Secret" is not allowed; expected one of ConfigMap, PodTemplate, ServiceAccount, LimitRange, ResourceQuota, NetworkPolicy: a Secret would put its data in Git and in Flyte\'s configuration; create Secrets at deploy time'],
    ['a Role (RBAC escalation)', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' }, rules: [] }, 'tasks.namespaceObjects.0.kind: "Role" is not allowed; expected one of ConfigMap, PodTemplate, ServiceAccount, LimitRange, ResourceQuota, NetworkPolicy: Flyte would need every right the Role grants (RBAC escalation prevention)'],
    ['a Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }, 'tasks.namespaceObjects.0.kind: "Deployment" is not allowed; expected one of ConfigMap, PodTemplate, ServiceAccount, LimitRange, ResourceQuota, NetworkPolicy (what Flyte can create in a namespace without rights it does not need)'],
    ['the wrong apiVersion', { ...CM, apiVersion: 'v2' }, 'tasks.namespaceObjects.0.apiVersion: "v2" is not allowed; expected "v1" for ConfigMap'],
    ['a namespace', { ...CM, metadata: { name: 'x', namespace: 'kube-system' } }, 'tasks.namespaceObjects.0.metadata.namespace: "kube-system" is not allowed; expected no namespace: Flyte creates the object in each project-domain namespace'],
    ['a bad name', { ...CM, metadata: { name: 'Team_Settings' } }, 'tasks.namespaceObjects.0.metadata.name: "Team_Settings" is not allowed; expected a DNS-1123 subdomain'],
    ['the name of the chart\'s ServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } }, 'tasks.namespaceObjects.0.metadata.name: "default" is not allowed; expected a name no other template of kind ServiceAccount takes (ServiceAccount/default is taken)'],
    ['a template variable other than namespace', { ...CM, data: { ROLE: '{{ defaultIamRole }}' } }, 'tasks.namespaceObjects.0.data.ROLE: "{{ defaultIamRole }}" is not allowed; expected no template variable other than {{ namespace }}, {{ project }} and {{ domain }}'],
    ['a variable flyteadmin would not replace (no spaces)', { ...CM, data: { NS: '{{namespace}}' } }, 'tasks.namespaceObjects.0.data.NS: "{{namespace}}" is not allowed; expected no template variable other than'],
    ['a number where Kubernetes wants a string', { ...CM, data: { PORT: 8080 } }, 'tasks.namespaceObjects.0.data.PORT: 8080 is not allowed; expected what the Kubernetes schema of ConfigMap allows (must be string)'],
    ['a container without a name', { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'p' }, template: { spec: { containers: [{ image: 'x' }] } } }, 'tasks.namespaceObjects.0.template.spec.containers.0: {"image":"x"} is not allowed; expected what the Kubernetes schema of PodTemplate allows (must have required property name)'],
  ])('refuses %s with the field and the rule', (_what, object, message) => {
    expect(messageOf(withObjects([object]))).toContain(`test.yaml: ${message}`);
  });

  test('a credential is refused and not repeated', () => {
    const secret = `AKIA${'Q'.repeat(16)}`;
    const message = messageOf(withObjects([{ ...CM, data: { KEY: secret } }]));
    expect(message).toContain('tasks.namespaceObjects.0.data.KEY: a value of 20 characters (not shown: it may be a credential) is not allowed; expected no credential');
    expect(message).not.toContain(secret);
  });

  test('{{ namespace }}, {{ project }} and {{ domain }} are the variables allowed; two objects of one kind may not share a name', () => {
    const data = { NS: '{{ namespace }}', WHO: '{{ project }}/{{ domain }}' };
    expect(specOf(withObjects([{ ...CM, data }])).tasks!.namespaceObjects![0]).toMatchObject({ data });
    expect(messageOf(withObjects([CM, CM]))).toContain('tasks.namespaceObjects.1.metadata.name: "team-settings" is not allowed; expected a name no other template of kind ConfigMap takes');
    expect(specOf(withObjects([CM, { ...CM, kind: 'ServiceAccount', data: undefined }]))).toBeDefined();
  });
});

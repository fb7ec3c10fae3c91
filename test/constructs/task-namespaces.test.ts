import * as YAML from 'yaml';
import { App, Chart } from 'cdk8s';
import { TaskNamespaces, taskNamespaceTemplates, taskPodSecurityLabels, TaskNamespacesProps } from '../../src/constructs/task-namespaces';

const parse = (text: string) => YAML.parse(text, { version: '1.1' });
const FULL: TaskNamespacesProps = {
  domains: ['dev-x', 'prod-x'],
  roles: { 'dev-x': 'arn:aws:iam::111122223333:role/dev-x', 'prod-x': 'arn:aws:iam::111122223333:role/prod-x' },
  pullSecret: 'pull-x',
  podSecurity: 'restricted',
  quotas: { 'dev-x': { cpu: '10', memory: '20Gi', gpu: '1' }, 'prod-x': { cpu: '30', memory: '40Gi', gpu: '2' } },
  resources: { defaults: { cpu: '200m', memory: '300Mi', ephemeralStorage: '1Gi' }, limits: { cpu: '3', memory: '5Gi', gpu: '1', ephemeralStorage: '7Gi' } },
};

describe('taskNamespaceTemplates', () => {
  test('only the Namespace template, with baseline enforced, when nothing else is set', () => {
    const t = taskNamespaceTemplates({ domains: ['d1'] });
    expect(Object.keys(t.templates)).toEqual(['001_namespace.yaml']);
    expect(parse(t.templates['001_namespace.yaml'])).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: '{{ namespace }}',
        labels: {
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/enforce-version': 'v1.27',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
    expect(t.customData).toEqual({});
    expect(t.resources).toEqual(['namespaces']);
  });

  test('every template, in the order flyteadmin applies them, with each prop in place', () => {
    const t = taskNamespaceTemplates(FULL);
    expect(Object.keys(t.templates)).toEqual(['001_namespace.yaml', '002_serviceaccount.yaml', '003_resourcequota.yaml', '004_limitrange.yaml']);
    expect(parse(t.templates['001_namespace.yaml']).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(parse(t.templates['002_serviceaccount.yaml'])).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'default',
        namespace: '{{ namespace }}',
        annotations: { 'eks.amazonaws.com/role-arn': '{{ defaultIamRole }}', 'eks.amazonaws.com/sts-regional-endpoints': 'true' },
      },
      imagePullSecrets: [{ name: 'pull-x' }],
    });
    expect(parse(t.templates['003_resourcequota.yaml'])).toEqual({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'project-quota', namespace: '{{ namespace }}' },
      spec: { hard: { 'limits.cpu': '{{ projectQuotaCpu }}', 'limits.memory': '{{ projectQuotaMemory }}', 'requests.nvidia.com/gpu': '{{ projectQuotaGpu }}' } },
    });
    expect(parse(t.templates['004_limitrange.yaml'])).toEqual({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'task-defaults', namespace: '{{ namespace }}' },
      spec: {
        limits: [{
          type: 'Container',
          defaultRequest: { cpu: '200m', memory: '300Mi', 'ephemeral-storage': '1Gi' },
          default: { cpu: '200m', memory: '300Mi', 'ephemeral-storage': '1Gi' },
          // No GPU: a max would refuse every container without a GPU limit.
          max: { cpu: '3', memory: '5Gi', 'ephemeral-storage': '7Gi' },
        }],
      },
    });
    expect(t.customData).toEqual({
      'dev-x': { defaultIamRole: { value: 'arn:aws:iam::111122223333:role/dev-x' }, projectQuotaCpu: { value: '10' }, projectQuotaMemory: { value: '20Gi' }, projectQuotaGpu: { value: '1' } },
      'prod-x': { defaultIamRole: { value: 'arn:aws:iam::111122223333:role/prod-x' }, projectQuotaCpu: { value: '30' }, projectQuotaMemory: { value: '40Gi' }, projectQuotaGpu: { value: '2' } },
    });
    expect(t.resources).toEqual(['namespaces', 'serviceaccounts', 'resourcequotas', 'limitranges']);
  });

  test('a pull Secret alone: the ServiceAccount without an IRSA annotation', () => {
    const t = taskNamespaceTemplates({ domains: ['d1'], pullSecret: 'only-pull' });
    expect(parse(t.templates['002_serviceaccount.yaml'])).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: '{{ namespace }}' }, imagePullSecrets: [{ name: 'only-pull' }] });
    expect(t.customData).toEqual({});
  });

  test('braces stay quoted so that YAML does not read them as a flow map', () => {
    const t = taskNamespaceTemplates(FULL);
    expect(t.templates['001_namespace.yaml']).toContain('name: "{{ namespace }}"\n');
    expect(t.templates['003_resourcequota.yaml']).toContain('limits.cpu: "{{ projectQuotaCpu }}"\n');
  });

  test.each<[string, Partial<TaskNamespacesProps>, string]>([
    ['a level', { podSecurity: 'strict' as never }, 'podSecurity: "strict" is not allowed; expected "privileged", "baseline" or "restricted"'],
    ['a role for one domain only', { roles: { 'dev-x': 'arn:aws:iam::111122223333:role/dev-x' } }, 'roles: no value for domain prod-x; expected one for every domain or none'],
    ['a bad role', { roles: { 'dev-x': 'x', 'prod-x': 'y' } }, 'roles.dev-x: "x" is not allowed'],
    ['quota keys that differ', { quotas: { 'dev-x': { cpu: '1', memory: '1Gi' }, 'prod-x': { cpu: '1', memory: '1Gi', gpu: '1' } } }, 'quotas.prod-x: expected the same keys as domain dev-x (cpu, memory)'],
    ['a bad quantity', { resources: { defaults: { cpu: 'lots', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }, 'resources.defaults.cpu: "lots" is not allowed'],
    ['a bad pull Secret', { pullSecret: 'Pull_X' }, 'pullSecret: "Pull_X" is not allowed'],
  ])('refuses %s with a one-line message', (_name, change, message) => {
    expect(() => taskNamespaceTemplates({ ...FULL, ...change })).toThrow(message);
  });

  test('Pod Security labels per level: only enforce follows the level', () => {
    expect(taskPodSecurityLabels('privileged')['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(taskPodSecurityLabels('privileged')['pod-security.kubernetes.io/warn']).toBe('restricted');
  });

  test('spark: the driver\'s ServiceAccount "spark" (annotated like default) and a RoleBinding to the release\'s ClusterRole; Flyte gets only rolebindings and bind by name', () => {
    const t = taskNamespaceTemplates({ ...FULL, spark: { driverClusterRole: 'rel-x-spark-driver' } });
    expect(Object.keys(t.templates)).toEqual(['001_namespace.yaml', '002_serviceaccount.yaml', '003_resourcequota.yaml', '004_limitrange.yaml', '005_spark_serviceaccount.yaml', '006_spark_rolebinding.yaml']);
    expect(parse(t.templates['005_spark_serviceaccount.yaml'])).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'spark', namespace: '{{ namespace }}', annotations: { 'eks.amazonaws.com/role-arn': '{{ defaultIamRole }}', 'eks.amazonaws.com/sts-regional-endpoints': 'true' } },
      imagePullSecrets: [{ name: 'pull-x' }],
    });
    expect(parse(t.templates['006_spark_rolebinding.yaml'])).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'spark', namespace: '{{ namespace }}' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rel-x-spark-driver' },
      subjects: [{ kind: 'ServiceAccount', name: 'spark', namespace: '{{ namespace }}' }],
    });
    expect(t.rules).toEqual([
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create', 'get', 'patch'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: ['rel-x-spark-driver'], verbs: ['bind'] },
    ]);
    // Without roles or a pull Secret the spark ServiceAccount is bare, and still needs its rule.
    const bare = taskNamespaceTemplates({ domains: ['d1'], spark: { driverClusterRole: 'r' } });
    expect(parse(bare.templates['005_spark_serviceaccount.yaml'])).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'spark', namespace: '{{ namespace }}' } });
    expect(bare.resources).toContain('serviceaccounts');
    expect(taskNamespaceTemplates(FULL).rules).toEqual([]);
    expect(() => taskNamespaceTemplates({ domains: ['d1'], spark: { driverClusterRole: 'Bad Role' } })).toThrow('spark.driverClusterRole: "Bad Role" is not allowed');
  });

  test('namespace objects follow the chart\'s templates; their kinds extend the rules (core resources, or a rule of their group)', () => {
    const t = taskNamespaceTemplates({
      ...FULL,
      objects: [
        { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'gpu-tasks', labels: { team: 'ml' } }, template: { spec: { containers: [{ name: 'default', image: 'reg.x/t:1' }] } } },
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-in' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
      ],
    });
    expect(Object.keys(t.templates).slice(-2)).toEqual(['100_podtemplate_gpu-tasks.yaml', '100_networkpolicy_deny-in.yaml']);
    expect(parse(t.templates['100_podtemplate_gpu-tasks.yaml'])).toEqual({
      apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'gpu-tasks', labels: { team: 'ml' }, namespace: '{{ namespace }}' }, template: { spec: { containers: [{ name: 'default', image: 'reg.x/t:1' }] } },
    });
    expect(t.resources).toContain('podtemplates');
    expect(t.rules).toEqual([{ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['create', 'get', 'patch'] }]);
    // A name a chart template of the same kind takes is refused.
    expect(() => taskNamespaceTemplates({ ...FULL, objects: [{ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'task-defaults' }, spec: { limits: [] } }] }))
      .toThrow('tasks.namespaceObjects.0.metadata.name: "task-defaults" is not allowed; expected a name no other template of kind LimitRange takes (LimitRange/task-defaults is taken)');
  });
});

describe('TaskNamespaces', () => {
  test('the construct holds what taskNamespaceTemplates computes and renders no object', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'env-t');
    const t = new TaskNamespaces(chart, 'Tasks', FULL);
    expect({ templates: t.templates, customData: t.customData, resources: t.resources, rules: t.rules }).toEqual(taskNamespaceTemplates(FULL));
    expect(chart.toJson()).toEqual([]);
  });

  test('its errors name its path', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'env-t');
    expect(() => new TaskNamespaces(chart, 'Tasks', { ...FULL, pullSecret: 'Pull_T' })).toThrow('env-t/Tasks: pullSecret: "Pull_T" is not allowed');
  });
});

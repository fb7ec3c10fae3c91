/**
 * Task pods on a real API server: the Spark driver's namespace objects created AS the Flyte
 * ServiceAccount with the generated ClusterRole (RBAC escalation prevention is the server's), the
 * driver's rights answered by the server's authorizer, and a task pod built from the default
 * PodTemplate by Flyte's own merge (flyteplugins v1.16.8 MergeBasePodSpecOntoTemplate, through
 * the conformance harness's pod-merge) admitted under the "restricted" Pod Security Standard.
 */
import * as YAML from 'yaml';
import { assembleConfigDir, assembleTemplateDir, mergePodTemplate, renderTemplates } from '../conformance/harness';
import { objectsOf, validInput } from '../helpers';
import { ControlPlane, startControlPlane } from './control-plane';

const RELEASE = 'spark-rel';
const NS = 'spark-ns';
const SA = `system:serviceaccount:${NS}:${RELEASE}-flyte-binary`;
const PROJECT = 'etl';
const DOMAIN = 'production';
const TASK_NS = `${PROJECT}-${DOMAIN}`;
const ROLE_ARN = 'arn:aws:iam::210987654321:role/etl-tasks';

const input: any = {
  ...validInput({ release: RELEASE, namespace: NS }),
  projects: [{ name: PROJECT }],
  domains: [DOMAIN],
  plugins: { enabled: ['container', 'sidecar', 'k8s-array', 'spark'], defaultForTaskTypes: { container: 'container', spark: 'spark' } },
  tasks: { roleArn: ROLE_ARN, podSecurity: 'restricted', podTemplate: {} },
  caBundle: { configMap: 'corp-ca', key: 'ca.crt' },
};
const objects = objectsOf(input) as any[];
const byKind = (kind: string) => objects.filter((o) => o.kind === kind);

let cp: ControlPlane;
beforeAll(async () => {
  cp = await startControlPlane();
  const rbac = objects.filter((o) => ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'PodTemplate'].includes(o.kind));
  cp.mustKubectl(['apply', '--server-side', '-f', '-'], { input: rbac.map((o) => YAML.stringify(o)).join('---\n') });
}, 300_000);
afterAll(() => cp?.stop());

/** The templates as flyteadmin renders them for the project and domain, by file (the conformance harness). */
function renderedTemplates(): Record<string, string> {
  const text = renderTemplates(assembleConfigDir(objects), assembleTemplateDir(objects), PROJECT, DOMAIN);
  const out: Record<string, string> = {};
  for (const part of text.split('---\n# Source: ').slice(1)) {
    const newline = part.indexOf('\n');
    out[part.slice(0, newline)] = part.slice(newline + 1);
  }
  return out;
}
const rendered = (file: string) => {
  const text = renderedTemplates()[file];
  expect(text).not.toContain('{{');
  return text;
};

const canI = (as: string, verb: string, resource: string, ns?: string) => {
  const r = cp.kubectl(['auth', 'can-i', verb, ...resource.split(' '), '--as', as, ...(ns ? ['-n', ns] : ['--all-namespaces'])]);
  expect(r.stderr).toBe('');
  return r.stdout.trim();
};

describe('the Spark driver\'s namespace objects, created as the Flyte ServiceAccount', () => {
  test('flyteadmin\'s templates for the namespace apply server-side with the ClusterRole\'s rights alone', () => {
    const files = ['001_namespace.yaml', '002_serviceaccount.yaml', '005_spark_serviceaccount.yaml', '006_spark_rolebinding.yaml'];
    for (const file of files) {
      const r = cp.kubectl(['apply', '--server-side', '--field-manager=flyteadmin', '--as', SA, '-f', '-'], { input: rendered(file) });
      expect(`${file}: ${r.status} ${r.stderr}`).toBe(`${file}: 0 `);
    }
    const spark = JSON.parse(cp.mustKubectl(['get', 'serviceaccount', 'spark', '-n', TASK_NS, '-o', 'json']));
    expect(spark.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(ROLE_ARN);
    expect(spark.imagePullSecrets).toEqual([{ name: 'pull-a' }]);
  });

  test.each([
    ['create', 'rolebindings.rbac.authorization.k8s.io', TASK_NS, 'yes'],
    ['patch', 'rolebindings.rbac.authorization.k8s.io/spark', TASK_NS, 'yes'],
    ['bind', `clusterroles.rbac.authorization.k8s.io/${RELEASE}-flyte-binary-spark-driver`, undefined, 'yes'],
    // Least privilege: no other role may be bound, nothing escalated, no Role made.
    ['bind', 'clusterroles.rbac.authorization.k8s.io/cluster-admin', undefined, 'no'],
    ['bind', 'clusterroles.rbac.authorization.k8s.io/admin', undefined, 'no'],
    ['escalate', 'clusterroles.rbac.authorization.k8s.io', undefined, 'no'],
    ['create', 'roles.rbac.authorization.k8s.io', TASK_NS, 'no'],
    ['delete', 'rolebindings.rbac.authorization.k8s.io/spark', TASK_NS, 'no'],
    // The driver's rights are not Flyte's own.
    ['create', 'services', TASK_NS, 'no'],
    ['deletecollection', 'pods', TASK_NS, 'no'],
    ['create', 'persistentvolumeclaims', TASK_NS, 'no'],
  ])('the Flyte ServiceAccount: %s %s (%s): %s', (verb, resource, ns, answer) => {
    expect(canI(SA, verb, resource, ns)).toBe(answer);
  });

  test('the server refuses a RoleBinding to any other role, created as Flyte (escalation prevention)', () => {
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'sneaky', namespace: TASK_NS }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' }, subjects: [{ kind: 'ServiceAccount', name: 'spark', namespace: TASK_NS }] };
    const r = cp.kubectl(['create', '--as', SA, '-f', '-'], { input: JSON.stringify(binding) });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/forbidden/);
  });

  test.each([
    ['create', 'pods', TASK_NS, 'yes'],
    ['watch', 'pods', TASK_NS, 'yes'],
    ['deletecollection', 'pods', TASK_NS, 'yes'],
    ['create', 'services', TASK_NS, 'yes'],
    ['create', 'configmaps', TASK_NS, 'yes'],
    ['delete', 'persistentvolumeclaims', TASK_NS, 'yes'],
    ['get', 'secrets', TASK_NS, 'no'],
    ['create', 'pods', 'default', 'no'],
    ['create', 'pods', NS, 'no'],
    ['create', 'rolebindings.rbac.authorization.k8s.io', TASK_NS, 'no'],
  ])('the spark ServiceAccount: %s %s (%s): %s', (verb, resource, ns, answer) => {
    expect(canI(`system:serviceaccount:${TASK_NS}:spark`, verb, resource, ns)).toBe(answer);
  });
});

describe('a task pod built from the default PodTemplate by Flyte\'s own merge', () => {
  // What propeller makes of a python task registered with the mirrored flytekit image: one
  // container, no security context (flytekit sets none).
  const taskPod = { containers: [{ name: 'a1b2c3-n0-0', image: 'mirror.corp.example:5443/flyteorg/flytekit:py3.12-1.16.8', args: ['pyflyte-fast-execute', '--inputs', 's3://x/inputs.pb'], resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } } }] };
  const podOf = (spec: unknown) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a1b2c3-n0-0', namespace: TASK_NS }, spec });

  test('the PodTemplate is in the release namespace, where Flyte falls back to (POD_NAMESPACE)', () => {
    const template = JSON.parse(cp.mustKubectl(['get', 'podtemplate', `${RELEASE}-flyte-binary-task-pod`, '-n', NS, '-o', 'json']));
    expect(template.template.spec.containers[0].name).toBe('default');
    const config = YAML.parse(byKind('ConfigMap').find((o) => o.metadata.name.endsWith('-flyte-binary-config')).data['001-plugins.yaml']);
    expect(config.plugins.k8s['default-pod-template-name']).toBe(template.metadata.name);
  });

  test('the namespace enforces restricted: the pod as flytekit leaves it is refused, the merged one is admitted with the CA mounted', () => {
    const template = JSON.parse(cp.mustKubectl(['get', 'podtemplate', `${RELEASE}-flyte-binary-task-pod`, '-n', NS, '-o', 'json']));
    const merged = mergePodTemplate(template.template.spec, taskPod, taskPod.containers[0].name);
    const bare = cp.kubectl(['create', '--dry-run=server', '-f', '-'], { input: podOf(taskPod) });
    expect(bare.status).not.toBe(0);
    expect(bare.stderr).toMatch(/violates PodSecurity "restricted:v1\.27": allowPrivilegeEscalation != false .*unrestricted capabilities .*runAsNonRoot != true .*seccompProfile/);
    const admitted = cp.kubectl(['create', '--dry-run=server', '-o', 'json', '-f', '-'], { input: podOf(merged) });
    expect(admitted.stderr).toBe('');
    expect(admitted.status).toBe(0);
    const pod = JSON.parse(admitted.stdout);
    expect(pod.spec.containers[0].image).toBe(taskPod.containers[0].image);
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec.containers[0].volumeMounts).toContainEqual({ name: 'ca-bundle', mountPath: '/etc/ssl/flyte-ca', readOnly: true });
    expect(pod.spec.volumes).toContainEqual(expect.objectContaining({ name: 'ca-bundle', configMap: expect.objectContaining({ name: 'corp-ca', optional: true }) }));
  }, 600_000);
});

/**
 * RBAC for real: the API server's own authorizer answers, as the generated ServiceAccount, for
 * every call Flyte v1.16.8 makes with the generated configuration (each row names the file of
 * github.com/flyteorg/flyte at v1.16.8 that makes it) and for a sample of what it must not do.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { objectsOf, ROOT, validInput } from '../helpers';
import { ControlPlane, startControlPlane } from './control-plane';

const NS = 'flyte';
const SA = 'system:serviceaccount:flyte:flyte-backend-flyte-binary';
const WEBHOOK = 'flyte-backend-flyte-binary-webhook';
/** The Secret of the authorization server's generated keys (enterprise has auth). */
const ADMIN_AUTH = 'flyte-backend-flyte-binary-admin-auth';
/** A project-domain namespace made by the cluster resource manager. */
const TASK_NS = 'flytesnacks-development';
const ALL = '--all-namespaces';

let cp: ControlPlane;
beforeAll(async () => {
  cp = await startControlPlane();
  const dir = path.join(ROOT, 'dist', 'enterprise', 'manifests');
  // Only what RBAC needs: the namespace, the ServiceAccount, the CRD, the roles and their bindings.
  const files = fs.readdirSync(dir).filter((f) => /^(00-namespace|05-serviceaccount|09-customresourcedefinition|10-clusterrole-|11-clusterrolebinding|12-role-|13-rolebinding-)/.test(f)).sort();
  cp.mustKubectl(['apply', '--server-side', ...files.flatMap((f) => ['-f', path.join(dir, f)])]);
  cp.mustKubectl(['wait', '--for=condition=Established', 'crd/flyteworkflows.flyte.lyft.com', '--timeout=60s']);
}, 300_000);
afterAll(() => cp?.stop());

/** `resource` is kubectl's form: `kind.group[/name]`, then optionally ` --subresource=x`. */
function canI(verb: string, resource: string, scope: string): string {
  // Cluster-scoped resources are asked with no namespace at all, as the binary's calls are.
  const where = scope === ALL || scope === '' ? [ALL] : ['-n', scope];
  const r = cp.kubectl(['auth', 'can-i', verb, ...resource.split(' '), '--as', SA, ...where]);
  // A warning (an unknown resource type) would make the answer meaningless.
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

// verb, resource, scope ('' = cluster-scoped, ALL = every namespace), source file.
const NEEDED: ReadonlyArray<readonly [string, string, string, string]> = [
  ['list', 'flyteworkflows.flyte.lyft.com', ALL, 'flytepropeller/pkg/controller/controller.go (FlyteWorkflow informer)'],
  ['watch', 'flyteworkflows.flyte.lyft.com', ALL, 'flytepropeller/pkg/controller/controller.go (FlyteWorkflow informer)'],
  ['update', 'flyteworkflows.flyte.lyft.com', TASK_NS, 'flytepropeller/pkg/controller/workflowstore/passthrough.go (Update)'],
  ['deletecollection', 'flyteworkflows.flyte.lyft.com', TASK_NS, 'flytepropeller/pkg/controller/garbage_collector.go (deleteWorkflowsForNamespace)'],
  ['create', 'flyteworkflows.flyte.lyft.com', TASK_NS, 'flyteadmin/pkg/workflowengine/impl/k8s_executor.go (Execute)'],
  ['delete', 'flyteworkflows.flyte.lyft.com', TASK_NS, 'flyteadmin/pkg/workflowengine/impl/k8s_executor.go (Abort)'],
  ['list', 'namespaces', '', 'flytepropeller/pkg/controller/garbage_collector.go (deleteWorkflows)'],
  ['create', 'namespaces', '', 'flyteadmin/pkg/clusterresource/controller.go (syncNamespace)'],
  ['get', `namespaces/${TASK_NS}`, '', 'flyteadmin/pkg/clusterresource/controller.go (syncNamespace, after AlreadyExists)'],
  ['patch', `namespaces/${TASK_NS}`, '', 'flyteadmin/pkg/clusterresource/controller.go (syncNamespace, createPatch)'],
  ['list', 'pods', ALL, 'flytepropeller/pkg/controller/nodes/task/k8s/plugin_manager.go (pod informer)'],
  ['watch', 'pods', ALL, 'flytepropeller/pkg/controller/nodes/task/k8s/plugin_manager.go (pod informer)'],
  ['create', 'pods', TASK_NS, 'flytepropeller/pkg/controller/nodes/task/k8s/plugin_manager.go (launchResource)'],
  ['create', 'pods', TASK_NS, 'flyteplugins/go/tasks/plugins/array/k8s/subtask.go (launchSubtask)'],
  ['get', 'pods', TASK_NS, 'flytepropeller/pkg/controller/executors/kube.go (Get falls back to the API)'],
  ['get', 'pods', NS, 'flytepropeller/pkg/webhook/entrypoint.go (createMutationConfig reads its own pod)'],
  ['delete', 'pods', TASK_NS, 'flytepropeller/pkg/controller/nodes/task/k8s/plugin_manager.go (Abort)'],
  ['patch', 'pods', TASK_NS, 'flytepropeller/pkg/controller/nodes/task/k8s/plugin_manager.go (clearFinalizer, with inject-finalizer)'],
  ['update', 'pods', TASK_NS, 'flyteplugins/go/tasks/plugins/array/k8s/subtask.go (clearFinalizer, with inject-finalizer)'],
  ['list', 'podtemplates', ALL, 'flytepropeller/pkg/controller/controller.go (PodTemplate informer)'],
  ['watch', 'podtemplates', ALL, 'flytepropeller/pkg/controller/controller.go (PodTemplate informer)'],
  ['create', 'secrets', NS, 'flytepropeller/pkg/webhook/init_cert.go (createWebhookSecret)'],
  ['get', `secrets/${WEBHOOK}-secret`, NS, 'flytepropeller/pkg/webhook/init_cert.go (createWebhookSecret, after AlreadyExists)'],
  ['update', `secrets/${WEBHOOK}-secret`, NS, 'flytepropeller/pkg/webhook/init_cert.go (createWebhookSecret, keys missing)'],
  ['create', 'secrets', NS, 'flyteadmin/auth/create_secrets.go (persistSecrets: `flyte secrets create` of gen-admin-auth-secret)'],
  ['get', `secrets/${ADMIN_AUTH}`, NS, 'flyteadmin/auth/create_secrets.go (persistSecrets, after AlreadyExists)'],
  ['update', `secrets/${ADMIN_AUTH}`, NS, 'flyteadmin/auth/create_secrets.go (persistSecrets, keys missing)'],
  ['create', 'mutatingwebhookconfigurations.admissionregistration.k8s.io', '', 'flytepropeller/pkg/webhook/entrypoint.go (createMutationConfig)'],
  ['get', `mutatingwebhookconfigurations.admissionregistration.k8s.io/${WEBHOOK}`, '', 'flytepropeller/pkg/webhook/entrypoint.go (createMutationConfig, after AlreadyExists)'],
  ['update', `mutatingwebhookconfigurations.admissionregistration.k8s.io/${WEBHOOK}`, '', 'flytepropeller/pkg/webhook/entrypoint.go (createMutationConfig)'],
  ['create', 'events', TASK_NS, 'flytepropeller/pkg/utils/k8s.go (NewK8sEventRecorder, with publish-k8s-events)'],
  // Each kind the cluster-resource templates create: created, or read and patched when it exists.
  ['create', 'serviceaccounts', TASK_NS, 'flyteadmin/pkg/clusterresource/controller.go (createResourceFromTemplate: 002_serviceaccount.yaml)'],
  ['get', 'serviceaccounts/default', TASK_NS, 'flyteadmin/pkg/clusterresource/controller.go (after AlreadyExists)'],
  ['patch', 'serviceaccounts/default', TASK_NS, 'flyteadmin/pkg/clusterresource/controller.go (createPatch)'],
  ['create', 'resourcequotas', TASK_NS, 'flyteadmin/pkg/clusterresource/controller.go (003_resourcequota.yaml)'],
  ['patch', 'resourcequotas/project-quota', TASK_NS, 'flyteadmin/pkg/clusterresource/controller.go (createPatch)'],
  ['create', 'limitranges', TASK_NS, 'flyteadmin/pkg/clusterresource/controller.go (004_limitrange.yaml)'],
  ['get', 'limitranges/task-defaults', TASK_NS, 'flyteadmin/pkg/clusterresource/controller.go (after AlreadyExists)'],
  ['patch', 'limitranges/task-defaults', TASK_NS, 'flyteadmin/pkg/clusterresource/controller.go (createPatch)'],
];

const FORBIDDEN: ReadonlyArray<readonly [string, string, string]> = [
  ['create', 'customresourcedefinitions.apiextensions.k8s.io', ''],
  ['update', 'customresourcedefinitions.apiextensions.k8s.io/flyteworkflows.flyte.lyft.com', ''],
  ['bind', 'clusterroles.rbac.authorization.k8s.io/cluster-admin', ''],
  ['escalate', 'clusterroles.rbac.authorization.k8s.io', ''],
  ['create', 'clusterrolebindings.rbac.authorization.k8s.io', ''],
  ['create', 'rolebindings.rbac.authorization.k8s.io', TASK_NS],
  ['delete', 'namespaces', ''],
  ['delete', `namespaces/${NS}`, ''],
  ['get', 'mutatingwebhookconfigurations.admissionregistration.k8s.io/another-webhook', ''],
  ['update', 'mutatingwebhookconfigurations.admissionregistration.k8s.io/another-webhook', ''],
  ['delete', `mutatingwebhookconfigurations.admissionregistration.k8s.io/${WEBHOOK}`, ''],
  ['create', 'validatingwebhookconfigurations.admissionregistration.k8s.io', ''],
  ['delete', 'secrets', NS],
  // Secrets: only the binary's own two, by name, in its own namespace (issue 20 item 12).
  ['get', 'secrets', 'kube-system'],
  ['get', 'secrets/aws-auth', 'kube-system'],
  ['list', 'secrets', ALL],
  ['watch', 'secrets', ALL],
  ['get', 'secrets', TASK_NS],
  ['create', 'secrets', TASK_NS],
  ['list', 'secrets', NS],
  ['get', 'secrets/db-secret', NS],
  ['update', 'secrets/db-secret', NS],
  ['patch', `secrets/${WEBHOOK}-secret`, NS],
  ['create', 'pods --subresource=exec', TASK_NS],
  ['create', 'deployments.apps', NS],
  ['impersonate', 'serviceaccounts', ALL],
  ['create', 'serviceaccounts --subresource=token', NS],
  ['*', '*', ALL],
  // The templates never delete.
  ['delete', 'limitranges', TASK_NS],
  ['delete', 'resourcequotas', TASK_NS],
  ['delete', 'serviceaccounts', TASK_NS],
];

describe(`RBAC of ${SA}, answered by the API server`, () => {
  test('the generated configuration leaves FlyteWorkflow CRD creation off (the role cannot create CRDs)', () => {
    const config = YAML.parse(fs.readFileSync(path.join(ROOT, 'dist', 'enterprise', 'manifests', '07-configmap-flyte-backend-flyte-binary-config.yaml'), 'utf8'));
    expect(Object.values(config.data as Record<string, string>).join('\n')).toMatch(/create-flyteworkflow-crd: false/);
  });

  test.each(NEEDED)('yes: %s %s (%s), called by %s', (verb, resource, scope) => {
    expect(canI(verb, resource, scope)).toBe('yes');
  });

  test.each(FORBIDDEN)('no: %s %s (%s)', (verb, resource, scope) => {
    expect(canI(verb, resource, scope)).toBe('no');
  });

  test('the answers are the server authorizer\'s: the cluster admin of the test may do what the ServiceAccount may not', () => {
    expect(cp.kubectl(['auth', 'can-i', 'create', 'customresourcedefinitions.apiextensions.k8s.io']).stdout.trim()).toBe('yes');
  });
});

/**
 * A CRD-based plugin's rights, for real: an environment that enables the ray plugin, its
 * ClusterRole and binding applied, and a minimal RayJob CRD (a fixture of this test: only the
 * names matter to the authorizer) installed so that the questions are about a served resource.
 */
describe('RBAC of an environment with the ray plugin enabled', () => {
  const RAY_SA = 'system:serviceaccount:ray-ns:ray-rel-flyte-binary';
  beforeAll(() => {
    const input = { ...validInput({ release: 'ray-rel', namespace: 'ray-ns' }), plugins: { enabled: ['container', 'ray'], defaultForTaskTypes: { ray: 'ray' } } };
    const rbac = (objectsOf(input) as any[]).filter((o) => ['ClusterRole', 'ClusterRoleBinding'].includes(o.kind));
    expect(rbac).toHaveLength(2);
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'rayjobs.ray.io' },
      spec: { group: 'ray.io', scope: 'Namespaced', names: { plural: 'rayjobs', singular: 'rayjob', kind: 'RayJob' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
    };
    cp.mustKubectl(['apply', '--server-side', '-f', '-'], { input: [crd, ...rbac].map((o) => YAML.stringify(o)).join('---\n') });
    cp.mustKubectl(['wait', '--for=condition=Established', 'crd/rayjobs.ray.io', '--timeout=60s']);
  });
  const ask = (verb: string, resource: string, scope: string) => {
    const where = scope === ALL ? [ALL] : ['-n', scope];
    const r = cp.kubectl(['auth', 'can-i', verb, resource, '--as', RAY_SA, ...where]);
    expect(r.stderr).toBe('');
    return r.stdout.trim();
  };

  test.each([
    ['list', ALL, 'plugin_manager.go (controller-runtime cache of the watched resource)'],
    ['watch', ALL, 'plugin_manager.go (controller-runtime cache of the watched resource)'],
    ['create', TASK_NS, 'plugin_manager.go (launchResource)'],
    ['get', TASK_NS, 'plugin_manager.go (getResource, cache miss)'],
    ['delete', TASK_NS, 'plugin_manager.go (Abort and Finalize: no AbortBehavior, so Delete)'],
    ['patch', TASK_NS, 'plugin_manager.go (clearFinalizer)'],
  ])('yes: %s rayjobs.ray.io (%s), called by %s', (verb, scope) => {
    expect(ask(verb, 'rayjobs.ray.io', scope)).toBe('yes');
  });

  test('no: update, deletecollection, and the resources of plugins not enabled', () => {
    expect(ask('update', 'rayjobs.ray.io', TASK_NS)).toBe('no');
    expect(ask('deletecollection', 'rayjobs.ray.io', TASK_NS)).toBe('no');
    expect(ask('create', 'customresourcedefinitions.apiextensions.k8s.io', ALL)).toBe('no');
  });
});

import { CRD_PLUGINS, pluginRules } from '../../src/constructs/task-plugin-rbac';
import { TASK_PLUGINS } from '../../src/config/task-plugins';

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'watch'];

describe('pluginRules', () => {
  test('plugins that run pods add nothing', () => {
    expect(pluginRules(['container', 'sidecar', 'pod', 'k8s-array', 'connector-service', 'echo'])).toEqual([]);
  });

  test('each CRD plugin adds exactly its own resource, in the order enabled', () => {
    expect(pluginRules(['ray', 'container', 'spark', 'dask', 'pytorch', 'tensorflow', 'mpi'])).toEqual([
      { apiGroups: ['ray.io'], resources: ['rayjobs'], verbs: VERBS },
      { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications'], verbs: VERBS },
      { apiGroups: ['kubernetes.dask.org'], resources: ['daskjobs'], verbs: VERBS },
      { apiGroups: ['kubeflow.org'], resources: ['pytorchjobs'], verbs: VERBS },
      { apiGroups: ['kubeflow.org'], resources: ['tfjobs'], verbs: VERBS },
      { apiGroups: ['kubeflow.org'], resources: ['mpijobs'], verbs: VERBS },
    ]);
  });

  test('every CRD plugin is a plugin the schema offers and names its operator and source', () => {
    for (const [name, crd] of Object.entries(CRD_PLUGINS)) {
      expect(TASK_PLUGINS).toContain(name);
      expect(crd!.operator.length).toBeGreaterThan(5);
      expect(crd!.source).toMatch(/\.go \(/);
    }
  });
});

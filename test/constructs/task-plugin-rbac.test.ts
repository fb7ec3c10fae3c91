import { App, Chart } from 'cdk8s';
import { CRD_PLUGINS, pluginRules, SparkDriverClusterRole, SPARK_DRIVER_RULES } from '../../src/constructs/task-plugin-rbac';
import { chartObjects } from '../../src/synth/manifests';
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

describe('SparkDriverClusterRole', () => {
  test('one ClusterRole of the driver\'s rules: the four core resources a driver manages, verbs listed, no wildcard', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
    const role = new SparkDriverClusterRole(chart, 'Spark', { name: 'rel-s-spark-driver', labels: { l: 'v' } });
    expect(role.name).toBe('rel-s-spark-driver');
    expect(chartObjects(chart)).toEqual([{
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'rel-s-spark-driver', labels: { l: 'v' } },
      rules: [{ apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'pods', 'services'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }],
    }]);
    for (const r of SPARK_DRIVER_RULES) expect([...r.apiGroups!, ...r.resources!, ...r.verbs]).not.toContain('*');
    expect(() => new SparkDriverClusterRole(chart, 'Bad', { name: 'Bad Name' })).toThrow('c/Bad: name: "Bad Name" is not allowed');
  });
});

import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_SUBDOMAIN } from '../config/formats';
import type { TaskPlugin } from '../config/task-plugins';
import { assertProp } from './errors';

/**
 * What flytepropeller's PluginManager does with a plugin's custom resource
 * (flytepropeller/pkg/controller/nodes/task/k8s/plugin_manager.go, v1.16.8): watches it through
 * the controller-runtime cache (list, watch; get when the cache misses), creates it
 * (launchResource), deletes it on abort and finalize (none of these plugins sets an
 * AbortBehavior, so Delete is taken), and patches its finalizer away (clearFinalizer).
 */
const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'watch'];

/**
 * The custom resource each CRD-based plugin watches (`ResourceToWatch` of its registration in
 * flyteplugins/go/tasks/plugins/k8s/...) and the operator that must be installed for it.
 */
export const CRD_PLUGINS: Readonly<Partial<Record<TaskPlugin, { readonly group: string; readonly resource: string; readonly operator: string; readonly source: string }>>> = {
  spark: { group: 'sparkoperator.k8s.io', resource: 'sparkapplications', operator: 'Kubeflow Spark Operator', source: 'spark/spark.go (SparkApplication)' },
  ray: { group: 'ray.io', resource: 'rayjobs', operator: 'KubeRay operator', source: 'ray/ray.go (RayJob)' },
  dask: { group: 'kubernetes.dask.org', resource: 'daskjobs', operator: 'Dask Kubernetes operator', source: 'dask/dask.go (DaskJob)' },
  pytorch: { group: 'kubeflow.org', resource: 'pytorchjobs', operator: 'Kubeflow Training Operator', source: 'kfoperators/pytorch/pytorch.go (PyTorchJob)' },
  tensorflow: { group: 'kubeflow.org', resource: 'tfjobs', operator: 'Kubeflow Training Operator', source: 'kfoperators/tensorflow/tensorflow.go (TFJob)' },
  mpi: { group: 'kubeflow.org', resource: 'mpijobs', operator: 'Kubeflow Training Operator', source: 'kfoperators/mpi/mpi.go (MPIJob)' },
};

/** ClusterRole rules for the enabled CRD-based plugins, one per plugin, in the order given. */
export function pluginRules(enabled: readonly string[]): k8s.PolicyRule[] {
  return enabled.flatMap((p) => {
    const crd = CRD_PLUGINS[p as TaskPlugin];
    return crd ? [{ apiGroups: [crd.group], resources: [crd.resource], verbs: VERBS }] : [];
  });
}

/**
 * What a Spark driver does in its namespace: it creates, watches and deletes its executor pods,
 * the headless Service they reach it by, the ConfigMaps of its configuration and the executors'
 * PersistentVolumeClaims. Upstream's documented spark-role (docs/deployment/plugins/k8s, v1.16.8)
 * grants "*" on these four; here the verbs are listed and the core group named, no wildcard.
 */
export const SPARK_DRIVER_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'pods', 'services'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
];

/**
 * The Spark driver's rules as one ClusterRole of the release; each project-domain namespace binds
 * it to its `spark` ServiceAccount (a RoleBinding: the rules apply in that namespace only).
 */
export class SparkDriverClusterRole extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: { readonly name: string; readonly labels?: Record<string, string> }) {
    super(scope, id);
    assertProp(this, 'name', props.name, DNS_SUBDOMAIN);
    this.name = props.name;
    new k8s.KubeClusterRole(this, 'Resource', { metadata: { name: props.name, labels: props.labels }, rules: SPARK_DRIVER_RULES });
  }
}

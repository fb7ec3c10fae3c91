import { API_TABLE, checkCompatibility, SUPPORTED_RANGE } from '../../src/eks/compatibility';
import { objectsOf, validInput } from '../helpers';

// The kinds the project renders today, from a full environment.
const objects = objectsOf(validInput({ ingress: { host: 'flyte.corp.example', className: 'nginx' } }));

describe('checkCompatibility', () => {
  test('the rendered objects are served, without warnings, by every version EKS supports', () => {
    expect(SUPPORTED_RANGE).toEqual({ min: 32, max: 37 });
    for (let minor = 32; minor <= 37; minor++) {
      expect(checkCompatibility(objects, `1.${minor}`)).toEqual({ errors: [], warnings: [] });
    }
  });

  test('the rendered objects include the built-in kinds this check is about', () => {
    const kinds = new Set(objects.map((o) => `${o.apiVersion} ${o.kind}`));
    for (const k of ['v1 ServiceAccount', 'apps/v1 Deployment', 'networking.k8s.io/v1 Ingress', 'apiextensions.k8s.io/v1 CustomResourceDefinition', 'rbac.authorization.k8s.io/v1 ClusterRole']) {
      expect(kinds).toContain(k);
    }
  });

  test.each(['1.26', '1.31', '1.38'])('warns for %s, outside the supported range, and still passes', (version) => {
    const r = checkCompatibility(objects, version);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      `the cluster runs Kubernetes ${version}, outside 1.32-1.37 that EKS supports and the manifests are checked against; check them with "kubectl apply --dry-run=server" before deploying`,
    ]);
  });

  test('fails when the cluster is older than the GA version of an API in use', () => {
    const r = checkCompatibility(objects, '1.18');
    expect(r.errors).toContain('Ingress networking.k8s.io/v1 is served from Kubernetes 1.19 only, and the cluster runs 1.18; upgrade the cluster');
    const r15 = checkCompatibility(objects, '1.15');
    expect(r15.errors).toContain('CustomResourceDefinition apiextensions.k8s.io/v1 is served from Kubernetes 1.16 only, and the cluster runs 1.15; upgrade the cluster');
  });

  test('fails on a version that removed an API in use, and not on the one before', () => {
    const used = [{ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget' }, { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema' }];
    expect(checkCompatibility(used, '1.24').errors).toEqual([]);
    expect(checkCompatibility(used, '1.25').errors).toEqual(['PodDisruptionBudget policy/v1beta1 is no longer served from Kubernetes 1.25, and the cluster runs 1.25']);
    expect(checkCompatibility(used, '1.32').errors).toEqual([
      'PodDisruptionBudget policy/v1beta1 is no longer served from Kubernetes 1.25, and the cluster runs 1.32',
      'FlowSchema flowcontrol.apiserver.k8s.io/v1beta3 is no longer served from Kubernetes 1.32, and the cluster runs 1.32',
    ]);
  });

  test('reports each apiVersion/kind once', () => {
    const used = [{ apiVersion: 'batch/v1beta1', kind: 'CronJob' }, { apiVersion: 'batch/v1beta1', kind: 'CronJob' }];
    expect(checkCompatibility(used, '1.30').errors).toHaveLength(1);
  });

  test('custom resources are left to their CRD; unknown built-in APIs are a warning', () => {
    const used = [
      { apiVersion: 'flyte.lyft.com/v1alpha1', kind: 'FlyteWorkflow' },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' },
      { apiVersion: 'resource.k8s.io/v1beta1', kind: 'ResourceClaim' },
    ];
    expect(checkCompatibility(used, '1.35')).toEqual({
      errors: [],
      warnings: ['ResourceClaim resource.k8s.io/v1beta1 is not in the API table of src/eks/compatibility.ts, so whether Kubernetes 1.35 serves it is not checked'],
    });
  });

  test('a version that is not 1.<minor> is an error', () => {
    expect(checkCompatibility(objects, '2.0').errors).toEqual(['Kubernetes version "2.0" is not "1.<minor>"']);
  });

  // Facts from the Kubernetes Deprecated API Migration Guide, checked one by one.
  test.each<[string, string, number | undefined, number | undefined]>([
    ['networking.k8s.io/v1beta1', 'Ingress', undefined, 22],
    ['extensions/v1beta1', 'Ingress', undefined, 22],
    ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', undefined, 22],
    ['rbac.authorization.k8s.io/v1beta1', 'ClusterRole', undefined, 22],
    ['batch/v1beta1', 'CronJob', undefined, 25],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', undefined, 26],
    ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', undefined, 27],
    ['flowcontrol.apiserver.k8s.io/v1beta2', 'PriorityLevelConfiguration', undefined, 29],
    ['apps/v1', 'Deployment', 9, undefined],
    ['policy/v1', 'PodDisruptionBudget', 21, undefined],
    ['autoscaling/v2', 'HorizontalPodAutoscaler', 23, undefined],
    ['flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', 29, undefined],
  ])('table: %s %s since %s, removed in %s', (apiVersion, kind, since, removedIn) => {
    const entries = API_TABLE.filter((e) => e.apiVersion === apiVersion && e.kinds.includes(kind));
    expect(entries).toHaveLength(1);
    expect(entries[0].since).toBe(since);
    expect(entries[0].removedIn).toBe(removedIn);
  });
});

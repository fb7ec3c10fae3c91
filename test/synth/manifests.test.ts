import { ApiObject, App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { chartObjects, KubeObject, manifestFileName, manifestYaml } from '../../src/synth/manifests';
import { toYaml } from '../../src/synth/yaml';

const obj = (kind: string, name: string, namespace?: string, apiVersion = 'v1'): KubeObject => ({ apiVersion, kind, metadata: { name, namespace } });

/** Helm's install order (pkg/release/v1/util/kind_sorter.go in Helm 4.3; pkg/releaseutil in Helm 3: the same order for these kinds), for the kinds this project orders. */
const HELM_INSTALL_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount',
  'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition',
  'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding',
  'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
];

/** The NN prefix of a kind's file name. */
const rank = (kind: string) => Number(manifestFileName(obj(kind, 'x')).slice(0, 2));

describe('manifestFileName', () => {
  // These names are what dist/<env>/manifests/ holds and what deploy.sh and the docs refer to.
  test.each([
    ['Namespace', 'flyte', '00-namespace-flyte.yaml'],
    ['NetworkPolicy', 'rel-flyte-binary', '01-networkpolicy-rel-flyte-binary.yaml'],
    ['ServiceAccount', 'rel-flyte-binary', '05-serviceaccount-rel-flyte-binary.yaml'],
    ['ConfigMap', 'rel-flyte-binary-config', '07-configmap-rel-flyte-binary-config.yaml'],
    ['CustomResourceDefinition', 'flyteworkflows.flyte.lyft.com', '09-customresourcedefinition-flyteworkflows.flyte.lyft.com.yaml'],
    ['ClusterRole', 'r-cluster-role', '10-clusterrole-r-cluster-role.yaml'],
    ['ClusterRoleBinding', 'r-cluster-role-binding', '11-clusterrolebinding-r-cluster-role-binding.yaml'],
    ['Service', 'rel-flyte-binary-http', '14-service-rel-flyte-binary-http.yaml'],
    ['Deployment', 'rel-flyte-binary', '18-deployment-rel-flyte-binary.yaml'],
    ['Ingress', 'rel-flyte-binary-grpc', '24-ingress-rel-flyte-binary-grpc.yaml'],
    ['ServiceMonitor', 'rel-flyte-binary', '25-servicemonitor-rel-flyte-binary.yaml'],
    ['ExternalSecret', 'db-secret', '25-externalsecret-db-secret.yaml'],
  ])('%s %s -> %s', (kind, name, file) => {
    expect(manifestFileName(obj(kind, name))).toBe(file);
  });

  test('the prefix follows Helm\'s install order for every kind Helm orders', () => {
    const known = HELM_INSTALL_ORDER.filter((k) => rank(k) < 25);
    expect(known.length).toBeGreaterThanOrEqual(25);
    for (let i = 1; i < known.length; i++) expect(rank(known[i - 1])).toBeLessThan(rank(known[i]));
  });

  test('kinds without a place in the order (custom resources) come after all others', () => {
    for (const k of HELM_INSTALL_ORDER.filter((x) => rank(x) < 25)) expect(rank(k)).toBeLessThan(rank('ServiceMonitor'));
    expect(rank('ServiceMonitor')).toBe(rank('ExternalSecret'));
  });

  test('the namespace is not part of the name', () => {
    expect(manifestFileName(obj('ConfigMap', 'c', 'ns-a'))).toBe(manifestFileName(obj('ConfigMap', 'c', 'ns-b')));
  });
});

describe('chartObjects', () => {
  test('sorts by install order, then kind, then namespace, then name', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
    const add = (id: string, kind: string, name: string, namespace?: string, apiVersion = 'v1') => new ApiObject(chart, id, { apiVersion, kind, metadata: { name, namespace } });
    add('1', 'Ingress', 'web', 'ns', 'networking.k8s.io/v1');
    add('2', 'ZetaThing', 'z', 'ns', 'example.com/v1');
    add('3', 'AlphaThing', 'a', 'ns', 'example.com/v1');
    add('4', 'Deployment', 'app', 'ns', 'apps/v1');
    add('5', 'ConfigMap', 'b', 'ns-b');
    add('6', 'ConfigMap', 'c', 'ns-a');
    add('7', 'ConfigMap', 'a', 'ns-b');
    add('8', 'ClusterRole', 'role', undefined, 'rbac.authorization.k8s.io/v1');
    add('9', 'Service', 'svc', 'ns');
    add('10', 'Namespace', 'ns');
    add('11', 'ServiceAccount', 'sa', 'ns');
    add('12', 'NetworkPolicy', 'np', 'ns', 'networking.k8s.io/v1');
    expect(chartObjects(chart).map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace//ns',
      'NetworkPolicy/ns/np',
      'ServiceAccount/ns/sa',
      'ConfigMap/ns-a/c',
      'ConfigMap/ns-b/a',
      'ConfigMap/ns-b/b',
      'ClusterRole//role',
      'Service/ns/svc',
      'Deployment/ns/app',
      'Ingress/ns/web',
      'AlphaThing/ns/a',
      'ZetaThing/ns/z',
    ]);
  });

  test('does not depend on the order the constructs were added in', () => {
    const build = (order: number[]) => {
      const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
      const specs = [['Service', 'b'], ['Service', 'a'], ['ConfigMap', 'a'], ['Deployment', 'a']];
      for (const i of order) new ApiObject(chart, `o${i}`, { apiVersion: 'v1', kind: specs[i][0], metadata: { name: specs[i][1], namespace: 'n' } });
      return chartObjects(chart).map((o) => `${o.kind}/${o.metadata.name}`);
    };
    expect(build([0, 1, 2, 3])).toEqual(build([3, 2, 1, 0]));
    expect(build([0, 1, 2, 3])).toEqual(['ConfigMap/a', 'Service/a', 'Service/b', 'Deployment/a']);
  });
});

describe('manifestYaml', () => {
  const o = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ns' }, data: { flag: 'on', 'x.yaml': 'a: 1\n' } } as KubeObject;

  test('is the object as YAML, read back equal', () => {
    const text = manifestYaml(o);
    expect(text).toBe(toYaml(o));
    expect(text.startsWith('apiVersion: v1\nkind: ConfigMap\n')).toBe(true);
    expect(YAML.parse(text, { version: '1.1' })).toEqual(o);
  });

  test('serialises each object once: later calls return the first text (objects are not changed after synth)', () => {
    const copy = structuredClone(o) as any;
    const first = manifestYaml(copy);
    copy.data.flag = 'off';
    expect(manifestYaml(copy)).toBe(first);
    // Another object with the same content is serialised on its own.
    expect(manifestYaml(structuredClone(copy))).toContain('flag: "off"');
  });
});

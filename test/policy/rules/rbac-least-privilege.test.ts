import { checkPolicy } from '../../../src/policy/check';
import { objectsOf, validInput } from '../../helpers';
import { ctxOf, expectOnly } from './fixture';

test('rbac-least-privilege: a violating fixture is reported, and only that', () => {
  expectOnly('rbac-least-privilege', (o) => {
    o.find((x) => x.kind === 'ClusterRole').rules.push({ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['create', 'get', 'list'] });
    return '[rbac-least-privilege] ClusterRole/rel-a-flyte-binary-cluster-role rules[7]: the rule lets the binary create or change CustomResourceDefinitions';
  });
});

test('bind is allowed only by name, on a ClusterRole the release ships (the Spark driver role); never on another role or unnamed', () => {
  const spark = () => objectsOf({ ...validInput(), plugins: { enabled: ['container', 'spark'], defaultForTaskTypes: { spark: 'spark' } } }) as any[];
  const ok = spark();
  const role = ok.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'rel-a-flyte-binary-cluster-role');
  const bindAt = role.rules.findIndex((r: any) => r.verbs.includes('bind'));
  expect(role.rules[bindAt]).toEqual({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: ['rel-a-flyte-binary-spark-driver'], verbs: ['bind'] });
  expect(checkPolicy(ok, ctxOf(ok)).violations).toEqual([]);
  for (const change of [(r: any) => { r.resourceNames = ['cluster-admin']; }, (r: any) => { delete r.resourceNames; }, (r: any) => { r.resources = ['roles']; }]) {
    const objects = spark();
    change(objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'rel-a-flyte-binary-cluster-role').rules[bindAt]);
    expect(checkPolicy(objects, ctxOf(objects)).violations.map((v) => `${v.rule} ${v.field}: ${v.message}`)).toEqual([`rbac-least-privilege rules[${bindAt}]: the rule grants bind`]);
  }
});

import { App, Chart } from 'cdk8s';
import { FlyteWorkflowCrd } from '../../src/constructs/flyte-workflow-crd';

describe('FlyteWorkflowCrd', () => {
  test('defines flyteworkflows.flyte.lyft.com v1alpha1, namespaced, preserving unknown fields', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'c');
    new FlyteWorkflowCrd(chart, 'Crd', { labels: { a: 'b' } });
    const [crd] = chart.toJson();
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.kind).toBe('CustomResourceDefinition');
    expect(crd.metadata).toEqual({ name: 'flyteworkflows.flyte.lyft.com', labels: { a: 'b' } });
    expect(crd.spec.group).toBe('flyte.lyft.com');
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names).toEqual({ kind: 'FlyteWorkflow', listKind: 'FlyteWorkflowList', plural: 'flyteworkflows', singular: 'flyteworkflow', shortNames: ['fly'] });
    expect(crd.spec.versions).toEqual([
      { name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
    ]);
  });
});

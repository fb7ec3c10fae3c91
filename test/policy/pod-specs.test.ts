import { podSpecs } from '../../src/policy/pod-specs';

describe('podSpecs', () => {
  const container = (name: string) => ({ name, image: `img/${name}:1` });
  const objects: any[] = [
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', labels: { a: 'pod' } }, spec: { containers: [container('p')] } },
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { jobTemplate: { spec: { template: { metadata: { labels: { a: 'cron' } }, spec: { initContainers: [container('i')], containers: [container('c')] } } } } } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { template: { metadata: { labels: { a: 'sts' }, annotations: { x: 'y' } }, spec: { containers: [container('s')] } } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'not-a-pod' }, data: {} },
  ];

  test('workloads, cron jobs and bare pods, each with where its spec, containers and template metadata sit', () => {
    const found = podSpecs(objects).map((p) => ({
      object: p.object.metadata.name,
      path: p.path,
      labels: p.labels,
      template: p.templateMetadata && { path: p.templateMetadata.path, metadata: p.templateMetadata.metadata },
      containers: p.containers.map((c) => `${c.path}${c.init ? ' (init)' : ''}`),
    }));
    expect(found).toEqual([
      { object: 'bare', path: 'spec', labels: { a: 'pod' }, template: undefined, containers: ['spec.containers[p]'] },
      {
        object: 'nightly',
        path: 'spec.jobTemplate.spec.template.spec',
        labels: { a: 'cron' },
        template: { path: 'spec.jobTemplate.spec.template.metadata', metadata: { labels: { a: 'cron' } } },
        containers: ['spec.jobTemplate.spec.template.spec.initContainers[i] (init)', 'spec.jobTemplate.spec.template.spec.containers[c]'],
      },
      { object: 'db', path: 'spec.template.spec', labels: { a: 'sts' }, template: { path: 'spec.template.metadata', metadata: { labels: { a: 'sts' }, annotations: { x: 'y' } } }, containers: ['spec.template.spec.containers[s]'] },
    ]);
  });

  test('computed once per list of objects', () => {
    expect(podSpecs(objects)).toBe(podSpecs(objects));
    expect(podSpecs([...objects])).not.toBe(podSpecs(objects));
  });
});

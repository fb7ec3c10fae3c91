import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { FlyteServiceMonitor, FlyteServiceMonitorProps } from '../../../src/constructs/network/flyte-service-monitor';
import { chartObjects } from '../../../src/synth/manifests';
import { crdAjv, ROOT } from '../../helpers';

const BASE: FlyteServiceMonitorProps = {
  name: 'sm-x',
  namespace: 'ns-x',
  serviceSelector: { 'app.kubernetes.io/component': 'metrics', 'app.kubernetes.io/instance': 'rel-x' },
  portName: 'prom',
};

function render(overrides: Partial<FlyteServiceMonitorProps> = {}): any {
  const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
  new FlyteServiceMonitor(chart, 'Sm', { ...BASE, ...overrides });
  const objects = chartObjects(chart);
  expect(objects).toHaveLength(1);
  return objects[0];
}

/** The openAPIV3Schema of the ServiceMonitor CRD the construct was imported from. */
const validator = () => {
  const crd = YAML.parse(fs.readFileSync(path.join(ROOT, 'imports/crds/monitoring.coreos.com_servicemonitors.yaml'), 'utf8'));
  return crdAjv().compile(crd.spec.versions.find((v: any) => v.name === 'v1').schema.openAPIV3Schema);
};

describe('FlyteServiceMonitor', () => {
  test('a monitoring.coreos.com/v1 ServiceMonitor with the given name and namespace', () => {
    const sm = render();
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.kind).toBe('ServiceMonitor');
    expect(sm.metadata.name).toBe('sm-x');
    expect(sm.metadata.namespace).toBe('ns-x');
  });

  test('selects the metrics Service by its labels, in its own namespace only', () => {
    const sm = render();
    expect(sm.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/component': 'metrics', 'app.kubernetes.io/instance': 'rel-x' } });
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['ns-x'] });
  });

  test('scrapes /metrics on the named port every 30 s by default', () => {
    expect(render().spec.endpoints).toEqual([{ port: 'prom', path: '/metrics', interval: '30s' }]);
  });

  test('interval is configurable', () => {
    expect(render({ interval: '1m30s' }).spec.endpoints[0].interval).toBe('1m30s');
  });

  test('labels go on the ServiceMonitor, for the Prometheus serviceMonitorSelector', () => {
    const sm = render({ labels: { release: 'kube-prometheus-stack', 'example.com/team': 'data' } });
    expect(sm.metadata.labels).toEqual({ release: 'kube-prometheus-stack', 'example.com/team': 'data' });
  });

  test('no labels by default', () => {
    expect(render().metadata.labels).toBeUndefined();
  });

  test('validates against the ServiceMonitor CRD schema', () => {
    const check = validator();
    const sm = render({ interval: '15s', labels: { release: 'prom' } });
    expect(check(sm)).toBe(true);
    // The validator is not vacuous.
    expect(check({ ...sm, spec: { ...sm.spec, endpoints: [{ ...sm.spec.endpoints[0], interval: 'often' }] } })).toBe(false);
  });

  test.each([
    [{ name: 'SM' }, 'c/Sm: name: "SM" is not allowed; expected a DNS-1123 subdomain'],
    [{ namespace: 'ns.x' }, 'c/Sm: namespace: "ns.x" is not allowed; expected a DNS-1123 label'],
    [{ interval: '30 s' }, 'c/Sm: interval: "30 s" is not allowed; expected a duration such as "30s", "1m" or "1h30m"'],
    [{ interval: '1d' }, 'c/Sm: interval: "1d" is not allowed; expected a duration'],
    [{ labels: { 'bad key': 'x' } }, 'c/Sm: labels key: "bad key" is not allowed; expected a label or annotation key'],
    [{ labels: { team: 'x'.repeat(64) } }, `c/Sm: labels.team: "${'x'.repeat(64)}" is not allowed; expected a label value`],
    [{ labels: { team: 'a b' } }, 'c/Sm: labels.team: "a b" is not allowed; expected a label value'],
  ])('rejects %j with a one-line message', (overrides, message) => {
    expect(() => render(overrides as Partial<FlyteServiceMonitorProps>)).toThrow(message);
  });
});

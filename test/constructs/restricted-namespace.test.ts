import { App, Chart } from 'cdk8s';
import { RestrictedNamespace } from '../../src/constructs/restricted-namespace';

describe('RestrictedNamespace', () => {
  test('enforces, audits and warns the restricted Pod Security Standard', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'c');
    new RestrictedNamespace(chart, 'N', { name: 'team-ns', labels: { owner: 'ml' } });
    const [ns] = chart.toJson();
    expect(ns).toMatchObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-ns' } });
    expect(ns.metadata.labels).toEqual({
      owner: 'ml',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.27',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  test('labels cannot weaken enforcement', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'c');
    new RestrictedNamespace(chart, 'N', { name: 'x', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } });
    expect(chart.toJson()[0].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('validates the name', () => {
    expect(() => new RestrictedNamespace(new Chart(new App({ outdir: '.' }), 'c'), 'N', { name: 'Team' })).toThrow('c/N: name: "Team" is not allowed');
  });

  test.each(['kube-system', 'kube-public', 'kube-node-lease', 'default'])('refuses to relabel the system namespace %s', (name) => {
    expect(() => new RestrictedNamespace(new Chart(new App({ outdir: '.' }), 'c'), 'N', { name })).toThrow(
      `c/N: name: "${name}" is not allowed; expected a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters; not a system namespace ("default" or starting with "kube-")`,
    );
  });
});

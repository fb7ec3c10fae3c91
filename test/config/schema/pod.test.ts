import { podIssues } from '../../../src/config/schema/pod';

describe('podIssues', () => {
  const withTolerations = (...tolerations: object[]) => ({ tolerations }) as Parameters<typeof podIssues>[0];

  test('each toleration rule is reported at its own field of its own toleration', () => {
    const issues = podIssues(
      withTolerations(
        { key: 'a', operator: 'Equal', value: 'x' },
        { key: 'b', operator: 'Exists', value: 'y' },
        { operator: 'Equal', value: 'z' },
        { key: 'c', operator: 'Equal', effect: 'NoSchedule', tolerationSeconds: 7 },
      ),
    );
    expect(issues).toEqual([
      { path: ['pod', 'tolerations', 1, 'value'], input: 'y', message: 'expected no value with operator "Exists"' },
      { path: ['pod', 'tolerations', 2, 'key'], input: undefined, message: 'expected a key (only operator "Exists" may omit it)' },
      { path: ['pod', 'tolerations', 3, 'tolerationSeconds'], input: 7, message: 'expected only with effect "NoExecute"' },
    ]);
  });

  test('Exists without a key and NoExecute with seconds are accepted; no pod settings give nothing', () => {
    expect(podIssues(withTolerations({ operator: 'Exists' }, { key: 'd', operator: 'Equal', effect: 'NoExecute', tolerationSeconds: 30 }))).toEqual([]);
    expect(podIssues(undefined)).toEqual([]);
  });
});

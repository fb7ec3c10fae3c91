import { LABEL_KEY, LABEL_VALUE, matches } from '../../src/config/formats';
import { commonLabels, selectorLabels } from '../../src/constructs/labels';

describe('selectorLabels', () => {
  // The upstream flyte-binary chart selects its pod with exactly these three labels; a Deployment's
  // selector is immutable, so keeping them lets an upstream release be upgraded in place.
  test('are the upstream chart selector for the release', () => {
    expect(selectorLabels('flyte-backend')).toEqual({
      'app.kubernetes.io/name': 'flyte-binary',
      'app.kubernetes.io/instance': 'flyte-backend',
      'app.kubernetes.io/component': 'flyte-binary',
    });
  });

  test('differ between releases only in the instance label', () => {
    const a = selectorLabels('rel-a');
    const b = selectorLabels('rel-b');
    expect(a['app.kubernetes.io/instance']).toBe('rel-a');
    expect(b['app.kubernetes.io/instance']).toBe('rel-b');
    expect({ ...a, 'app.kubernetes.io/instance': 'x' }).toEqual({ ...b, 'app.kubernetes.io/instance': 'x' });
  });

  test('return a fresh object each time', () => {
    const a = selectorLabels('r');
    a['app.kubernetes.io/name'] = 'changed';
    expect(selectorLabels('r')['app.kubernetes.io/name']).toBe('flyte-binary');
  });
});

describe('commonLabels', () => {
  test('are the Kubernetes recommended labels with the release and the Flyte version', () => {
    expect(commonLabels('rel-x', 'v1.2.3')).toEqual({
      'app.kubernetes.io/name': 'flyte-binary',
      'app.kubernetes.io/instance': 'rel-x',
      'app.kubernetes.io/version': 'v1.2.3',
      'app.kubernetes.io/part-of': 'flyte',
      'app.kubernetes.io/managed-by': 'enterprise-flyte',
    });
  });

  test('do not include the component label, so they never select the pods by themselves', () => {
    expect(commonLabels('r', 'v1')['app.kubernetes.io/component']).toBeUndefined();
  });

  test('agree with the selector on name and instance', () => {
    const common = commonLabels('rel-y', 'v9');
    const selector = selectorLabels('rel-y');
    expect(common['app.kubernetes.io/name']).toBe(selector['app.kubernetes.io/name']);
    expect(common['app.kubernetes.io/instance']).toBe(selector['app.kubernetes.io/instance']);
  });

  test('keys and values are valid Kubernetes labels', () => {
    for (const [k, v] of Object.entries({ ...commonLabels('flyte-backend', 'v1.16.8'), ...selectorLabels('flyte-backend') })) {
      expect(matches(LABEL_KEY, k)).toBe(true);
      expect(matches(LABEL_VALUE, v)).toBe(true);
    }
  });
});

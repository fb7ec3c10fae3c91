/** The upstream chart's selector; keeping it lets an existing upstream release be taken over. */
export function selectorLabels(release: string): Record<string, string> {
  return {
    'app.kubernetes.io/component': 'flyte-binary',
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/name': 'flyte-binary',
  };
}

/** Kubernetes recommended labels, on every object. */
export function commonLabels(release: string, version: string): Record<string, string> {
  return {
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/managed-by': 'enterprise-flyte',
    'app.kubernetes.io/name': 'flyte-binary',
    'app.kubernetes.io/part-of': 'flyte',
    'app.kubernetes.io/version': version,
  };
}

/** Objects just within each limit the API server enforces, and the same just over it. */
import { LIMITS } from '../../src/synth/api-limits';
import type { KubeObject } from '../../src/synth/manifests';

export const configMap = (data: Record<string, string>, metadata: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', ...metadata }, data }) as KubeObject;

/** Each case: an object just within a limit, and the same just over it (the cluster test applies both). */
export const LIMIT_CASES: Array<{ what: string; within: KubeObject; over: KubeObject; message: string }> = [
  {
    what: 'ConfigMap data of 1 MiB',
    within: configMap({ a: 'x'.repeat(LIMITS.data - 10), b: 'y'.repeat(10) }),
    over: configMap({ a: 'x'.repeat(LIMITS.data - 10), b: 'y'.repeat(11) }),
    message: 'ConfigMap/c data: 1048577 bytes, over the 1048576 bytes Kubernetes allows in a ConfigMap',
  },
  {
    what: 'annotations of 256 KiB',
    within: configMap({}, { annotations: { 'corp.io/a': 'v'.repeat(LIMITS.annotations - 'corp.io/a'.length) } }),
    over: configMap({}, { annotations: { 'corp.io/a': 'v'.repeat(LIMITS.annotations - 'corp.io/a'.length + 1) } }),
    message: 'ConfigMap/c metadata.annotations: 262145 bytes of keys and values, over the 262144 Kubernetes allows on one object',
  },
  {
    what: 'a label value of 63 characters',
    within: configMap({}, { labels: { 'corp.io/a': 'v'.repeat(63) } }),
    over: configMap({}, { labels: { 'corp.io/a': 'v'.repeat(64) } }),
    message: 'ConfigMap/c metadata.labels[corp.io/a]: the value is no label value (at most 63 letters, digits, "-", "_" or ".")',
  },
  {
    what: 'a label name of 63 characters',
    within: configMap({}, { labels: { [`corp.io/${'k'.repeat(63)}`]: 'v' } }),
    over: configMap({}, { labels: { [`corp.io/${'k'.repeat(64)}`]: 'v' } }),
    message: `ConfigMap/c metadata.labels[corp.io/${'k'.repeat(64)}]: not a label key (a name of at most 63 letters, digits, "-", "_" or ".", after an optional DNS prefix of at most 253)`,
  },
  {
    what: 'a Service name of 63 characters',
    within: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's'.repeat(63), namespace: 'n' }, spec: { ports: [{ port: 80 }] } } as KubeObject,
    over: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's'.repeat(64), namespace: 'n' }, spec: { ports: [{ port: 80 }] } } as KubeObject,
    message: `Service/${'s'.repeat(64)} metadata.name: 64 characters, over the 63 Kubernetes allows in the name of a Service`,
  },
  {
    what: 'a ConfigMap name of 253 characters',
    within: configMap({}, { name: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}` }),
    over: configMap({}, { name: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}` }),
    message: `ConfigMap/${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)} metadata.name: 254 characters, over the 253 Kubernetes allows in the name of a ConfigMap`,
  },
  {
    what: 'a NetworkPolicy namespace selector In with values',
    within: netpol(['monitoring']),
    over: netpol([]),
    message: 'NetworkPolicy/np spec.ingress[0].from[0].namespaceSelector.matchExpressions[0]: operator In or NotIn with no values, which Kubernetes refuses',
  },
];

function netpol(values: string[]): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'np', namespace: 'n' },
    spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values }] } }] }] },
  } as KubeObject;
}


import { podAffinity } from '../../../src/constructs/pod/pod-affinity';

const plain = (p: unknown) => JSON.parse(JSON.stringify(p));

describe('podAffinity', () => {
  test('node affinity, pod affinity and anti-affinity in the Kubernetes shape', () => {
    const a = plain(podAffinity({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] }, { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 7, preference: { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] } }],
      },
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'postgres-proxy' } }, namespaces: ['db'] }] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 99, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['batch'] }] } } }] },
    }));
    expect(a).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] }, { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 7, preference: { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] } }],
      },
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'postgres-proxy' } }, namespaces: ['db'] }] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 99, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['batch'] }] } } }] },
    });
  });

  test('an affinity with nothing in it is left out', () => {
    expect(podAffinity({})).toBeUndefined();
  });

  test.each([
    [{ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [] }] } } }, 'pod.affinity.nodeAffinity.required[0].matchExpressions: an empty term matches no node'],
    [{ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In' }] }] } } }, 'pod.affinity.nodeAffinity.required[0].matchExpressions[0]: operator "In" is not allowed with these values; expected at least one value with operator "In"'],
    [{ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, preference: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } }] } }, 'pod.affinity.nodeAffinity.preferred[0].weight: 101 is not allowed; expected an integer from 1 to 100'],
    [{ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'k', labelSelector: {} }] } }, 'pod.affinity.podAffinity.required[0].labelSelector: an empty selector matches no pod'],
    [{ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'k', labelSelector: { matchExpressions: [{ key: 'a', operator: 'Lt', values: ['1'] }] } }] } }, 'in a label selector'],
    [{ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'Bad Key', labelSelector: { matchLabels: { a: 'b' } } }] } }, 'pod.affinity.podAffinity.required[0].topologyKey: "Bad Key" is not allowed'],
    [{ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'k', namespaces: ['Bad'], labelSelector: { matchLabels: { a: 'b' } } }] } }, 'pod.affinity.podAffinity.required[0].namespaces[0]: "Bad" is not allowed'],
  ])('refuses %j', (a, message) => {
    expect(() => podAffinity(a as any)).toThrow(message);
  });
});

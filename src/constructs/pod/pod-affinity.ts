import type { IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { requirementIssue, RequirementKind } from '../../config/container-rules';
import { DNS_LABEL, LABEL_KEY, LABEL_VALUE } from '../../config/formats';
import { assertProp, propsError } from '../errors';

export interface SelectorRequirement {
  readonly key: string;
  /** `In`, `NotIn`, `Exists`, `DoesNotExist`; node requirements also `Gt` and `Lt`. */
  readonly operator: string;
  /** @default - none (Exists, DoesNotExist) */
  readonly values?: readonly string[];
}

export interface NodeSelectorTerm {
  readonly matchExpressions: readonly SelectorRequirement[];
}

export interface PodAffinityTerm {
  readonly labelSelector: {
    /** @default - none */
    readonly matchLabels?: Readonly<Record<string, string>>;
    /** @default - none */
    readonly matchExpressions?: readonly SelectorRequirement[];
  };
  readonly topologyKey: string;
  /** @default - the pod's own namespace */
  readonly namespaces?: readonly string[];
}

export interface PodAffinityRules {
  /** @default - none */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
  /** @default - none */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: ReadonlyArray<{ readonly weight: number; readonly podAffinityTerm: PodAffinityTerm }>;
}

/** Affinity of the Flyte pod, in the Kubernetes shape (node terms take matchExpressions only). */
export interface FlyteAffinity {
  /** @default - none */
  readonly nodeAffinity?: {
    /** @default - none */
    readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] };
    /** @default - none */
    readonly preferredDuringSchedulingIgnoredDuringExecution?: ReadonlyArray<{ readonly weight: number; readonly preference: NodeSelectorTerm }>;
  };
  /** @default - none */
  readonly podAffinity?: PodAffinityRules;
  /** @default - none */
  readonly podAntiAffinity?: PodAffinityRules;
}

/**
 * The Kubernetes affinity of `a`; throws on what the API server or the scheduler would refuse or
 * never match, naming FlyteBinary's fields (`pod.affinity`) after the path of `scope` when given.
 */
export function podAffinity(a: FlyteAffinity, scope?: IConstruct): k8s.Affinity | undefined {
  const requirements = (what: string, kind: RequirementKind, list: readonly SelectorRequirement[] | undefined) =>
    list?.map((r, i) => {
      assertProp(scope, `${what}[${i}].key`, r.key, LABEL_KEY);
      r.values?.forEach((v, j) => assertProp(scope, `${what}[${i}].values[${j}]`, v, LABEL_VALUE));
      const problem = requirementIssue(kind, r.operator, r.values);
      if (problem) throw propsError(scope, `${what}[${i}]`, `operator ${JSON.stringify(r.operator)} is not allowed with these values; ${problem}`);
      return { key: r.key, operator: r.operator, values: r.values ? [...r.values] : undefined };
    });
  const term = (what: string, t: NodeSelectorTerm): k8s.NodeSelectorTerm => {
    if (t.matchExpressions.length === 0) throw propsError(scope, `${what}.matchExpressions`, 'an empty term matches no node; expected at least one requirement');
    return { matchExpressions: requirements(`${what}.matchExpressions`, 'node', t.matchExpressions) };
  };
  const weightOf = (what: string, w: number) => {
    if (!Number.isInteger(w) || w < 1 || w > 100) throw propsError(scope, `${what}.weight`, `${JSON.stringify(w)} is not allowed; expected an integer from 1 to 100`);
    return w;
  };
  const podTerm = (what: string, t: PodAffinityTerm): k8s.PodAffinityTerm => {
    assertProp(scope, `${what}.topologyKey`, t.topologyKey, LABEL_KEY);
    t.namespaces?.forEach((n, i) => assertProp(scope, `${what}.namespaces[${i}]`, n, DNS_LABEL));
    const matchLabels = t.labelSelector.matchLabels && Object.keys(t.labelSelector.matchLabels).length > 0 ? { ...t.labelSelector.matchLabels } : undefined;
    const matchExpressions = requirements(`${what}.labelSelector.matchExpressions`, 'label', t.labelSelector.matchExpressions);
    if (matchLabels === undefined && (matchExpressions ?? []).length === 0) throw propsError(scope, `${what}.labelSelector`, 'an empty selector matches no pod; expected matchLabels or matchExpressions');
    return { labelSelector: { matchLabels, matchExpressions: matchExpressions?.length ? matchExpressions : undefined }, topologyKey: t.topologyKey, namespaces: t.namespaces ? [...t.namespaces] : undefined };
  };
  const podRules = (what: string, r: PodAffinityRules | undefined): k8s.PodAffinity | undefined =>
    r && {
      requiredDuringSchedulingIgnoredDuringExecution: r.requiredDuringSchedulingIgnoredDuringExecution?.map((t, i) => podTerm(`${what}.required[${i}]`, t)),
      preferredDuringSchedulingIgnoredDuringExecution: r.preferredDuringSchedulingIgnoredDuringExecution?.map((p, i) => ({
        weight: weightOf(`${what}.preferred[${i}]`, p.weight),
        podAffinityTerm: podTerm(`${what}.preferred[${i}].podAffinityTerm`, p.podAffinityTerm),
      })),
    };
  const node = a.nodeAffinity;
  const out: k8s.Affinity = {
    nodeAffinity: node && {
      requiredDuringSchedulingIgnoredDuringExecution: node.requiredDuringSchedulingIgnoredDuringExecution && {
        nodeSelectorTerms: node.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.map((t, i) => term(`pod.affinity.nodeAffinity.required[${i}]`, t)),
      },
      preferredDuringSchedulingIgnoredDuringExecution: node.preferredDuringSchedulingIgnoredDuringExecution?.map((p, i) => ({
        weight: weightOf(`pod.affinity.nodeAffinity.preferred[${i}]`, p.weight),
        preference: term(`pod.affinity.nodeAffinity.preferred[${i}].preference`, p.preference),
      })),
    },
    podAffinity: podRules('pod.affinity.podAffinity', a.podAffinity),
    podAntiAffinity: podRules('pod.affinity.podAntiAffinity', a.podAntiAffinity),
  };
  return out.nodeAffinity || out.podAffinity || out.podAntiAffinity ? out : undefined;
}

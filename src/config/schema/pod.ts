import type { z } from 'zod/mini';
import { _default, array, gte, int, lte, maxLength, optional, string, enum as zEnum } from 'zod/mini';
import * as f from '../formats';
import type { RuleIssue } from '../task-rules';
import { affinity } from './affinity';
import { annotations, described, labelKey, labels, obj, siteLabels, str } from './fields';

const toleration = obj(
  {
    key: described(optional(labelKey()), 'Taint key; omit with operator Exists to tolerate every taint.'),
    operator: described(_default(zEnum(['Equal', 'Exists'], { error: 'expected "Equal" or "Exists"' }), 'Equal'), 'How the value is compared.'),
    value: optional(str(f.LABEL_VALUE, 'Taint value (operator Equal).')),
    effect: described(
      optional(zEnum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], { error: 'expected "NoSchedule", "PreferNoSchedule" or "NoExecute"' })),
      'Taint effect; omit to match every effect.',
    ),
    tolerationSeconds: described(
      optional(int({ error: 'expected a whole number of seconds' }).check(gte(0, { error: 'expected a whole number of seconds' }))),
      'How long the pod stays bound to a node with a NoExecute taint.',
    ),
  },
  'A toleration of the Flyte pod.',
);

const topologySpread = obj(
  {
    maxSkew: described(int({ error: 'expected an integer of at least 1' }).check(gte(1, { error: 'expected an integer of at least 1' })), 'Largest allowed difference of Flyte pods between topology domains.'),
    topologyKey: described(labelKey(), 'Node label that defines the domains, for example "topology.kubernetes.io/zone".'),
    whenUnsatisfiable: described(
      _default(zEnum(['DoNotSchedule', 'ScheduleAnyway'], { error: 'expected "DoNotSchedule" or "ScheduleAnyway"' }), 'ScheduleAnyway'),
      'What the scheduler does when the skew cannot be met.',
    ),
  },
  'A topology spread constraint; it counts the Flyte pods (the pod selector).',
);

const keyReference = (kind: string) =>
  obj(
    {
      name: str(f.DNS_SUBDOMAIN, `Name of the ${kind} in the release namespace.`),
      key: str(f.SECRET_KEY, `Key inside the ${kind}.`),
    },
    `A key of a ${kind}.`,
  );

/** The literal value of an environment variable (pod.env, tasks.env). */
export const envValue = () => string({ error: 'expected a string value (quote numbers and booleans)' }).check(maxLength(32768, { error: 'expected at most 32768 characters' }));

const envVar = obj(
  {
    name: str(f.ENV_NAME, 'Variable name; names the chart sets (POD_NAME, POD_NAMESPACE, SSL_CERT_FILE, AWS_CA_BUNDLE, HTTP(S)_PROXY, NO_PROXY) are refused.'),
    value: described(optional(envValue()), 'Literal value; never a credential (use secretKeyRef).'),
    secretKeyRef: optional(keyReference('Secret')),
    configMapKeyRef: optional(keyReference('ConfigMap')),
  },
  'An environment variable of the Flyte container: exactly one of value, secretKeyRef and configMapKeyRef.',
);

const seconds = (description: string, min: number) => {
  const error = `expected a whole number of seconds from ${min} to 3600`;
  return described(optional(int({ error }).check(gte(min, { error }), lte(3600, { error }))), description);
};
const count = (description: string) => {
  const error = 'expected an integer from 1 to 1000';
  return described(optional(int({ error }).check(gte(1, { error }), lte(1000, { error }))), description);
};
const probeTimings = (which: string, defaults: string) =>
  obj(
    {
      initialDelaySeconds: seconds('Seconds after the container starts before the first probe.', 0),
      periodSeconds: seconds('Seconds between probes.', 1),
      timeoutSeconds: seconds('Seconds a probe may take.', 1),
      failureThreshold: count('Failed probes in a row that count as a failure.'),
    },
    `Timings of the ${which} probe (GET /healthcheck on the http port); ${defaults}.`,
  );

const podProbes = obj(
  {
    startup: optional(probeTimings('startup', 'none by default; given (even {}), periodSeconds 10, timeoutSeconds 1, failureThreshold 30 and no initial delay, and the other probes start without delay')),
    readiness: optional(probeTimings('readiness', 'initialDelaySeconds 30 (0 with a startup probe), periodSeconds 10, timeoutSeconds 1, failureThreshold 3')),
    liveness: optional(probeTimings('liveness', 'initialDelaySeconds 30 (0 with a startup probe), periodSeconds 10, timeoutSeconds 1, failureThreshold 3')),
  },
  'Health probes of the Flyte container.',
);

const podSettings = obj(
  {
    affinity: optional(affinity),
    env: described(optional(array(envVar, { error: 'expected a list of {name, value | secretKeyRef | configMapKeyRef}' })), 'Extra environment variables of the Flyte container.'),
    probes: optional(podProbes),
    nodeSelector: optional(labels('Node labels the Flyte pod must run on (a node group, a Karpenter node pool).')),
    tolerations: described(optional(array(toleration, { error: 'expected a list of tolerations' })), 'Taints of the node group the pod tolerates.'),
    topologySpreadConstraints: described(optional(array(topologySpread, { error: 'expected a list of topology spread constraints' })), 'How Flyte pods spread over zones or nodes.'),
    priorityClassName: optional(str(f.DNS_SUBDOMAIN, 'PriorityClass of the pod (created by the cluster operator).')),
    annotations: optional(annotations('Annotations on the pod template.')),
    labels: optional(siteLabels('Labels on the pod template (besides the chart\'s own).')),
  },
  'Placement, metadata, extra environment and probes of the Flyte pod.',
);

export const pod = optional(podSettings);

/** Each toleration's operator, value, key, effect and seconds agree. */
export function podIssues(settings: z.output<typeof pod>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  settings?.tolerations?.forEach((t, i) => {
    if (t.operator === 'Exists' && t.value !== undefined) {
      issues.push({ path: ['pod', 'tolerations', i, 'value'], input: t.value, message: 'expected no value with operator "Exists"' });
    }
    if (t.key === undefined && t.operator !== 'Exists') {
      issues.push({ path: ['pod', 'tolerations', i, 'key'], input: undefined, message: 'expected a key (only operator "Exists" may omit it)' });
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      issues.push({ path: ['pod', 'tolerations', i, 'tolerationSeconds'], input: t.tolerationSeconds, message: 'expected only with effect "NoExecute"' });
    }
  });
  return issues;
}

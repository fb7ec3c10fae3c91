import { array, gte, int, lte, minLength, optional, superRefine, enum as zEnum } from 'zod/mini';
import * as f from '../formats';
import { requirementIssue, RequirementKind } from '../container-rules';
import { described, jsonSchemaExtras, labelKey, labels, obj, str } from './fields';

/** A node or label selector requirement; operator and values are checked together. */
function requirement(kind: RequirementKind, operators: readonly [string, ...string[]], description: string) {
  const schema = obj(
    {
      key: described(labelKey(), kind === 'node' ? 'Node label key.' : 'Pod label key.'),
      operator: described(zEnum(operators, { error: `expected one of ${operators.map((o) => `"${o}"`).join(', ')}` }), 'How the label is compared.'),
      values: described(
        optional(array(str(f.LABEL_VALUE, 'Label value.'), { error: 'expected a list of label values' })),
        'Values (In, NotIn: at least one; Gt, Lt: one integer; Exists, DoesNotExist: none).',
      ),
    },
    description,
  ).check(
    superRefine((r, ctx) => {
      const problem = requirementIssue(kind, r.operator, r.values);
      if (problem) ctx.addIssue({ code: 'custom', path: ['values'], input: r.values, message: problem });
    }),
  );
  jsonSchemaExtras.add(schema, {
    if: { properties: { operator: { enum: ['Exists', 'DoesNotExist'] } } },
    then: { not: { required: ['values'] } },
    else: { required: ['values'], properties: { values: { minItems: 1 } } },
  });
  return schema;
}

const nodeSelectorTerm = obj(
  {
    matchExpressions: described(
      array(requirement('node', ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'], 'A node label requirement.'), { error: 'expected a list of node label requirements' }).check(
        minLength(1, { error: 'expected at least one requirement' }),
      ),
      'Requirements that must all hold.',
    ),
  },
  'A node selector term.',
);

const labelSelector = obj(
  {
    matchLabels: optional(labels('Pod labels that must all match.')),
    matchExpressions: described(
      optional(array(requirement('label', ['In', 'NotIn', 'Exists', 'DoesNotExist'], 'A pod label requirement.'), { error: 'expected a list of pod label requirements' })),
      'Requirements that must all hold.',
    ),
  },
  'Which pods the term counts (at least one of matchLabels and matchExpressions).',
).check(
  superRefine((s, ctx) => {
    if (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0) {
      ctx.addIssue({ code: 'custom', input: s, message: 'expected matchLabels or matchExpressions (an empty selector matches no pod)' });
    }
  }),
);

const podAffinityTerm = obj(
  {
    labelSelector,
    topologyKey: described(labelKey(), 'Node label that defines "together", for example "kubernetes.io/hostname" or "topology.kubernetes.io/zone".'),
    namespaces: described(optional(array(str(f.DNS_LABEL, 'Namespace name.'), { error: 'expected a list of namespace names' })), 'Namespaces of the pods counted; omit for the release namespace.'),
  },
  'A pod (anti-)affinity term.',
);

const weight = described(int({ error: 'expected an integer from 1 to 100' }).check(gte(1, { error: 'expected an integer from 1 to 100' }), lte(100, { error: 'expected an integer from 1 to 100' })), 'Weight of the preference (1-100).');

const podAffinityRules = (which: string) =>
  obj(
    {
      requiredDuringSchedulingIgnoredDuringExecution: described(
        optional(array(podAffinityTerm, { error: 'expected a list of pod affinity terms' })),
        `Terms that must all hold for the pod to be scheduled (${which}).`,
      ),
      preferredDuringSchedulingIgnoredDuringExecution: described(
        optional(array(obj({ weight, podAffinityTerm }, 'A weighted pod affinity term.'), { error: 'expected a list of {weight, podAffinityTerm}' })),
        `Terms the scheduler prefers (${which}).`,
      ),
    },
    `Pod ${which} rules.`,
  );

export const affinity = obj(
  {
    nodeAffinity: optional(
      obj(
        {
          requiredDuringSchedulingIgnoredDuringExecution: optional(
            obj(
              {
                nodeSelectorTerms: described(
                  array(nodeSelectorTerm, { error: 'expected a list of node selector terms' }).check(minLength(1, { error: 'expected at least one term' })),
                  'Terms of which at least one must hold.',
                ),
              },
              'Nodes the pod may run on.',
            ),
          ),
          preferredDuringSchedulingIgnoredDuringExecution: described(
            optional(array(obj({ weight, preference: nodeSelectorTerm }, 'A weighted node preference.'), { error: 'expected a list of {weight, preference}' })),
            'Nodes the scheduler prefers.',
          ),
        },
        'Node affinity.',
      ),
    ),
    podAffinity: optional(podAffinityRules('affinity: near these pods')),
    podAntiAffinity: optional(podAffinityRules('anti-affinity: away from these pods')),
  },
  'Affinity of the Flyte pod (the Kubernetes shape; node selector terms take matchExpressions).',
);

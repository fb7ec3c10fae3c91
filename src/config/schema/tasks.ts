import { _default, array, gte, int, lte, optional, record, string, unknown, enum as zEnum } from 'zod/mini';
import * as f from '../formats';
import { NAMESPACE_OBJECT_KINDS } from '../namespace-objects';
import { bool, described, jsonSchemaExtras, obj, quantity, str } from './fields';
import { envValue } from './pod';

const taskResourceSet = (which: string, what: string) =>
  obj(
    {
      cpu: quantity(`${what} CPU of a task.`),
      memory: quantity(`${what} memory of a task.`),
      gpu: optional(quantity(`${what} GPUs of a task (nvidia.com/gpu).`)),
      ephemeralStorage: optional(quantity(`${what} ephemeral storage of a task.`)),
    },
    `Task resource ${which}.`,
  );

function quotaSet(description: string) {
  return obj(
    {
      cpu: quantity('Sum of the CPU limits of the pods of a namespace.'),
      memory: quantity('Sum of the memory limits of the pods of a namespace.'),
      gpu: optional(quantity('Sum of the GPU requests (nvidia.com/gpu) of a namespace.')),
      ephemeralStorage: optional(quantity('Sum of the ephemeral-storage limits of a namespace.')),
    },
    description,
  );
}

/**
 * An object of tasks.namespaceObjects: any map to zod, checked in code (namespaceObjectIssues); the
 * editor schema states the envelope of each allowed kind.
 */
function namespaceObject() {
  const schema = described(record(string(), unknown(), { error: 'expected a Kubernetes object (apiVersion, kind, metadata, ...)' }), 'A Kubernetes object: apiVersion, kind, metadata and the fields of its kind.');
  const metadata = {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', pattern: f.DNS_SUBDOMAIN.pattern.source, maxLength: f.DNS_SUBDOMAIN.maxLength }, labels: { type: 'object' }, annotations: { type: 'object' } },
    additionalProperties: false,
  };
  jsonSchemaExtras.add(schema, {
    required: ['apiVersion', 'kind', 'metadata'],
    oneOf: Object.entries(NAMESPACE_OBJECT_KINDS).map(([kind, k]) => ({
      properties: { apiVersion: { const: k.apiVersion }, kind: { const: kind }, metadata },
      propertyNames: { enum: ['apiVersion', 'kind', 'metadata', ...k.fields] },
    })),
  });
  return schema;
}

export const tasks = optional(
  obj(
    {
      roleArn: optional(str(f.IAM_ROLE_ARN, 'IAM role every task pod assumes through IRSA (annotated on the "default" ServiceAccount of each project-domain namespace), unless its domain names its own.')),
      trustLaterProjects: described(
        _default(bool('Also trust "default" ServiceAccounts of projects created later (a StringLike "system:serviceaccount:*-<domain>:default" pattern in the task trust policies).'), false),
        'Off by default: the trust policies name exactly the declared project-domain ServiceAccounts.',
      ),
      podSecurity: described(
        _default(zEnum(['privileged', 'baseline', 'restricted'], { error: 'expected "privileged", "baseline" or "restricted"' }), 'baseline'),
        'Pod Security Standard enforced in every project-domain namespace ("restricted" is always warned and audited).',
      ),
      resources: optional(
        obj(
          { defaults: taskResourceSet('defaults', 'Default'), limits: taskResourceSet('limits', 'Largest') },
          'Flyte task_resources: what a task gets when it asks for nothing, and the most it may ask for.',
        ),
      ),
      quota: optional(quotaSet('ResourceQuota of every project-domain namespace, unless its domain sets its own.')),
      podTemplate: optional(
        obj(
          {
            runAsUser: described(
              _default(int({ error: 'expected a non-root user id from 1 to 2147483647' }).check(gte(1, { error: 'expected a non-root user id from 1 to 2147483647' }), lte(2147483647, { error: 'expected a non-root user id from 1 to 2147483647' })), 1000),
              'User id every task container runs as (1000: the "flytekit" user of flytekit\'s images).',
            ),
          },
          'A default PodTemplate of task pods (plugins.k8s.default-pod-template-name) that makes them meet the "restricted" Pod Security Standard: non-root, RuntimeDefault seccomp, no privilege escalation, no capabilities. Images that need root then fail to start.',
        ),
      ),
      env: described(
        optional(
          array(
            obj(
              {
                name: str(f.ENV_NAME, 'Variable name; names the chart sets in task pods (FLYTE_AWS_ENDPOINT, HTTP(S)_PROXY, NO_PROXY, SSL_CERT_FILE, AWS_CA_BUNDLE, REQUESTS_CA_BUNDLE) or Flyte sets per execution (FLYTE_INTERNAL_*, _F_*, FLYTE_ATTEMPT_NUMBER, FLYTE_EXECUTION_URL) are refused.'),
                value: described(envValue(), 'Literal value (Flyte\'s default-env-vars are strings); never a credential.'),
              },
              'An environment variable of every task container.',
            ),
            { error: 'expected a list of {name, value}' },
          ),
        ),
        'Variables of every task container (Flyte\'s plugins.k8s.default-env-vars), after the chart\'s own; Flyte adds them after a task\'s own variables, so they win over a task\'s variable of the same name.',
      ),
      namespaceObjects: described(
        optional(array(namespaceObject(), { error: 'expected a list of Kubernetes objects' })),
        `More objects Flyte creates in every project-domain namespace (cluster-resource templates): ${Object.keys(NAMESPACE_OBJECT_KINDS).join(', ')}; metadata has name, labels and annotations only, and "{{ namespace }}", "{{ project }}" and "{{ domain }}" are the only template variables. Each kind used extends the ClusterRole with its resource.`,
      ),
      domains: described(
        optional(
          record(
            str(f.FLYTE_DOMAIN, 'Domain id.'),
            obj(
              {
                roleArn: optional(str(f.IAM_ROLE_ARN, 'IAM role of the task pods of this domain.')),
                quota: optional(quotaSet('ResourceQuota of the namespaces of this domain.')),
              },
              'Settings of one domain.',
            ),
            { error: 'expected a map of domain names to {roleArn, quota}' },
          ),
        ),
        'Per-domain overrides of roleArn and quota.',
      ),
    },
    'Task pods: IAM role, namespaces, resources.',
  ),
);

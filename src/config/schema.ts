import type { z } from 'zod/mini';
import {
  _default,
  array,
  boolean,
  globalRegistry,
  gte,
  int,
  literal,
  lte,
  unknown,
  maxLength,
  minLength,
  optional,
  pipe,
  record,
  refine,
  regex,
  registry,
  strictObject,
  string,
  superRefine,
  transform,
  trim,
  enum as zEnum,
} from 'zod/mini';
import './zod-config';
import * as f from './formats';
import { compareQuantities } from './quantity';
import { credentialIn } from './credentials';
import { Shown } from './shown';
import { checkFlyteConfig } from './flyte-config-rules';
import { TASK_PLUGINS } from './task-plugins';
import { checkTasks } from './task-rules';
import { CHART_TEMPLATE_OBJECTS, NAMESPACE_OBJECT_KINDS, NamespaceObject, namespaceObjectIssues } from './namespace-objects';
import { checkContainer, requirementIssue, RequirementKind } from './container-rules';

/**
 * JSON Schema keywords (draft-07) for rules zod checks in code (refinements), added to the editor
 * schema of environment files (src/config/json-schema.ts). Kept next to the rule they mirror.
 */
export const jsonSchemaExtras = registry<Record<string, unknown>>();

/** Attaches the description shown in values.yaml and values.schema.json. */
function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  globalRegistry.add(schema, { description });
  return schema;
}

/** A string field of the given format; `description` is shown in values.yaml and values.schema.json. */
export function str(format: f.Format, description: string) {
  const error = `expected ${format.allowed}`;
  const schema = string({ error }).check(
    regex(format.pattern, { error }),
    ...(format.maxLength !== undefined ? [maxLength(format.maxLength, { error })] : []),
    ...(format.reject ? [refine((v: unknown) => !f.rejected(format, v as string), { error })] : []),
  );
  // The rejections travel to values.schema.json as "not" rules.
  globalRegistry.add(schema, { description, ...f.rejectionSchema(format) });
  return schema;
}

/** Refuses credential-looking text; the value is not repeated in the message. */
const noCredential = superRefine((v: string, ctx) => {
  const found = credentialIn(v);
  if (found) ctx.addIssue({ code: 'custom', input: Shown.hidden(v), message: `expected no credential in an environment file (found ${found}); keep it in a Secret and reference the Secret` });
});

/** Kubernetes' limit on the total size of an object's annotations (keys and values). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Total size of annotation maps as Kubernetes counts it (keys and values, in bytes). */
export function annotationBytes(...maps: ReadonlyArray<Readonly<Record<string, string>> | undefined>): number {
  const merged: Record<string, string> = Object.assign({}, ...maps.filter((m) => m !== undefined));
  let total = 0;
  for (const [k, v] of Object.entries(merged)) total += Buffer.byteLength(k) + Buffer.byteLength(v);
  return total;
}

function port(description: string) {
  const error = 'expected an integer from 1 to 65535';
  return described(int({ error }).check(gte(1, { error }), lte(65535, { error })), description);
}

function bool(description: string) {
  return described(boolean({ error: 'expected true or false' }), description);
}

/** Quantities are strings in Kubernetes; YAML turns `cpu: 1` into a number, so accept and stringify it. */
function quantity(description: string) {
  return pipe(
    transform((v: unknown) => (typeof v === 'number' ? String(v) : v)),
    str(f.QUANTITY, description),
  );
}

const LABEL_KEY_ERROR = `expected keys that are ${f.LABEL_KEY.allowed}`;

function labelKey() {
  return string().check(regex(f.LABEL_KEY.pattern, { error: LABEL_KEY_ERROR }), maxLength(f.LABEL_KEY.maxLength!, { error: LABEL_KEY_ERROR }));
}

function labels(description: string) {
  return described(
    record(labelKey(), str(f.LABEL_VALUE, 'Label value.').check(noCredential), {
      // A bad key is reported at the record: say what is wrong with the key, not with the map.
      error: (issue) => (issue.code === 'invalid_key' ? LABEL_KEY_ERROR : 'expected a map of label keys to values'),
    }),
    description,
  );
}

function annotations(description: string) {
  return described(
    record(
      labelKey(),
      string({ error: 'expected a string annotation value (quote numbers and booleans)' }).check(
        maxLength(ANNOTATIONS_MAX_BYTES, { error: `expected at most ${ANNOTATIONS_MAX_BYTES} bytes of annotations (the Kubernetes limit)` }),
        noCredential,
      ),
      {
        error: (issue) => (issue.code === 'invalid_key' ? LABEL_KEY_ERROR : 'expected a map of annotation keys to string values'),
      },
    ).check(
      superRefine((m, ctx) => {
        const bytes = annotationBytes(m as Record<string, string>);
        if (bytes > ANNOTATIONS_MAX_BYTES) {
          ctx.addIssue({ code: 'custom', input: new Shown(`annotations of ${bytes} bytes`), message: `expected at most ${ANNOTATIONS_MAX_BYTES} bytes of annotation keys and values in all (the Kubernetes limit)` });
        }
      }),
    ),
    description,
  );
}

function obj<T extends z.core.$ZodLooseShape>(shape: T, description: string) {
  return described(strictObject(shape, { error: 'expected a map' }), description);
}

const resourceList = (which: string) =>
  obj(
    {
      cpu: quantity(`CPU ${which} of each container, for example "1" or "500m".`),
      memory: quantity(`Memory ${which} of each container, for example "1Gi".`),
    },
    `Container ${which}.`,
  );

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

const jsonProperty = () =>
  string({ error: 'expected a JSON property name' }).check(regex(/^[A-Za-z0-9_.-]{1,256}$/, { error: 'expected a JSON property name: letters, digits, "_", "." or "-"' }));

/** Where the External Secrets Operator reads a secret (the database password, an auth client secret). */
function externalSecretSource<E extends z.core.$ZodLooseShape = {}>(what: string, extra: E = {} as E) {
  return obj(
    {
      storeName: str(f.DNS_SUBDOMAIN, 'Name of the SecretStore or ClusterSecretStore (External Secrets Operator) that reads AWS Secrets Manager.'),
      storeKind: described(
        _default(zEnum(['SecretStore', 'ClusterSecretStore'], { error: 'expected "SecretStore" or "ClusterSecretStore"' }), 'ClusterSecretStore'),
        'Kind of the store.',
      ),
      remoteKey: described(
        string({ error: 'expected a Secrets Manager secret name or ARN' }).check(
          regex(/^[A-Za-z0-9/_+=.@:-]{1,2048}$/, { error: 'expected a Secrets Manager secret name or ARN: letters, digits and /_+=.@:-' }),
        ),
        'Name (or ARN) of the secret in AWS Secrets Manager.',
      ),
      property: described(
        optional(jsonProperty()),
        `JSON property of the secret value that holds ${what}; omit when the whole value is ${what}.`,
      ),
      ...extra,
      refreshInterval: _default(str(f.DURATION, 'How often the operator re-reads the secret.'), '1h'),
    },
    `Where the External Secrets Operator reads ${what}; required when source is "externalSecret".`,
  );
}

const secretSource = () =>
  described(
    _default(
      zEnum(['existingSecret', 'externalSecret'], { error: 'expected "existingSecret" (an operator creates the Secret) or "externalSecret" (synced from AWS Secrets Manager)' }),
      'existingSecret',
    ),
    'Who creates the Secret: an operator ("existingSecret") or the External Secrets Operator from AWS Secrets Manager ("externalSecret").',
  );

/** externalSecret exactly when source is "externalSecret" (checked in code by secretSourceIssues). */
function withSourceRule<T extends z.ZodMiniType>(schema: T): T {
  jsonSchemaExtras.add(schema, {
    if: { properties: { source: { const: 'externalSecret' } }, required: ['source'] },
    then: { required: ['externalSecret'] },
    else: { not: { required: ['externalSecret'] } },
  });
  return schema;
}

const passwordSecret = withSourceRule(
  obj(
    {
      name: str(f.DNS_SUBDOMAIN, 'Name of the Secret, in the release namespace, that holds the database password. Created by an operator (or by the ExternalSecret below); never by this chart.'),
      key: str(f.SECRET_KEY, 'Key of the password inside that Secret; mounted read-only as /etc/db-secret/password.'),
      source: secretSource(),
      externalSecret: optional(externalSecretSource('the password')),
    },
    'The database password. Only a reference is stored; the value never appears in Git or in the rendered output.',
  ),
);

const oidcClientSecret = withSourceRule(
  obj(
    {
      name: str(f.DNS_SUBDOMAIN, 'Name of the Secret, in the release namespace, that holds the OIDC client secret of the Flyte application. Created by an operator or by the ExternalSecret below; never by this chart.'),
      key: _default(str(f.SECRET_KEY, 'Key of the client secret in that Secret; mounted read-only as /etc/secrets/oidc_client_secret.'), 'client_secret'),
      source: secretSource(),
      externalSecret: optional(externalSecretSource('the OIDC client secret')),
    },
    'The OIDC client secret. Only a reference is stored; the value never appears in Git or in the rendered output.',
  ),
);

const internalClientSecret = withSourceRule(
  obj(
    {
      name: str(f.DNS_SUBDOMAIN, 'Name of the Secret, in the release namespace, that holds the internal client\'s secret (and, with the internal authorization server, its bcrypt hash). Created by an operator or by the ExternalSecret below.'),
      key: _default(str(f.SECRET_KEY, 'Key of the plain client secret; mounted read-only as /etc/secrets/client_secret, where propeller reads it.'), 'client_secret'),
      hashKey: _default(
        str(f.SECRET_KEY, 'Key of a Flyte configuration file that sets the bcrypt hash of the client secret for the internal authorization server (auth.appAuth.selfAuthServer.staticClients.<clientId>.client_secret); loaded with the configuration. Unused with an external server.'),
        'client_secret_hash.yaml',
      ),
      source: secretSource(),
      externalSecret: optional(
        externalSecretSource('the plain client secret', {
          hashProperty: described(
            optional(jsonProperty()),
            'JSON property of the same secret that holds the bcrypt hash (internal authorization server); the ExternalSecret wraps it into the configuration file under hashKey.',
          ),
        }),
      ),
    },
    'The secret of the internal client propeller authenticates with. Only a reference is stored.',
  ),
);

const authSettings = obj(
  {
    oidc: obj(
      {
        issuer: str(f.HTTPS_URL, 'OpenID Connect issuer that signs users in (Okta, Entra ID, Keycloak...): Flyte\'s auth.userAuth.openId.baseUrl.'),
        clientId: str(f.OAUTH_ID, 'Client id of the Flyte application registered at the identity provider.'),
        clientSecret: oidcClientSecret,
      },
      'OpenID Connect sign-in of users (console and command-line tools).',
    ),
    authorizationServer: optional(
      obj(
        {
          type: described(
            _default(zEnum(['internal', 'external'], { error: 'expected "internal" (Flyte issues its own tokens) or "external" (an OAuth2 server of the identity provider)' }), 'internal'),
            'Which server issues the access tokens of the API: Flyte\'s own ("internal", default) or the identity provider\'s ("external").',
          ),
          issuer: optional(str(f.HTTPS_URL, 'Base URL of the external OAuth2 authorization server (auth.appAuth.externalAuthServer.baseUrl); required with type "external".')),
          audience: optional(str(f.OAUTH_ID, 'Audience the external server puts in tokens for Flyte (allowedAudience, and the audience propeller asks for).')),
        },
        'The OAuth2 authorization server of the API.',
      ),
    ),
    internalClient: obj(
      {
        clientId: _default(str(f.OAUTH_ID, 'Client id propeller authenticates with (admin.clientId).'), 'flytepropeller'),
        clientSecret: internalClientSecret,
        scopes: described(
          optional(array(str(f.OAUTH_SCOPE, 'Scope.'), { error: 'expected a list of scopes' }).check(minLength(1, { error: 'expected at least one scope' }))),
          'Scopes propeller asks for (admin.scopes); omit to use the ones Flyte advertises.',
        ),
      },
      'The internal client of propeller, which calls the API with the client-credentials flow.',
    ),
    authorizedUris: described(
      _default(array(str(f.REDIRECT_URI, 'URL.'), { error: 'expected a list of URLs' }), []),
      'Public URLs users reach Flyte on (for example "https://flyte.example.com"); the in-cluster Service URLs are added.',
    ),
    cliClient: optional(
      obj(
        {
          clientId: _default(str(f.OAUTH_ID, 'Client id flytectl and pyflyte sign in with (PKCE).'), 'flytectl'),
          redirectUri: _default(str(f.REDIRECT_URI, 'Loopback URL the command-line tools listen on for the sign-in callback.'), 'http://localhost:53593/callback'),
          scopes: described(
            _default(array(str(f.OAUTH_SCOPE, 'Scope.'), { error: 'expected a list of scopes' }).check(minLength(1, { error: 'expected at least one scope' })), ['all']),
            'Scopes the command-line tools ask for.',
          ),
          audience: optional(str(f.OAUTH_ID, 'Audience the command-line tools ask for (external servers that require one).')),
        },
        'What Flyte tells flytectl and pyflyte to sign in with (auth.appAuth.thirdPartyConfig.flyteClient).',
      ),
    ),
  },
  'Authentication: users sign in with OpenID Connect, the API requires tokens (server.security.useAuth).',
);

const waiver = obj(
  {
    rule: described(
      string({ error: 'expected a policy rule id such as "image-registry"' }).check(regex(/^[a-z0-9-]+$/, { error: 'expected a policy rule id such as "image-registry"' })),
      'Id of the rule to relax.',
    ),
    object: described(
      optional(
        string({ error: 'expected "<Kind>/<name>"' }).check(
          regex(/^[A-Za-z]+\/[a-z0-9.-]+$/, { error: 'expected "<Kind>/<name>", for example "Deployment/flyte-backend-flyte-binary"' }),
        ),
      ),
      'Limit the waiver to one object ("<Kind>/<name>"); omit to waive the rule for every object.',
    ),
    reason: described(
      string({ error: 'expected a reason of at least 10 characters' }).check(trim(), minLength(10, { error: 'expected a reason of at least 10 characters' })),
      'Why the site must relax the rule; shown in every synth report.',
    ),
  },
  'A policy rule this environment relaxes, with the reason.',
);

/** Label keys the chart sets itself: site labels may not take them over. */
const RESERVED_LABEL_KEY = /^(app\.kubernetes\.io|pod-security\.kubernetes\.io)\//;

function siteLabels(description: string) {
  return labels(description).check(
    superRefine((m, ctx) => {
      for (const key of Object.keys(m as Record<string, string>)) {
        if (RESERVED_LABEL_KEY.test(key)) {
          ctx.addIssue({ code: 'custom', path: [key], input: key, message: 'expected a key outside app.kubernetes.io/ and pod-security.kubernetes.io/ (the chart sets those)' });
        }
      }
    }),
  );
}

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

const affinity = obj(
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

const keyReference = (kind: string) =>
  obj(
    {
      name: str(f.DNS_SUBDOMAIN, `Name of the ${kind} in the release namespace.`),
      key: str(f.SECRET_KEY, `Key inside the ${kind}.`),
    },
    `A key of a ${kind}.`,
  );

const envVar = obj(
  {
    name: str(f.ENV_NAME, 'Variable name; names the chart sets (POD_NAME, POD_NAMESPACE, SSL_CERT_FILE, AWS_CA_BUNDLE, HTTP(S)_PROXY, NO_PROXY) are refused.'),
    value: described(
      optional(
        string({ error: 'expected a string value (quote numbers and booleans)' }).check(maxLength(32768, { error: 'expected at most 32768 characters' })),
      ),
      'Literal value; never a credential (use secretKeyRef).',
    ),
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

/** A file from a ConfigMap or a Secret, mounted read-only. */
const fileSource = (description: string, keyDescription: string) =>
  obj(
    {
      configMap: optional(str(f.DNS_SUBDOMAIN, 'Name of the ConfigMap that holds it (created by an operator).')),
      secret: optional(str(f.DNS_SUBDOMAIN, 'Name of the Secret that holds it (created by an operator).')),
      key: str(f.SECRET_KEY, keyDescription),
    },
    description,
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

const serviceAnnotations = obj(
  {
    http: optional(annotations('Annotations on the HTTP Service.')),
    grpc: optional(annotations('Annotations on the gRPC Service (for example Traefik\'s "h2c" scheme).')),
    webhook: optional(annotations('Annotations on the webhook Service.')),
    metrics: optional(annotations('Annotations on the metrics Service.')),
  },
  'Annotations on each Service.',
);

const imageOverride = (description: string) => described(optional(string({ error: 'expected an image reference' })), description);

/** The zod (zod/mini) schema of an environment file; `environmentSpec` validates with it. */
export const environmentSchema = obj(
  {
    release: str(f.RELEASE_NAME, 'Release name; objects are named "<release>-flyte-binary[-...]" like the upstream chart.'),
    namespace: str(f.NAMESPACE, 'Namespace Flyte runs in; never a system namespace (default, kube-*).'),
    createNamespace: _default(bool('Render the Namespace object, labelled for the "restricted" Pod Security Standard.'), true),
    flyte: obj({ version: str(f.FLYTE_VERSION, 'Flyte release; the tag of the flyte-binary and co-pilot images.') }, 'Flyte itself.'),
    images: optional(
      obj(
        {
          flyteBinary: imageOverride('Source image of the Flyte binary.'),
          coPilot: imageOverride('Source image of the co-pilot sidecar (referenced from the Flyte config only).'),
          waitForDb: imageOverride('Source image of the wait-for-db init container.'),
        },
        'Source image overrides; full references with a tag.',
      ),
    ),
    registry: optional(
      obj(
        {
          host: str(f.REGISTRY_LOCATION, 'Private registry host (and port) every image is pulled from, optionally with a path prefix under which every repository is created ("harbor.corp.example/flyte": a Harbor project, an Artifactory repository key, an ECR namespace).'),
          pullSecret: optional(
            str(
              f.DNS_SUBDOMAIN,
              'Name of the kubernetes.io/dockerconfigjson Secret used to pull from it (created at deploy time, never rendered); referenced by the Flyte pod and by the default ServiceAccount of every project-domain namespace. Omit it only for an ECR registry ("<account>.dkr.ecr.<region>.amazonaws.com"), which nodes pull from with their IAM role.',
            ),
          ),
          mapping: described(
            _default(zEnum(['path', 'flat'], { error: 'expected "path" (keep the source repository path) or "flat" (last path element only)' }), 'path'),
            'How source repositories map into the registry.',
          ),
        },
        'Private registry that mirrors every image.',
      ),
    ),
    database: obj(
      {
        host: str(f.HOSTNAME, 'PostgreSQL host name.'),
        port: _default(port('PostgreSQL port.'), 5432),
        name: _default(str(f.POSTGRES_IDENTIFIER, 'Database name.'), 'flyte'),
        username: str(f.POSTGRES_IDENTIFIER, 'Database user.'),
        options: _default(str(f.POSTGRES_OPTIONS, 'libpq connection options.'), 'sslmode=require'),
        passwordSecret,
        caBundle: optional(
          fileSource(
            'CA certificates (PEM) that sign the database server certificate, for sslmode=verify-full; mounted read-only and set as sslrootcert.',
            'Key of the PEM file, for example "rds-ca.pem" (the RDS regional bundle).',
          ),
        ),
      },
      'External PostgreSQL database.',
    ),
    auth: optional(authSettings),
    storage: obj(
      {
        provider: described(literal('s3', { error: 'expected "s3"' }), 'Object store provider.'),
        region: str(f.AWS_REGION, 'Region of the buckets.'),
        metadataBucket: str(f.S3_BUCKET, 'Bucket for Flyte metadata.'),
        userDataBucket: str(f.S3_BUCKET, 'Bucket for raw user data (task inputs and outputs).'),
        endpoint: optional(
          str(
            f.HTTPS_ENDPOINT,
            'S3 endpoint URL, for example a VPC interface endpoint "https://bucket.vpce-0a1b2c3d.s3.us-east-1.vpce.amazonaws.com" (Flyte then addresses buckets path-style); omit for the regional endpoint.',
          ),
        ),
      },
      'Object storage.',
    ),
    serviceAccount: obj(
      {
        roleArn: str(f.IAM_ROLE_ARN, 'IAM role the pod assumes (through IRSA or EKS Pod Identity).'),
        credentials: described(
          _default(zEnum(['irsa', 'podIdentity'], { error: 'expected "irsa" (IAM roles for service accounts) or "podIdentity" (EKS Pod Identity)' }), 'irsa'),
          'How pods get their IAM roles, for Flyte and for task pods: "irsa" annotates the ServiceAccounts with the role; "podIdentity" leaves them unannotated and writes Pod Identity associations to dist/<env>/iam/ (needs the eks-pod-identity-agent add-on).',
        ),
      },
      'Kubernetes ServiceAccount of the Flyte binary.',
    ),
    ingress: optional(
      obj(
        {
          host: str(f.INGRESS_HOST, 'Host name of the Flyte console and API (a DNS name; Kubernetes refuses an IP address).'),
          className: str(f.DNS_SUBDOMAIN, 'IngressClass name.'),
          tlsSecret: optional(str(f.DNS_SUBDOMAIN, 'Name of the TLS Secret for the host (created by an operator or cert-manager).')),
          annotations: optional(annotations('Annotations on both Ingresses.')),
          httpAnnotations: optional(annotations('Annotations on the HTTP Ingress only.')),
          grpcAnnotations: optional(annotations('Annotations on the gRPC Ingress only.')),
        },
        'Ingress for the console (HTTP) and the API (gRPC).',
      ),
    ),
    resources: obj({ requests: resourceList('requests'), limits: resourceList('limits') }, 'Resources of every container.'),
    projects: described(
      _default(
        array(
          obj(
            {
              name: str(f.FLYTE_PROJECT, 'Project id; task pods run in the namespace "<project>-<domain>".'),
              description: _default(
                described(string({ error: 'expected a description of at most 300 characters' }).check(maxLength(300, { error: 'expected a description of at most 300 characters' })), 'Shown in the console.'),
                '',
              ),
            },
            'A project Flyte creates at start (upstream "seedProjects").',
          ),
          { error: 'expected a list of projects ({name, description})' },
        ).check(minLength(1, { error: 'expected at least one project' })),
        [{ name: 'flytesnacks', description: 'Default project setup.' }],
      ),
      'Projects Flyte creates at start (upstream "seedProjects"); their ServiceAccounts are the ones the task trust policy names.',
    ),
    domains: described(
      _default(
        array(str(f.FLYTE_DOMAIN, 'Domain id.'), { error: 'expected a list of domain names' }).check(minLength(1, { error: 'expected at least one domain' })),
        ['development', 'staging', 'production'],
      ),
      'Domains of every project (Flyte "domains").',
    ),
    tasks: optional(
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
          namespaceObjects: described(
            optional(array(record(string(), unknown(), { error: 'expected a Kubernetes object (apiVersion, kind, metadata, ...)' }), { error: 'expected a list of Kubernetes objects' })),
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
    ),
    plugins: optional(
      obj(
        {
          enabled: described(
            _default(
              array(described(zEnum(TASK_PLUGINS, { error: `expected one of ${TASK_PLUGINS.join(', ')}` }), 'Plugin id.'), { error: 'expected a list of plugin names' }).check(
                minLength(1, { error: 'expected at least one plugin' }),
              ),
              ['container', 'sidecar', 'k8s-array', 'connector-service', 'echo'],
            ),
            'Task plugins propeller enables (each CRD plugin adds the ClusterRole rights its controller uses).',
          ),
          defaultForTaskTypes: described(
            _default(
              record(str(f.TASK_TYPE, 'Task type.'), zEnum(TASK_PLUGINS, { error: `expected one of ${TASK_PLUGINS.join(', ')}` }), { error: 'expected a map of task types to plugin names' }),
              { container: 'container', sidecar: 'sidecar', container_array: 'k8s-array' },
            ),
            'Plugin that runs each task type.',
          ),
        },
        'Task plugins.',
      ),
    ),
    logs: optional(
      obj(
        {
          cloudwatch: optional(
            obj(
              {
                region: str(f.AWS_REGION, 'Region of the log group.'),
                logGroup: str(f.LOG_GROUP, 'CloudWatch log group the node log agent writes container logs to.'),
              },
              'A CloudWatch Logs link for each task.',
            ),
          ),
          kubernetes: optional(
            obj({ templateUri: str(f.LOG_TEMPLATE_URI, 'Link template, for example "https://dashboard.example.com/#/log/{{ .namespace }}/{{ .podName }}/pod".') }, 'A Kubernetes dashboard link for each task.'),
          ),
          custom: optional(
            described(
              array(
                obj(
                  {
                    displayName: str(f.DISPLAY_NAME, 'Link name shown in the console.'),
                    templateUris: described(
                      array(str(f.LOG_TEMPLATE_URI, 'Link template.'), { error: 'expected a list of link templates' }).check(minLength(1, { error: 'expected at least one link template' })),
                      'Link templates (Flyte variables such as {{ .podName }}, {{ .namespace }}, {{ .containerName }}).',
                    ),
                  },
                  'One custom log link.',
                ),
                { error: 'expected a list of {displayName, templateUris}' },
              ),
              'Custom log links.',
            ),
          ),
        },
        'Log links shown for each task (plugins.logs and the k8s-array plugin).',
      ),
    ),
    flyteConfig: described(
      optional(record(string(), unknown(), { error: 'expected a map of Flyte configuration sections' })),
      'Free-form Flyte configuration for what this schema does not model, written last as 100-inline-config.yaml. No credentials; keys this schema owns are refused.',
    ),
    caBundle: optional(
      fileSource(
        'Trusted CA certificates (PEM) of the Flyte binary, for a TLS-inspecting proxy or internal endpoints: mounted read-only and named by SSL_CERT_FILE (Go) and AWS_CA_BUNDLE (AWS SDK).',
        'Key of the PEM file, for example "ca.crt".',
      ),
    ),
    proxy: optional(
      obj(
        {
          http: optional(str(f.PROXY_URL, 'Proxy for http:// requests (HTTP_PROXY).')),
          https: optional(str(f.PROXY_URL, 'Proxy for https:// requests (HTTPS_PROXY): S3, STS and the OIDC issuer unless listed in noProxy.')),
          noProxy: described(
            _default(array(str(f.NO_PROXY_ENTRY, 'Host, ".domain", IP address or CIDR.'), { error: 'expected a list of NO_PROXY entries' }), []),
            'Destinations reached directly, after the built-in ones (localhost, 0.0.0.0, link-local AWS agents, .svc, .cluster.local): add the Kubernetes service CIDR (the API server address) and VPC endpoint hosts.',
          ),
        },
        'Forward proxy of the Flyte binary (HTTP_PROXY, HTTPS_PROXY, NO_PROXY).',
      ),
    ),
    labels: optional(siteLabels('Labels on every rendered object (cost centre, team); the chart\'s own keys are reserved.')),
    pod: optional(podSettings),
    services: optional(
      obj(
        {
          type: described(
            _default(zEnum(['ClusterIP', 'NodePort'], { error: 'expected "ClusterIP" or "NodePort" (for an AWS load balancer in instance mode)' }), 'ClusterIP'),
            'Type of the HTTP and gRPC Services; NodePort for an AWS Load Balancer Controller in instance mode.',
          ),
          annotations: optional(serviceAnnotations),
        },
        'The Services of the Flyte binary.',
      ),
    ),
    eks: optional(obj({ cluster: str(f.EKS_CLUSTER_NAME, 'EKS cluster name; its facts are read from config/clusters/<cluster>.json.') }, 'The EKS cluster this environment deploys to.')),
    networkPolicy: optional(
      obj(
        {
          enabled: _default(bool('Render a NetworkPolicy for the Flyte pod.'), false),
          ingressNamespaces: described(
            optional(array(str(f.DNS_LABEL, 'Namespace name.'), { error: 'expected a list of namespace names' })),
            'Namespaces allowed to reach the HTTP and gRPC ports (the ingress controller, task pods); omit to allow every namespace.',
          ),
          ingressCidrs: described(
            optional(array(str(f.CIDR, 'CIDR block.'), { error: 'expected a list of CIDR blocks' })),
            'Address ranges allowed to reach the HTTP and gRPC ports from outside the pods: the subnets of an AWS load balancer in IP mode (ALB, NLB).',
          ),
          metricsNamespaces: described(
            _default(array(str(f.DNS_LABEL, 'Namespace name.'), { error: 'expected a list of namespace names' }), ['monitoring']),
            'Namespaces allowed to scrape the metrics port (where Prometheus runs).',
          ),
          egressCidrs: described(
            _default(
              array(str(f.CIDR, 'CIDR block.'), { error: 'expected a list of CIDR blocks' }).check(minLength(1, { error: 'expected at least one CIDR block' })),
              ['0.0.0.0/0'],
            ),
            'Where the pod may connect for the database, S3 and the Kubernetes API.',
          ),
        },
        'Network isolation of the Flyte pod.',
      ),
    ),
    metrics: optional(
      obj(
        {
          serviceMonitor: optional(
            obj(
              {
                enabled: _default(bool('Render a Prometheus Operator ServiceMonitor.'), false),
                interval: _default(str(f.DURATION, 'Scrape interval.'), '30s'),
                labels: _default(labels('Labels the Prometheus serviceMonitorSelector matches.'), {}),
              },
              'Prometheus Operator integration.',
            ),
          ),
        },
        'Prometheus metrics of the Flyte binary.',
      ),
    ),
    policy: optional(
      obj(
        { waivers: described(_default(array(waiver, { error: 'expected a list of waivers' }), []), 'Policy rules this environment relaxes.') },
        'Policy checks run on every synth.',
      ),
    ),
  },
  'An enterprise-flyte environment.',
).check(
  superRefine((env, ctx) => {
    const password = env.database.passwordSecret;
    if (password.source === 'externalSecret' && !password.externalSecret) {
      ctx.addIssue({ code: 'custom', path: ['database', 'passwordSecret', 'externalSecret'], input: undefined, message: 'expected storeName, remoteKey (and optionally storeKind, property, refreshInterval) when source is "externalSecret"' });
    }
    if (password.source === 'existingSecret' && password.externalSecret) {
      ctx.addIssue({ code: 'custom', path: ['database', 'passwordSecret', 'source'], input: password.source, message: 'expected "externalSecret" when an externalSecret block is given (or remove the block)' });
    }
    const auth = env.auth;
    if (auth) {
      const refs = [
        { path: ['auth', 'oidc', 'clientSecret'], ref: auth.oidc.clientSecret },
        { path: ['auth', 'internalClient', 'clientSecret'], ref: auth.internalClient.clientSecret },
      ];
      for (const { path, ref } of refs) {
        if (ref.source === 'externalSecret' && !ref.externalSecret) {
          ctx.addIssue({ code: 'custom', path: [...path, 'externalSecret'], input: undefined, message: 'expected storeName, remoteKey (and optionally storeKind, property, refreshInterval) when source is "externalSecret"' });
        }
        if (ref.source === 'existingSecret' && ref.externalSecret) {
          ctx.addIssue({ code: 'custom', path: [...path, 'source'], input: ref.source, message: 'expected "externalSecret" when an externalSecret block is given (or remove the block)' });
        }
      }
      const [oidc, internal] = [auth.oidc.clientSecret, auth.internalClient.clientSecret];
      if (oidc.name === internal.name && (oidc.source === 'externalSecret' || internal.source === 'externalSecret')) {
        ctx.addIssue({ code: 'custom', path: ['auth', 'internalClient', 'clientSecret', 'name'], input: internal.name, message: 'expected a name other than auth.oidc.clientSecret.name: two ExternalSecrets cannot own one Secret' });
      }
      if (oidc.name === internal.name && oidc.key === internal.key) {
        ctx.addIssue({ code: 'custom', path: ['auth', 'internalClient', 'clientSecret', 'key'], input: internal.key, message: 'expected a key other than auth.oidc.clientSecret.key in the same Secret (the two clients have different secrets)' });
      }
      const generated = `${env.release}-flyte-binary-admin-auth`;
      const database = env.database.passwordSecret;
      for (const { path, ref } of refs) {
        if (ref.name === generated) {
          ctx.addIssue({ code: 'custom', path: [...path, 'name'], input: ref.name, message: `expected a name other than "${generated}" (Flyte keeps its generated keys in that Secret)` });
        }
        if (ref.name === database.name && (ref.source === 'externalSecret' || database.source === 'externalSecret')) {
          ctx.addIssue({ code: 'custom', path: [...path, 'name'], input: ref.name, message: 'expected a name other than database.passwordSecret.name when either is synced (two ExternalSecrets cannot own one Secret)' });
        }
      }
      const server = auth.authorizationServer;
      const external = server?.type === 'external';
      if (external && server?.issuer === undefined) {
        ctx.addIssue({ code: 'custom', path: ['auth', 'authorizationServer', 'issuer'], input: undefined, message: 'expected the base URL of the external authorization server when type is "external"' });
      }
      if (!external && (server?.issuer !== undefined || server?.audience !== undefined)) {
        ctx.addIssue({ code: 'custom', path: ['auth', 'authorizationServer', 'type'], input: server?.type ?? 'internal', message: 'expected "external" when issuer or audience is given (the internal server takes neither)' });
      }
      if (external && internal.externalSecret?.hashProperty !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['auth', 'internalClient', 'clientSecret', 'externalSecret', 'hashProperty'], input: internal.externalSecret.hashProperty, message: 'expected no hash with an external authorization server (only the internal server checks it)' });
      }
      if (!external && internal.source === 'externalSecret' && internal.externalSecret && internal.externalSecret.hashProperty === undefined) {
        ctx.addIssue({ code: 'custom', path: ['auth', 'internalClient', 'clientSecret', 'externalSecret', 'hashProperty'], input: undefined, message: 'expected the JSON property that holds the bcrypt hash (the internal authorization server checks the client secret against it)' });
      }
    }
    env.pod?.tolerations?.forEach((t, i) => {
      if (t.operator === 'Exists' && t.value !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['pod', 'tolerations', i, 'value'], input: t.value, message: 'expected no value with operator "Exists"' });
      }
      if (t.key === undefined && t.operator !== 'Exists') {
        ctx.addIssue({ code: 'custom', path: ['pod', 'tolerations', i, 'key'], input: undefined, message: 'expected a key (only operator "Exists" may omit it)' });
      }
      if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
        ctx.addIssue({ code: 'custom', path: ['pod', 'tolerations', i, 'tolerationSeconds'], input: t.tolerationSeconds, message: 'expected only with effect "NoExecute"' });
      }
    });
    const ingress = env.ingress;
    if (ingress) {
      // The HTTP and gRPC Ingresses each carry the shared annotations and their own.
      for (const which of ['httpAnnotations', 'grpcAnnotations'] as const) {
        if (annotationBytes(ingress.annotations, ingress[which]) > ANNOTATIONS_MAX_BYTES) {
          ctx.addIssue({ code: 'custom', path: ['ingress', which], input: new Shown(`annotations of ${annotationBytes(ingress.annotations, ingress[which])} bytes`), message: `expected at most ${ANNOTATIONS_MAX_BYTES} bytes of annotations together with ingress.annotations (the Kubernetes limit)` });
        }
      }
    }
    for (const kind of ['cpu', 'memory'] as const) {
      const req = env.resources.requests[kind];
      const lim = env.resources.limits[kind];
      // Malformed quantities are reported by their own fields.
      if (f.matches(f.QUANTITY, req) && f.matches(f.QUANTITY, lim) && compareQuantities(req, lim) > 0) {
        ctx.addIssue({ code: 'custom', path: ['resources', 'requests', kind], input: req, message: `expected at most the limit (${lim})` });
      }
    }
    const registry = env.registry;
    if (registry && registry.pullSecret === undefined && !f.matches(f.ECR_HOST, f.registryServer(registry.host))) {
      ctx.addIssue({ code: 'custom', path: ['registry', 'pullSecret'], input: undefined, message: 'expected the name of the pull Secret; only an ECR registry ("<account>.dkr.ecr.<region>.amazonaws.com") may go without one' });
    }
    if (env.proxy && env.proxy.http === undefined && env.proxy.https === undefined) {
      ctx.addIssue({ code: 'custom', path: ['proxy'], input: env.proxy, message: 'expected http, https or both' });
    }
    for (const issue of [...checkTasks(env), ...checkFlyteConfig(env.flyteConfig), ...checkContainer(env)]) ctx.addIssue({ code: 'custom', ...issue });
    for (const issue of namespaceObjectIssues((env.tasks?.namespaceObjects ?? []) as unknown as NamespaceObject[], CHART_TEMPLATE_OBJECTS)) ctx.addIssue({ code: 'custom', ...issue });
  }),
);

/** The environment file as written (before defaults). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with defaults applied. */
export type EnvironmentSpec = z.output<typeof environmentSchema>;

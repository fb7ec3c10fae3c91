import type { z } from 'zod';
import { array, boolean, config, int, literal, maxLength, preprocess, record, refine, regex, strictObject, string, enum as zEnum } from 'zod';
import * as f from './formats';
import { compareQuantities } from './quantity';

// Each file is validated once per run: zod's compiled fast path costs more to build than it saves.
config({ jitless: true });

/** A string field of the given format; `description` is shown in values.yaml and values.schema.json. */
export function str(format: f.Format, description: string) {
  const error = `expected ${format.allowed}`;
  // One check() call: each chained method would copy the schema (the schema is built at start-up).
  return string({ error })
    .check(
      regex(format.pattern, { error }),
      ...(format.maxLength !== undefined ? [maxLength(format.maxLength, { error })] : []),
      ...(format.check ? [refine((v: unknown) => format.check!(v as string), { error })] : []),
    )
    .meta({ description });
}

function port(description: string) {
  const error = 'expected an integer from 1 to 65535';
  return int({ error }).min(1, { error }).max(65535, { error }).meta({ description });
}

function bool(description: string) {
  return boolean({ error: 'expected true or false' }).meta({ description });
}

/** Quantities are strings in Kubernetes; YAML turns `cpu: 1` into a number, so accept and stringify it. */
function quantity(description: string) {
  return preprocess((v) => (typeof v === 'number' ? String(v) : v), str(f.QUANTITY, description));
}

function labels(description: string) {
  const keyError = `expected keys that are ${f.LABEL_KEY.allowed}`;
  return record(string().regex(f.LABEL_KEY.pattern, { error: keyError }).max(f.LABEL_KEY.maxLength!, { error: keyError }), str(f.LABEL_VALUE, 'Label value.'), {
      // A bad key is reported at the record: say what is wrong with the key, not with the map.
      error: (issue) => (issue.code === 'invalid_key' ? keyError : 'expected a map of label keys to values'),
    })
    .meta({ description });
}

function annotations(description: string) {
  const keyError = `expected keys that are ${f.LABEL_KEY.allowed}`;
  return record(
      string().regex(f.LABEL_KEY.pattern, { error: keyError }).max(f.LABEL_KEY.maxLength!, { error: keyError }),
      string({ error: 'expected a string annotation value (quote numbers and booleans)' }).max(4096),
      { error: (issue) => (issue.code === 'invalid_key' ? keyError : 'expected a map of annotation keys to string values') },
    )
    .meta({ description });
}

function obj<T extends z.ZodRawShape>(shape: T, description: string) {
  return strictObject(shape, { error: 'expected a map' }).meta({ description });
}

const resourceList = (which: string) =>
  obj(
    {
      cpu: quantity(`CPU ${which} of each container, for example "1" or "500m".`),
      memory: quantity(`Memory ${which} of each container, for example "1Gi".`),
    },
    `Container ${which}.`,
  );

const passwordSecret = obj(
  {
    name: str(f.DNS_SUBDOMAIN, 'Name of the Secret, in the release namespace, that holds the database password. Created by an operator (or by the ExternalSecret below); never by this chart.'),
    key: str(f.SECRET_KEY, 'Key of the password inside that Secret; mounted read-only as /etc/db-secret/password.'),
    source: zEnum(['existingSecret', 'externalSecret'], { error: 'expected "existingSecret" (an operator creates the Secret) or "externalSecret" (synced from AWS Secrets Manager)' })
      .default('existingSecret')
      .meta({ description: 'Who creates the Secret: an operator ("existingSecret") or the External Secrets Operator from AWS Secrets Manager ("externalSecret").' }),
    externalSecret: obj(
      {
        storeName: str(f.DNS_SUBDOMAIN, 'Name of the SecretStore or ClusterSecretStore (External Secrets Operator) that reads AWS Secrets Manager.'),
        storeKind: zEnum(['SecretStore', 'ClusterSecretStore'], { error: 'expected "SecretStore" or "ClusterSecretStore"' }).default('ClusterSecretStore').meta({ description: 'Kind of the store.' }),
        remoteKey: string({ error: 'expected a Secrets Manager secret name or ARN' })
          .regex(/^[A-Za-z0-9/_+=.@:-]{1,2048}$/, { error: 'expected a Secrets Manager secret name or ARN: letters, digits and /_+=.@:-' })
          .meta({ description: 'Name (or ARN) of the secret in AWS Secrets Manager.' }),
        property: string({ error: 'expected a JSON property name' })
          .regex(/^[A-Za-z0-9_.-]{1,256}$/, { error: 'expected a JSON property name: letters, digits, "_", "." or "-"' })
          .optional()
          .meta({ description: 'JSON property of the secret value that holds the password; omit when the whole value is the password.' }),
        refreshInterval: str(f.DURATION, 'How often the operator re-reads the secret.').default('1h'),
      },
      'Where the External Secrets Operator reads the password; required when source is "externalSecret".',
    ).optional(),
  },
  'The database password. Only a reference is stored; the value never appears in Git or in the rendered output.',
);

const waiver = obj(
  {
    rule: string({ error: 'expected a policy rule id such as "image-registry"' }).regex(/^[a-z0-9-]+$/, { error: 'expected a policy rule id such as "image-registry"' }).meta({ description: 'Id of the rule to relax.' }),
    object: string({ error: 'expected "<Kind>/<name>"' })
      .regex(/^[A-Za-z]+\/[a-z0-9.-]+$/, { error: 'expected "<Kind>/<name>", for example "Deployment/flyte-backend-flyte-binary"' })
      .optional()
      .meta({ description: 'Limit the waiver to one object ("<Kind>/<name>"); omit to waive the rule for every object.' }),
    reason: string({ error: 'expected a reason of at least 10 characters' }).trim().min(10, { error: 'expected a reason of at least 10 characters' }).meta({ description: 'Why the site must relax the rule; shown in every synth report.' }),
  },
  'A policy rule this environment relaxes, with the reason.',
);

export const environmentSchema = obj(
  {
    release: str(f.RELEASE_NAME, 'Release name; objects are named "<release>-flyte-binary[-...]" like the upstream chart.'),
    namespace: str(f.DNS_LABEL, 'Namespace Flyte runs in.'),
    createNamespace: bool('Render the Namespace object, labelled for the "restricted" Pod Security Standard.').default(true),
    flyte: obj({ version: str(f.FLYTE_VERSION, 'Flyte release; the tag of the flyte-binary and co-pilot images.') }, 'Flyte itself.'),
    images: obj(
      {
        flyteBinary: string({ error: 'expected an image reference' }).optional().meta({ description: 'Source image of the Flyte binary.' }),
        coPilot: string({ error: 'expected an image reference' }).optional().meta({ description: 'Source image of the co-pilot sidecar (referenced from the Flyte config only).' }),
        waitForDb: string({ error: 'expected an image reference' }).optional().meta({ description: 'Source image of the wait-for-db init container.' }),
      },
      'Source image overrides; full references with a tag.',
    ).optional(),
    registry: obj(
      {
        host: str(f.REGISTRY_HOST, 'Private registry host (and port) every image is pulled from.'),
        pullSecret: str(f.DNS_SUBDOMAIN, 'Name of the kubernetes.io/dockerconfigjson Secret used to pull from it (created at deploy time, never rendered).'),
        mapping: zEnum(['path', 'flat'], { error: 'expected "path" (keep the source repository path) or "flat" (last path element only)' }).default('path').meta({ description: 'How source repositories map into the registry.' }),
      },
      'Private registry that mirrors every image.',
    ).optional(),
    database: obj(
      {
        host: str(f.HOSTNAME, 'PostgreSQL host name.'),
        port: port('PostgreSQL port.').default(5432),
        name: str(f.POSTGRES_IDENTIFIER, 'Database name.').default('flyte'),
        username: str(f.POSTGRES_IDENTIFIER, 'Database user.'),
        options: str(f.POSTGRES_OPTIONS, 'libpq connection options.').default('sslmode=require'),
        passwordSecret,
      },
      'External PostgreSQL database.',
    ),
    storage: obj(
      {
        provider: literal('s3', { error: 'expected "s3"' }).meta({ description: 'Object store provider.' }),
        region: str(f.AWS_REGION, 'Region of the buckets.'),
        metadataBucket: str(f.S3_BUCKET, 'Bucket for Flyte metadata.'),
        userDataBucket: str(f.S3_BUCKET, 'Bucket for raw user data (task inputs and outputs).'),
      },
      'Object storage.',
    ),
    serviceAccount: obj({ roleArn: str(f.IAM_ROLE_ARN, 'IAM role the pod assumes through IRSA.') }, 'Kubernetes ServiceAccount of the Flyte binary.'),
    ingress: obj(
      {
        host: str(f.DNS_SUBDOMAIN, 'Host name of the Flyte console and API.'),
        className: str(f.DNS_SUBDOMAIN, 'IngressClass name.'),
        tlsSecret: str(f.DNS_SUBDOMAIN, 'Name of the TLS Secret for the host (created by an operator or cert-manager).').optional(),
        annotations: annotations('Annotations on both Ingresses.').optional(),
        httpAnnotations: annotations('Annotations on the HTTP Ingress only.').optional(),
        grpcAnnotations: annotations('Annotations on the gRPC Ingress only.').optional(),
      },
      'Ingress for the console (HTTP) and the API (gRPC).',
    ).optional(),
    resources: obj({ requests: resourceList('requests'), limits: resourceList('limits') }, 'Resources of every container.'),
    eks: obj({ cluster: str(f.EKS_CLUSTER_NAME, 'EKS cluster name; its facts are read from config/clusters/<cluster>.json.') }, 'The EKS cluster this environment deploys to.').optional(),
    networkPolicy: obj(
      {
        enabled: bool('Render a NetworkPolicy for the Flyte pod.').default(false),
        ingressNamespaces: array(str(f.DNS_LABEL, 'Namespace name.'), { error: 'expected a list of namespace names' })
          .optional()
          .meta({ description: 'Namespaces allowed to reach the HTTP and gRPC ports (the ingress controller, task pods); omit to allow every namespace.' }),
        metricsNamespaces: array(str(f.DNS_LABEL, 'Namespace name.'), { error: 'expected a list of namespace names' })
          .default(['monitoring'])
          .meta({ description: 'Namespaces allowed to scrape the metrics port (where Prometheus runs).' }),
        egressCidrs: array(str(f.CIDR, 'CIDR block.'), { error: 'expected a list of CIDR blocks' })
          .min(1, { error: 'expected at least one CIDR block' })
          .default(['0.0.0.0/0'])
          .meta({ description: 'Where the pod may connect for the database, S3 and the Kubernetes API.' }),
      },
      'Network isolation of the Flyte pod.',
    ).optional(),
    metrics: obj(
      {
        serviceMonitor: obj(
          {
            enabled: bool('Render a Prometheus Operator ServiceMonitor.').default(false),
            interval: str(f.DURATION, 'Scrape interval.').default('30s'),
            labels: labels('Labels the Prometheus serviceMonitorSelector matches.').default({}),
          },
          'Prometheus Operator integration.',
        ).optional(),
      },
      'Prometheus metrics of the Flyte binary.',
    ).optional(),
    policy: obj(
      { waivers: array(waiver, { error: 'expected a list of waivers' }).default([]).meta({ description: 'Policy rules this environment relaxes.' }) },
      'Policy checks run on every synth.',
    ).optional(),
  },
  'An enterprise-flyte environment.',
).superRefine((env, ctx) => {
  const password = env.database.passwordSecret;
  if (password.source === 'externalSecret' && !password.externalSecret) {
    ctx.addIssue({ code: 'custom', path: ['database', 'passwordSecret', 'externalSecret'], input: undefined, message: 'expected storeName, remoteKey (and optionally storeKind, property, refreshInterval) when source is "externalSecret"' });
  }
  if (password.source === 'existingSecret' && password.externalSecret) {
    ctx.addIssue({ code: 'custom', path: ['database', 'passwordSecret', 'source'], input: password.source, message: 'expected "externalSecret" when an externalSecret block is given (or remove the block)' });
  }
  for (const kind of ['cpu', 'memory'] as const) {
    const req = env.resources.requests[kind];
    const lim = env.resources.limits[kind];
    // Malformed quantities are reported by their own fields.
    if (f.matches(f.QUANTITY, req) && f.matches(f.QUANTITY, lim) && compareQuantities(req, lim) > 0) {
      ctx.addIssue({ code: 'custom', path: ['resources', 'requests', kind], input: req, message: `expected at most the limit (${lim})` });
    }
  }
});

/** The environment file as written (before defaults). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with defaults applied. */
export type EnvironmentSpec = z.output<typeof environmentSchema>;

import type { IConstruct } from 'constructs';
import { quoted, toYaml } from '../synth/yaml';
import { taskLogLinks, TaskLogLinksProps } from './task-log-links';
import { CustomData, customDataList, TaskResourceSet } from './task-namespaces';
import { propsError } from './errors';

/** Ports of the Flyte binary. */
export const FLYTE_PORTS = { http: 8088, grpc: 8089, webhook: 9443, metrics: 10254 } as const;

/** Where the pod mounts things; the config refers to these paths. */
export const FLYTE_PATHS = {
  config: '/etc/flyte/config.d',
  clusterResourceTemplates: '/etc/flyte/cluster-resource-templates',
  state: '/var/run/flyte',
  webhookCerts: '/var/run/flyte/certs',
  dbSecret: '/etc/db-secret',
  /** Flyte's secret manager reads auth secrets from here (secrets.secrets-prefix). */
  authSecrets: '/etc/secrets',
  /** In-memory folder where the init container generates the auth server's keys. */
  authInit: '/tmp/admin-auth-secret',
  /** The init container's read-only view of the auth Secrets, as they were when the pod started. */
  authSources: '/etc/flyte-auth-sources',
  tmp: '/tmp',
} as const;

/** The Secret the webhook keeps its certificate in (flytepropeller/pkg/webhook/init_cert.go). */
export const webhookSecretName = (fullName: string) => `${fullName}-webhook-secret`;
/**
 * Flyte's log levels (flytestdlib v1.16.8 logger/config.go: logrus levels, panic 0 to debug 5);
 * each shows its own and every more severe level.
 */
export const FLYTE_LOG_LEVELS = { error: 2, warn: 3, info: 4, debug: 5 } as const;
export type FlyteLogLevel = keyof typeof FLYTE_LOG_LEVELS;

/** File name of the password inside the database Secret mount. */
export const DB_PASSWORD_FILE = 'password';

export interface FlyteConfigProps {
  /** `<release>-flyte-binary`. */
  readonly fullName: string;
  /**
   * The Service the API server calls the webhook through (`FlyteServices.webhook`).
   * @default - `<fullName>-webhook`, port 443
   */
  readonly webhookService?: { readonly name: string; readonly port: number };
  readonly coPilotImage: string;
  readonly database: {
    readonly host: string;
    readonly port: number;
    readonly name: string;
    readonly username: string;
    readonly options: string;
  };
  readonly storage: {
    readonly region: string;
    readonly metadataBucket: string;
    readonly userDataBucket: string;
    /** @default - the regional endpoint */
    readonly endpoint?: string;
  };
  /** @default - the upstream chart's one project, flytesnacks */
  readonly projects?: ReadonlyArray<{ readonly name: string; readonly description: string }>;
  /** @default ['development', 'staging', 'production'] */
  readonly domains?: readonly string[];
  /** `cluster_resources.customData`. @default - none */
  readonly customData?: CustomData;
  /** Flyte `task_resources`. @default - Flyte's own defaults */
  readonly taskResources?: { readonly defaults: TaskResourceSet; readonly limits: TaskResourceSet };
  /** @default - the upstream chart's plugins (DEFAULT_TASK_PLUGINS) */
  readonly plugins?: { readonly enabled: readonly string[]; readonly defaultForTaskTypes: Readonly<Record<string, string>> };
  /** @default - no log links */
  readonly logs?: TaskLogLinksProps;
  /**
   * Flyte's `logger.level`.
   * @default 'warn' - errors and warnings (a refused quota, an unreachable OIDC issuer)
   */
  readonly logLevel?: FlyteLogLevel;
  /**
   * Authentication: the `auth`/`server.security` file and propeller's client keys of `admin`.
   * @default - no authentication
   */
  readonly auth?: { readonly configFile: string; readonly adminClient: Readonly<Record<string, unknown>> };
  /** Free-form configuration written last (images already rewritten). @default - none */
  readonly inlineConfig?: Readonly<Record<string, unknown>>;
  /** Every task container's extra environment (`plugins.k8s.default-env-vars`). @default - none */
  readonly taskEnv?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** The default PodTemplate of task pods (`plugins.k8s.default-pod-template-name`). @default - none */
  readonly taskPodTemplate?: string;
}

/** The upstream chart's task plugins. */
export const DEFAULT_TASK_PLUGINS = {
  enabled: ['container', 'sidecar', 'k8s-array', 'connector-service', 'echo'],
  defaultForTaskTypes: { container: 'container', sidecar: 'sidecar', container_array: 'k8s-array' },
} as const;

export const DEFAULT_PROJECTS = [{ name: 'flytesnacks', description: 'Default project setup.' }] as const;
export const DEFAULT_DOMAINS = ['development', 'staging', 'production'] as const;

/** File of the authentication settings (upstream: 004-auth.yaml, a name this chart gives the task settings). */
export const AUTH_CONFIG_FILE = '005-auth.yaml';

/** File of the free-form configuration: the upstream chart's name for its `inline` values. */
export const INLINE_CONFIG_FILE = '100-inline-config.yaml';

function taskResourceSet(set: TaskResourceSet): Record<string, unknown> {
  return {
    cpu: quoted(set.cpu),
    memory: quoted(set.memory),
    ...(set.gpu !== undefined ? { gpu: quoted(set.gpu) } : {}),
    ...(set.ephemeralStorage !== undefined ? { ephemeralStorage: quoted(set.ephemeralStorage) } : {}),
  };
}

function logLevel(level: FlyteLogLevel = 'warn', scope?: IConstruct): number {
  if (!Object.prototype.hasOwnProperty.call(FLYTE_LOG_LEVELS, level)) {
    throw propsError(scope, 'logLevel', `${JSON.stringify(level)} is not allowed; expected ${Object.keys(FLYTE_LOG_LEVELS).map((l) => JSON.stringify(l)).join(', ')}`);
  }
  return FLYTE_LOG_LEVELS[level];
}

/**
 * The Flyte configuration files, with the same files and keys as the upstream flyte-binary
 * chart (v1.16.8) writes into its `-config` ConfigMap. Site values are always double-quoted so
 * that the plain manifests and the Helm chart render the same text. Errors name FlyteBinary's
 * fields, after the path of `scope` when given.
 */
export function flyteConfigFiles(props: FlyteConfigProps, scope?: IConstruct): Record<string, string> {
  const logs = taskLogLinks(props.logs, scope);
  const files: Record<string, string> = {
    '000-core.yaml': toYaml(coreConfig(props, logLevel(props.logLevel, scope))),
    '001-plugins.yaml': toYaml(pluginsConfig(props, logs)),
    '002-database.yaml': toYaml(databaseConfig(props.database)),
    '003-storage.yaml': toYaml(storageConfig(props.storage)),
    '004-tasks.yaml': toYaml(tasksConfig(props)),
  };
  if (props.auth) files[AUTH_CONFIG_FILE] = props.auth.configFile;
  if (props.inlineConfig && Object.keys(props.inlineConfig).length > 0) files[INLINE_CONFIG_FILE] = toYaml(props.inlineConfig);
  return files;
}

/** `000-core.yaml`: admin, propeller, the webhook and what admin seeds. */
function coreConfig(props: FlyteConfigProps, level: number): Record<string, unknown> {
  const { fullName } = props;
  const projects = props.projects ?? DEFAULT_PROJECTS;
  return {
    admin: { ...props.auth?.adminClient, endpoint: `localhost:${FLYTE_PORTS.grpc}`, insecure: true },
    'catalog-cache': { endpoint: 'localhost:8081', insecure: true, type: 'datacatalog' },
    cluster_resources: { standaloneDeployment: false, templatePath: FLYTE_PATHS.clusterResourceTemplates },
    logger: { 'show-source': true, level },
    propeller: {
      // The CRD ships with the release instead, so the binary needs no cluster-wide CRD rights.
      'create-flyteworkflow-crd': false,
      // Serves /metrics for the whole binary; pinned so the container port and Service agree.
      'prof-port': FLYTE_PORTS.metrics,
    },
    flyteadmin: {
      // The annotation key flyteadmin writes an execution's IAM role under, on its FlyteWorkflow
      // (flyteadmin v1.16.8 pkg/workflowengine/impl/prepare_execution.go addPermissions); unset,
      // the key is empty and the API server refuses the workflow. Inert on pods under IRSA and
      // Pod Identity (roles come from ServiceAccounts), unlike upstream eks-production.yaml's
      // kube2iam key "iam.amazonaws.com/role", which kube2iam would act on.
      roleNameKey: 'eks.amazonaws.com/role-arn',
    },
    webhook: {
      certDir: FLYTE_PATHS.webhookCerts,
      localCert: true,
      secretName: webhookSecretName(fullName),
      serviceName: props.webhookService?.name ?? `${fullName}-webhook`,
      servicePort: props.webhookService?.port ?? 443,
    },
    flyte: {
      admin: {
        disableClusterResourceManager: false,
        disableScheduler: false,
        disabled: false,
        seedProjects: projects.map((p) => quoted(p.name)),
        seedProjectsWithDetails: projects.map((p) => ({ description: quoted(p.description), name: quoted(p.name) })),
      },
      dataCatalog: { disabled: false },
      propeller: { disableWebhook: false, disabled: false },
    },
  };
}

/** `001-plugins.yaml`: task plugins, log links, co-pilot and task pods' defaults. */
function pluginsConfig(props: FlyteConfigProps, logs: Record<string, unknown>): Record<string, unknown> {
  const plugins = props.plugins ?? DEFAULT_TASK_PLUGINS;
  return {
    tasks: {
      'task-plugins': {
        'default-for-task-types': { ...plugins.defaultForTaskTypes },
        'enabled-plugins': [...plugins.enabled],
      },
    },
    plugins: {
      logs,
      k8s: {
        'co-pilot': { image: quoted(props.coPilotImage) },
        // A finalizer keeps a task pod until propeller has read its end (upstream
        // eks-production.yaml): a pod deleted by a node scale-down is not a system failure.
        'inject-finalizer': true,
        // A list of one-key maps, as upstream writes it: Flyte's loader lower-cases map keys, and
        // variable names must keep their case (flytestdlib/config with viper; mapstructure merges the list).
        ...(props.taskEnv && props.taskEnv.length > 0 ? { 'default-env-vars': props.taskEnv.map((e) => ({ [e.name]: quoted(e.value) })) } : {}),
        ...(props.taskPodTemplate !== undefined ? { 'default-pod-template-name': quoted(props.taskPodTemplate) } : {}),
      },
      'k8s-array': { logs: { config: logs } },
    },
  };
}

/** `002-database.yaml`. */
function databaseConfig(db: FlyteConfigProps['database']): Record<string, unknown> {
  return {
    database: {
      postgres: {
        username: quoted(db.username),
        host: quoted(db.host),
        port: db.port,
        dbname: quoted(db.name),
        options: quoted(db.options),
        passwordPath: `${FLYTE_PATHS.dbSecret}/${DB_PASSWORD_FILE}`,
      },
    },
  };
}

/** `003-storage.yaml`. */
function storageConfig(storage: FlyteConfigProps['storage']): Record<string, unknown> {
  return {
    propeller: { 'rawoutput-prefix': quoted(`s3://${storage.userDataBucket}/data`) },
    storage: {
      type: 'stow',
      stow: {
        kind: 's3',
        // With an endpoint, stow addresses buckets path-style ("https://<endpoint>/<bucket>/<key>").
        config: { region: quoted(storage.region), disable_ssl: false, v2_signing: false, auth_type: 'iam', ...(storage.endpoint !== undefined ? { endpoint: quoted(storage.endpoint) } : {}) },
      },
      container: quoted(storage.metadataBucket),
    },
  };
}

/** `004-tasks.yaml`: domains, the namespace templates' variables, task resources. */
function tasksConfig(props: FlyteConfigProps): Record<string, unknown> {
  return {
    domains: (props.domains ?? DEFAULT_DOMAINS).map((d) => ({ id: quoted(d), name: quoted(d) })),
    ...(props.customData && Object.keys(props.customData).length > 0 ? { cluster_resources: { customData: customDataList(props.customData) } } : {}),
    ...(props.taskResources
      ? { task_resources: { defaults: taskResourceSet(props.taskResources.defaults), limits: taskResourceSet(props.taskResources.limits) } }
      : {}),
  };
}

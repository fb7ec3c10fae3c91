import { createHash } from 'crypto';
import { Construct, IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { AWS_REGION, FLYTE_VERSION, HOSTNAME, HTTPS_ENDPOINT, POSTGRES_IDENTIFIER, POSTGRES_OPTIONS, QUANTITY, RELEASE_NAME, S3_BUCKET, DNS_LABEL, DNS_SUBDOMAIN } from '../config/formats';
import { compareQuantities } from '../config/quantity';
import { defaultSourceImages, SourceImages } from '../images/defaults';
import { ImageReference } from '../images/reference';
import { DatabasePassword } from './database-password';
import { FlyteAuth, FlyteAuthProps } from './flyte-auth';
import { CaBundle } from './ca-bundle';
import { containerEnv, EnvVarSetting, ProxySettings, taskPodEnv } from './container-env';
import { FlyteAffinity, podAffinity } from './pod-affinity';
import { flyteProbes, FlyteProbeSettings } from './probes';
import { FlyteClusterRole } from './flyte-cluster-role';
import { FlyteSecretsRole } from './flyte-secrets-role';
import { isImageKey } from '../config/flyte-config-rules';
import { DEFAULT_DOMAINS, DEFAULT_PROJECTS, DEFAULT_TASK_PLUGINS, flyteConfigFiles, FlyteLogLevel, FLYTE_PATHS, FLYTE_PORTS, INLINE_CONFIG_FILE, webhookSecretName } from './flyte-config';
import { FlyteIngress } from './flyte-ingress';
import { IrsaServiceAccount } from './irsa-service-account';
import { commonLabels, selectorLabels } from './labels';
import { PrivateRegistry } from './private-registry';
import type { TaskLogLinksProps } from './task-log-links';
import type { NamespaceObject } from './namespace-objects';
import { PodSecurityLevel, TaskNamespaces, taskPodSecurityLabels, TaskResourceSet } from './task-namespaces';
import { FLYTEKIT_UID, TaskPodTemplate } from './task-pod-template';
import { SparkDriverClusterRole } from './task-plugin-rbac';
import { assertPortProp, assertProp, propsError, withPath } from './errors';

/** Non-root user and group of the upstream chart's optional pod security context (nobody). */
export const FLYTE_UID = 65534;

/**
 * Seconds between SIGTERM and SIGKILL. The binary does not exit on SIGTERM by itself (propeller,
 * the scheduler and data catalog keep running); only admin's servers drain, for at most
 * `server.gracefulShutdownTimeoutSeconds` (10 s by default, flyteadmin/pkg/config/config.go and
 * flyteadmin/pkg/server/service.go, v1.16.8). 10 s plus a margin: every Recreate rollout waits this
 * long, and nothing is lost at SIGKILL (workflow state is in the FlyteWorkflow objects and the database).
 */
export const FLYTE_TERMINATION_GRACE_SECONDS = 15;

export interface FlyteDatabaseProps {
  readonly host: string;
  /** @default 5432 */
  readonly port?: number;
  /** @default 'flyte' */
  readonly name?: string;
  readonly username: string;
  /** @default 'sslmode=require' */
  readonly options?: string;
  readonly password: DatabasePassword;
  /**
   * CAs of the database server, mounted and added to the options as `sslrootcert`.
   * @default - none: libpq's defaults (no sslrootcert)
   */
  readonly caBundle?: CaBundle;
}

export interface FlyteStorageProps {
  readonly region: string;
  readonly metadataBucket: string;
  readonly userDataBucket: string;
  /**
   * S3 endpoint URL (https), for example a VPC interface endpoint; buckets are then addressed path-style.
   * @default - the regional endpoint
   */
  readonly endpoint?: string;
}

export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface FlyteIngressOptions {
  readonly host: string;
  readonly className: string;
  /** @default - no TLS */
  readonly tlsSecret?: string;
  /** @default - none */
  readonly annotations?: Record<string, string>;
  /** @default - none */
  readonly httpAnnotations?: Record<string, string>;
  /** @default - none */
  readonly grpcAnnotations?: Record<string, string>;
}

export interface FlyteToleration {
  /** @default - every key (operator Exists) */
  readonly key?: string;
  /** @default 'Equal' */
  readonly operator?: 'Equal' | 'Exists';
  /** @default - none */
  readonly value?: string;
  /** @default - every effect */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** @default - for ever */
  readonly tolerationSeconds?: number;
}

export interface FlyteTopologySpread {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** @default 'ScheduleAnyway' */
  readonly whenUnsatisfiable?: 'DoNotSchedule' | 'ScheduleAnyway';
}

/** Where the Flyte pod runs, and its own metadata. */
export interface FlytePodOptions {
  /** @default - any node */
  readonly nodeSelector?: Record<string, string>;
  /** @default - none */
  readonly tolerations?: readonly FlyteToleration[];
  /** Spread constraints over the Flyte pods (the selector). @default - none */
  readonly topologySpreadConstraints?: readonly FlyteTopologySpread[];
  /** @default - the cluster's default priority */
  readonly priorityClassName?: string;
  /** Pod template annotations, besides the checksums. @default - none */
  readonly annotations?: Record<string, string>;
  /** Pod template labels; the chart's own labels win. @default - none */
  readonly labels?: Record<string, string>;
  /** Node affinity and pod (anti-)affinity. @default - none */
  readonly affinity?: FlyteAffinity;
  /** Extra environment variables of the Flyte container (after the chart's own). @default - none */
  readonly env?: readonly EnvVarSetting[];
  /** Probe timings. @default - the upstream chart's probes, no startup probe */
  readonly probes?: FlyteProbeSettings;
}

export interface FlyteServiceOptions {
  /** Type of the HTTP and gRPC Services. @default 'ClusterIP' */
  readonly type?: 'ClusterIP' | 'NodePort';
  /** Annotations by Service. @default - none */
  readonly annotations?: {
    readonly http?: Record<string, string>;
    readonly grpc?: Record<string, string>;
    readonly webhook?: Record<string, string>;
    readonly metrics?: Record<string, string>;
  };
}

/** Authentication settings; names and URLs of this release are filled in by FlyteBinary. */
export type FlyteAuthOptions = Omit<FlyteAuthProps, 'fullName' | 'namespace' | 'serviceUris' | 'labels'>;

/** One image a pod of the deployment can run. */
export interface ImageUse {
  /** What runs it: `flyte-binary`, `co-pilot` or `wait-for-db`. */
  readonly role: string;
  /** Where the reference appears in the rendered objects. */
  readonly usedIn: string;
  /** The upstream image. */
  readonly source: ImageReference;
  /** What the cluster pulls: the mirrored reference, pinned by digest when known. */
  readonly target: ImageReference;
}

export interface FlyteBinaryProps {
  /** Release name; objects are named `<release>-flyte-binary[-...]` like the upstream chart. */
  readonly release: string;
  readonly namespace: string;
  /** Flyte version: the default image tag and the `app.kubernetes.io/version` label. */
  readonly version: string;
  readonly serviceAccount: IrsaServiceAccount;
  readonly database: FlyteDatabaseProps;
  readonly storage: FlyteStorageProps;
  /** Requests and limits of every container (the init container too, like upstream). */
  readonly resources: ContainerResources;
  /**
   * Source images.
   * @default - the upstream images of `version` (see `defaultSourceImages`)
   */
  readonly images?: Partial<SourceImages>;
  /**
   * Mirror every image, including the co-pilot image inside the Flyte config, into this registry.
   * @default - images are pulled from their source registries
   */
  readonly registry?: PrivateRegistry;
  /**
   * Digests of source images (`registry/repository:tag` -> `sha256:...`); images with a digest
   * are referenced by digest.
   * @default - none
   */
  readonly digests?: Readonly<Record<string, string>>;
  /** @default - no Ingress */
  readonly ingress?: FlyteIngressOptions;
  /**
   * Projects Flyte creates at start.
   * @default - flytesnacks, like the upstream chart
   */
  readonly projects?: ReadonlyArray<{ readonly name: string; readonly description: string }>;
  /** @default ['development', 'staging', 'production'] */
  readonly domains?: readonly string[];
  /**
   * Task pods: IAM role per domain, Pod Security level, quota per domain, resources.
   * @default - baseline Pod Security, no role, no quota, Flyte's default task resources
   */
  readonly tasks?: FlyteTaskProps;
  /** @default - the upstream chart's plugins */
  readonly plugins?: { readonly enabled: readonly string[]; readonly defaultForTaskTypes: Readonly<Record<string, string>> };
  /** @default - no log links */
  readonly logs?: TaskLogLinksProps;
  /** Flyte's log level. @default 'warn' */
  readonly logLevel?: FlyteLogLevel;
  /**
   * Free-form Flyte configuration written last; images named in it are mirrored like co-pilot.
   * @default - none
   */
  readonly flyteConfig?: Readonly<Record<string, unknown>>;
  /** @default - no placement rules, no extra pod metadata */
  readonly pod?: FlytePodOptions;
  /** @default - ClusterIP Services without annotations */
  readonly services?: FlyteServiceOptions;
  /** @default - no authentication (upstream's default) */
  readonly auth?: FlyteAuthOptions;
  /**
   * Trusted CAs of the binary, named by SSL_CERT_FILE (Go) and AWS_CA_BUNDLE (AWS SDK).
   * @default - the image's own roots
   */
  readonly caBundle?: CaBundle;
  /** @default - no proxy */
  readonly proxy?: ProxySettings;
  /**
   * Images task pods run that no object names (flytekit's, which workflows are registered with):
   * mirrored and inventoried like the others, role `flytekit`.
   * @default - none
   */
  readonly taskImages?: readonly string[];
}

export interface FlyteTaskProps {
  /** IAM role of each domain's task pods (every domain or none). @default - none */
  readonly roles?: Readonly<Record<string, string>>;
  /** @default 'baseline' */
  readonly podSecurity?: PodSecurityLevel;
  /** ResourceQuota per domain (every domain or none). @default - none */
  readonly quotas?: Readonly<Record<string, TaskResourceSet>>;
  /** Flyte task_resources and the LimitRange made from them. @default - none */
  readonly resources?: { readonly defaults: TaskResourceSet; readonly limits: TaskResourceSet };
  /**
   * A default PodTemplate that makes task pods meet the "restricted" Pod Security Standard,
   * running as this user (flytekit's images: 1000).
   * @default - none: task pods run as their images say
   */
  readonly podTemplate?: { readonly runAsUser?: number };
  /** More objects Flyte creates in every project-domain namespace. @default - none */
  readonly namespaceObjects?: readonly NamespaceObject[];
}

/**
 * Flyte's single binary (admin, propeller, data catalog, console and webhook in one process),
 * rendered with the object names, ports, probes, mounts and configuration of the upstream
 * flyte-binary chart v1.16.8, and hardened for the "restricted" Pod Security Standard.
 */
export class FlyteBinary extends Construct {
  public readonly fullName: string;
  public readonly namespace: string;
  public readonly selector: Record<string, string>;
  public readonly images: ImageUse[] = [];
  public readonly httpServiceName: string;
  public readonly grpcServiceName: string;
  public readonly webhookServiceName: string;
  public readonly metricsServiceName: string;
  /** Labels that select the metrics Service and no other. */
  public readonly metricsServiceLabels: Record<string, string>;
  /** The `<project>-<domain>` namespaces of the declared projects, with their Pod Security labels. */
  public readonly taskNamespaces: ReadonlyArray<{ readonly name: string; readonly labels: Readonly<Record<string, string>> }>;
  /** Authentication, when enabled. */
  public readonly auth?: FlyteAuth;
  /** Pod-template checksum annotations, each with the name of the ConfigMap it is computed from. */
  public readonly checksumSources: Readonly<Record<string, string>>;
  /** The default PodTemplate of task pods, when the tasks need one (restricted, or a CA bundle to mount). */
  public readonly taskPodTemplate?: TaskPodTemplate;

  constructor(scope: Construct, id: string, props: FlyteBinaryProps) {
    super(scope, id);
    validate(this, props);
    const fullName = `${props.release}-flyte-binary`;
    const labels = commonLabels(props.release, props.version);
    const selector = selectorLabels(props.release);
    const ns = props.namespace;
    this.fullName = fullName;
    this.namespace = ns;
    this.selector = selector;

    const sources = { ...defaultSourceImages(props.version), ...props.images };
    const image = (role: string, what: string, usedIn: string) => imageAt(role, `images.${what}`, sources[what as keyof SourceImages], usedIn);
    const imageAt = (role: string, field: string, reference: string, usedIn: string) => {
      const source = withPath(this, () => ImageReference.parse(reference, field));
      if (source.tag === undefined && source.digest === undefined) {
        throw propsError(this, field, `${JSON.stringify(reference)} has no tag; expected a tag such as ":${props.version}" (untagged means "latest")`);
      }
      if (source.tag === 'latest') {
        throw propsError(this, field, `${JSON.stringify(reference)} uses the "latest" tag; expected a fixed tag`);
      }
      const digest = source.digest ?? props.digests?.[source.toString()];
      const mirrored = props.registry ? props.registry.mirror(source) : source;
      const target = withPath(this, () => mirrored.withDigest(digest));
      this.images.push({ role, usedIn, source, target });
      return target.toString();
    };
    const flyteImage = image('flyte-binary', 'flyteBinary', `Deployment/${fullName} container flyte`);
    const waitImage = image('wait-for-db', 'waitForDb', `Deployment/${fullName} initContainer wait-for-db`);
    const coPilotImage = image('co-pilot', 'coPilot', `ConfigMap/${fullName}-config 001-plugins.yaml plugins.k8s.co-pilot.image`);
    (props.taskImages ?? []).forEach((ref, i) => imageAt('flytekit', `images.flytekit[${i}]`, ref, 'task pods of workflows registered with it (pyflyte --image)'));

    // Images named in the free-form configuration are pulled by task pods like co-pilot.
    const rewriteImages = (value: unknown, path: string[]): unknown => {
      if (Array.isArray(value)) return value.map((v, i) => rewriteImages(v, [...path, String(i)]));
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value).map(([k, v]) => [
            k,
            typeof v === 'string' && isImageKey(k)
              ? imageAt('flyte-config', ['flyteConfig', ...path, k].join('.'), v, `ConfigMap/${fullName}-config ${INLINE_CONFIG_FILE} ${[...path, k].join('.')}`)
              : rewriteImages(v, [...path, k]),
          ]),
        );
      }
      return value;
    };
    const inlineConfig = props.flyteConfig ? (rewriteImages(props.flyteConfig, []) as Record<string, unknown>) : undefined;
    // Images of the site's namespace objects (a PodTemplate's containers) are mirrored the same way.
    const namespaceObjects = props.tasks?.namespaceObjects?.map((o) => rewriteObjectImages(o, imageAt, `ConfigMap/${fullName}-cluster-resource-templates`));

    const domains = props.domains ?? DEFAULT_DOMAINS;
    const plugins = props.plugins ?? DEFAULT_TASK_PLUGINS;
    const sparkRole = (plugins.enabled as readonly string[]).includes('spark') ? new SparkDriverClusterRole(this, 'SparkDriverRole', { name: `${fullName}-spark-driver`, labels }) : undefined;
    const tasks = new TaskNamespaces(this, 'TaskNamespaces', {
      domains,
      roles: props.tasks?.roles,
      pullSecret: props.registry?.pullSecretName,
      podSecurity: props.tasks?.podSecurity,
      quotas: props.tasks?.quotas,
      resources: props.tasks?.resources,
      spark: sparkRole ? { driverClusterRole: sparkRole.name } : undefined,
      objects: namespaceObjects,
    });
    // Task pods get the S3 endpoint and the proxy too (Flyte's default environment), and with the
    // default PodTemplate (restricted) the CA file it mounts. A template without the restricted
    // contexts would draw PodSecurity warnings in the release namespace, which enforces restricted.
    if (props.tasks?.podTemplate) {
      this.taskPodTemplate = new TaskPodTemplate(this, 'TaskPodTemplate', {
        name: `${fullName}-task-pod`,
        namespace: ns,
        placeholderImage: coPilotImage,
        restricted: { runAsUser: props.tasks.podTemplate.runAsUser ?? FLYTEKIT_UID },
        caBundle: props.caBundle,
        labels,
      });
    }
    const taskCa = this.taskPodTemplate ? props.caBundle?.path : undefined;
    const taskEnv = taskPodEnv({ storageEndpoint: props.storage.endpoint, proxy: props.proxy, caFile: taskCa }, this);
    const podLabels = taskPodSecurityLabels(props.tasks?.podSecurity ?? 'baseline');
    this.taskNamespaces = (props.projects ?? DEFAULT_PROJECTS).flatMap((p) => domains.map((d) => ({ name: `${p.name}-${d}`, labels: podLabels })));

    const db = props.database;
    const dbPort = db.port ?? 5432;
    if (props.auth) {
      const http = `${fullName}-http`;
      this.auth = new FlyteAuth(this, 'Auth', {
        ...props.auth,
        fullName,
        namespace: ns,
        // The in-cluster names of the HTTP Service, as upstream adds them.
        serviceUris: [http, `${http}.${ns}`, `${http}.${ns}.svc`, `${http}.${ns}.svc.cluster.local`].map((h) => `http://${h}:${FLYTE_PORTS.http}`),
        labels,
      });
    }
    const auth = this.auth;
    // The format refuses sslrootcert in the options: the mounted bundle is the only root file.
    const dbOptions = [db.options ?? 'sslmode=require', ...(db.caBundle ? [`sslrootcert=${db.caBundle.path}`] : [])].join(' ');
    const configData = flyteConfigFiles({
      auth: auth ? { configFile: auth.configFile, adminClient: auth.adminClient } : undefined,
      projects: props.projects,
      domains,
      customData: tasks.customData,
      taskResources: props.tasks?.resources,
      plugins,
      logs: props.logs,
      logLevel: props.logLevel,
      inlineConfig,
      taskEnv,
      taskPodTemplate: this.taskPodTemplate?.name,
      fullName,
      coPilotImage,
      database: { host: db.host, port: dbPort, name: db.name ?? 'flyte', username: db.username, options: dbOptions },
      storage: props.storage,
    }, this);
    const config = new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: `${fullName}-config`, namespace: ns, labels },
      data: configData,
    });
    const templates = new k8s.KubeConfigMap(this, 'ClusterResourceTemplates', {
      metadata: { name: `${fullName}-cluster-resource-templates`, namespace: ns, labels },
      data: tasks.templates,
    });

    this.checksumSources = {
      'checksum/cluster-resource-templates': templates.name,
      'checksum/configuration': config.name,
    };

    const role = new FlyteClusterRole(this, 'ClusterRole', {
      fullName,
      serviceAccountName: props.serviceAccount.name,
      serviceAccountNamespace: props.serviceAccount.namespace,
      templatedResources: tasks.resources,
      templatedRules: tasks.rules,
      plugins: plugins.enabled,
      labels,
    });
    role.node.addDependency(props.serviceAccount);
    new FlyteSecretsRole(this, 'SecretsRole', {
      fullName,
      namespace: ns,
      serviceAccountName: props.serviceAccount.name,
      secretNames: [webhookSecretName(fullName), ...(auth ? [auth.generatedSecretName] : [])],
      labels,
    });

    const serviceAnnotations = props.services?.annotations ?? {};
    const service = (cid: string, suffix: 'grpc' | 'http' | 'webhook' | 'metrics', portName: string, port: number, extraLabels: Record<string, string> = {}) => {
      const annotations = serviceAnnotations[suffix];
      new k8s.KubeService(this, cid, {
        metadata: { name: `${fullName}-${suffix}`, namespace: ns, labels: { ...labels, ...extraLabels }, annotations: annotations && Object.keys(annotations).length > 0 ? annotations : undefined },
        spec: {
          // Only the Services a load balancer targets; the webhook and metrics stay in-cluster.
          type: suffix === 'http' || suffix === 'grpc' ? props.services?.type ?? 'ClusterIP' : 'ClusterIP',
          ports: [{ name: portName, port, targetPort: k8s.IntOrString.fromString(portName) }],
          selector,
        },
      });
      return `${fullName}-${suffix}`;
    };
    this.grpcServiceName = service('GrpcService', 'grpc', 'grpc', FLYTE_PORTS.grpc);
    this.httpServiceName = service('HttpService', 'http', 'http', FLYTE_PORTS.http);
    this.webhookServiceName = service('WebhookService', 'webhook', 'webhook', 443);
    // Its own component label lets a ServiceMonitor select this Service alone.
    this.metricsServiceLabels = { 'app.kubernetes.io/component': 'metrics', 'app.kubernetes.io/instance': props.release, 'app.kubernetes.io/name': 'flyte-binary' };
    this.metricsServiceName = service('MetricsService', 'metrics', 'metrics', FLYTE_PORTS.metrics, this.metricsServiceLabels);

    const resources: k8s.ResourceRequirements = {
      requests: { cpu: k8s.Quantity.fromString(props.resources.requests.cpu), memory: k8s.Quantity.fromString(props.resources.requests.memory) },
      limits: { cpu: k8s.Quantity.fromString(props.resources.limits.cpu), memory: k8s.Quantity.fromString(props.resources.limits.memory) },
    };
    const containerSecurity: k8s.SecurityContext = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: FLYTE_UID,
      runAsGroup: FLYTE_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const probes = flyteProbes(props.pod?.probes, this);
    const extraEnv = containerEnv({ env: props.pod?.env, proxy: props.proxy, caFile: props.caBundle?.path }, this);
    const caBundles = [props.caBundle, db.caBundle].filter((b): b is CaBundle => b !== undefined);
    const pullSecrets = props.registry?.pullSecretName ? [{ name: props.registry.pullSecretName }] : undefined;
    const pod = props.pod;

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: fullName, namespace: ns, labels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selector },
        template: {
          metadata: {
            labels: { ...pod?.labels, ...labels, ...selector },
            annotations: {
              ...pod?.annotations,
              'checksum/cluster-resource-templates': checksum(tasks.templates),
              'checksum/configuration': checksum(configData),
            },
          },
          spec: {
            nodeSelector: pod?.nodeSelector && Object.keys(pod.nodeSelector).length > 0 ? pod.nodeSelector : undefined,
            tolerations: pod?.tolerations?.map((t) => ({ ...t, operator: t.operator ?? 'Equal' })),
            topologySpreadConstraints: pod?.topologySpreadConstraints?.map((c) => ({
              maxSkew: c.maxSkew,
              topologyKey: c.topologyKey,
              whenUnsatisfiable: c.whenUnsatisfiable ?? 'ScheduleAnyway',
              labelSelector: { matchLabels: selector },
            })),
            priorityClassName: pod?.priorityClassName,
            affinity: pod?.affinity ? podAffinity(pod.affinity, this) : undefined,
            terminationGracePeriodSeconds: FLYTE_TERMINATION_GRACE_SECONDS,
            serviceAccountName: props.serviceAccount.name,
            // The binary watches and creates pods, workflows and namespaces through the API.
            automountServiceAccountToken: true,
            imagePullSecrets: pullSecrets,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: FLYTE_UID,
              runAsGroup: FLYTE_UID,
              fsGroup: FLYTE_UID,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            initContainers: [
              {
                name: 'wait-for-db',
                image: waitImage,
                imagePullPolicy: 'IfNotPresent',
                command: ['sh', '-ec'],
                // The values reach the script as variables, quoted: a "$" in a user name (PostgreSQL
                // allows it) is never expanded by the shell.
                args: [
                  ['until pg_isready \\', '  -h "$DB_HOST" \\', '  -p "$DB_PORT" \\', '  -U "$DB_USER"', 'do', '  echo waiting for database', '  sleep 0.1', 'done', ''].join('\n'),
                ],
                env: [
                  { name: 'DB_HOST', value: db.host },
                  { name: 'DB_PORT', value: String(dbPort) },
                  { name: 'DB_USER', value: db.username },
                ],
                resources,
                securityContext: containerSecurity,
              },
              ...(auth
                ? [{
                  // Generates the authorization server's keys into the Secret once (as upstream's
                  // gen-admin-auth-secret): keys already there are kept.
                  name: 'gen-admin-auth-secret',
                  image: flyteImage,
                  imagePullPolicy: 'IfNotPresent',
                  command: ['sh', '-ec'],
                  args: [auth.initScript],
                  env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }, ...auth.initEnv],
                  resources,
                  securityContext: containerSecurity,
                  volumeMounts: [
                    { name: 'config', mountPath: FLYTE_PATHS.config },
                    { name: 'admin-auth-init', mountPath: FLYTE_PATHS.authInit },
                    ...auth.initMounts,
                  ],
                }]
                : []),
            ],
            containers: [
              {
                name: 'flyte',
                image: flyteImage,
                imagePullPolicy: 'IfNotPresent',
                args: ['start', '--config', `${FLYTE_PATHS.config}/*.yaml`],
                env: [
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  ...extraEnv,
                ],
                ports: [
                  { name: 'http', containerPort: FLYTE_PORTS.http },
                  { name: 'grpc', containerPort: FLYTE_PORTS.grpc },
                  { name: 'webhook', containerPort: FLYTE_PORTS.webhook },
                  { name: 'metrics', containerPort: FLYTE_PORTS.metrics },
                ],
                startupProbe: probes.startupProbe,
                livenessProbe: probes.livenessProbe,
                readinessProbe: probes.readinessProbe,
                resources,
                securityContext: containerSecurity,
                volumeMounts: [
                  { name: 'cluster-resource-templates', mountPath: FLYTE_PATHS.clusterResourceTemplates },
                  { name: 'config', mountPath: FLYTE_PATHS.config },
                  { name: 'state', mountPath: FLYTE_PATHS.state },
                  { name: 'tmp', mountPath: FLYTE_PATHS.tmp },
                  db.password.volumeMount,
                  ...(auth ? [auth.volumeMount] : []),
                  ...caBundles.map((b) => b.volumeMount),
                ],
              },
            ],
            volumes: [
              { name: 'cluster-resource-templates', projected: { sources: [{ configMap: { name: templates.name } }] } },
              { name: 'config', projected: { sources: [{ configMap: { name: config.name } }, ...(auth?.configSources ?? [])] } },
              // The only paths the binary writes: webhook certificates under the state dir, and /tmp.
              { name: 'state', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
              db.password.volume,
              ...(auth
                ? [
                  auth.volume,
                  auth.sourcesVolume,
                  // The generated keys exist in memory only until the init container stored them.
                  { name: 'admin-auth-init', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
                ]
                : []),
              ...caBundles.map((b) => b.volume),
            ],
          },
        },
      },
    });

    if (props.ingress) {
      new FlyteIngress(this, 'Ingress', {
        ...props.ingress,
        namePrefix: fullName,
        namespace: ns,
        labels,
        httpService: { name: this.httpServiceName, port: FLYTE_PORTS.http },
        grpcService: { name: this.grpcServiceName, port: FLYTE_PORTS.grpc },
      });
    }
  }
}

/** A namespace object with the images of its containers (`image` keys) replaced by what the cluster pulls. */
function rewriteObjectImages(
  o: NamespaceObject,
  imageAt: (role: string, field: string, reference: string, usedIn: string) => string,
  templates: string,
): NamespaceObject {
  const file = `100_${String(o.kind).toLowerCase()}_${o.metadata?.name}.yaml`;
  const walk = (value: unknown, path: string[]): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, String(i)]));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [
      k,
      k === 'image' && typeof v === 'string' ? imageAt('namespace-object', [`tasks.namespaceObjects(${o.kind}/${o.metadata?.name})`, ...path, k].join('.'), v, `${templates} ${file} ${[...path, k].join('.')}`) : walk(v, [...path, k]),
    ]));
  };
  return walk(o, []) as NamespaceObject;
}

/** A checksum of ConfigMap data: changes whenever the content does, so the pod rolls. */
function checksum(data: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const key of Object.keys(data).sort()) hash.update(`${key}\0${data[key]}\0`);
  return hash.digest('hex');
}

function validate(scope: IConstruct, props: FlyteBinaryProps): void {
  assertProp(scope, 'release', props.release, RELEASE_NAME);
  assertProp(scope, 'namespace', props.namespace, DNS_LABEL);
  assertProp(scope, 'version', props.version, FLYTE_VERSION);
  if (props.pod?.priorityClassName !== undefined) assertProp(scope, 'pod.priorityClassName', props.pod.priorityClassName, DNS_SUBDOMAIN);
  for (const c of props.pod?.topologySpreadConstraints ?? []) {
    if (!Number.isInteger(c.maxSkew) || c.maxSkew < 1) throw propsError(scope, 'pod.topologySpreadConstraints maxSkew', `${JSON.stringify(c.maxSkew)} is not allowed; expected an integer of at least 1`);
  }
  assertProp(scope, 'database.host', props.database.host, HOSTNAME);
  if (props.database.port !== undefined) assertPortProp(scope, 'database.port', props.database.port);
  if (props.database.name !== undefined) assertProp(scope, 'database.name', props.database.name, POSTGRES_IDENTIFIER);
  assertProp(scope, 'database.username', props.database.username, POSTGRES_IDENTIFIER);
  if (props.database.options !== undefined) assertProp(scope, 'database.options', props.database.options, POSTGRES_OPTIONS);
  assertProp(scope, 'storage.region', props.storage.region, AWS_REGION);
  assertProp(scope, 'storage.metadataBucket', props.storage.metadataBucket, S3_BUCKET);
  assertProp(scope, 'storage.userDataBucket', props.storage.userDataBucket, S3_BUCKET);
  if (props.storage.endpoint !== undefined) assertProp(scope, 'storage.endpoint', props.storage.endpoint, HTTPS_ENDPOINT);
  if (props.caBundle && props.caBundle === props.database.caBundle) throw propsError(scope, 'caBundle', 'expected a bundle of its own, not database.caBundle (they mount at different paths)');
  for (const kind of ['cpu', 'memory'] as const) {
    assertProp(scope, `resources.requests.${kind}`, props.resources.requests[kind], QUANTITY);
    assertProp(scope, `resources.limits.${kind}`, props.resources.limits[kind], QUANTITY);
    if (compareQuantities(props.resources.requests[kind], props.resources.limits[kind]) > 0) {
      throw propsError(scope, `resources.requests.${kind}`, `${JSON.stringify(props.resources.requests[kind])} is not allowed; expected at most the limit (${props.resources.limits[kind]})`);
    }
  }
}

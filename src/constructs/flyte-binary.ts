import { createHash } from 'crypto';
import { Construct, IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { AWS_REGION, FLYTE_VERSION, HOSTNAME, HTTPS_ENDPOINT, POSTGRES_IDENTIFIER, POSTGRES_OPTIONS, QUANTITY, RELEASE_NAME, S3_BUCKET, DNS_LABEL, DNS_SUBDOMAIN } from '../config/formats';
import { compareQuantities } from '../config/quantity';
import type { SourceImages } from '../images/defaults';
import { CaBundle } from './ca-bundle';
import { DatabasePassword } from './database-password';
import { assertPortProp, assertProp, propsError } from './errors';
import { FlyteAuth, FlyteAuthProps } from './flyte-auth';
import { FlyteClusterRole } from './flyte-cluster-role';
import { DEFAULT_DOMAINS, DEFAULT_PROJECTS, DEFAULT_TASK_PLUGINS, flyteConfigFiles, FlyteLogLevel, FLYTE_PATHS, INLINE_CONFIG_FILE, webhookSecretName } from './flyte-config';
import { FlyteImages, ImageUse } from './flyte-images';
import { FlyteSecretsRole } from './flyte-secrets-role';
import { IrsaServiceAccount } from './irsa-service-account';
import { commonLabels, selectorLabels } from './labels';
import type { NamespaceObject } from './namespace-objects';
import { FlyteIngress, FlyteIngressOptions } from './network/flyte-ingress';
import { FlyteServices } from './network/flyte-services';
import { containerEnv, ProxySettings, TaskEnvVar, taskPodEnv } from './pod/container-env';
import { ContainerResources, containerResources, FLYTE_CONTAINER_SECURITY, FLYTE_POD_SECURITY, FLYTE_TERMINATION_GRACE_SECONDS, flyteContainer, FlytePodOptions, podPlacement, waitForDbContainer } from './pod/flyte-pod';
import { PodTemplate } from './pod/pod-template';
import { flyteProbes } from './pod/probes';
import { PodVolume } from './pod/volume';
import { PrivateRegistry } from './private-registry';
import type { TaskLogLinksProps } from './task-log-links';
import { PodSecurityLevel, TaskNamespaces, taskPodSecurityLabels, TaskResourceSet } from './task-namespaces';
import { SparkDriverClusterRole } from './task-plugin-rbac';
import { FLYTEKIT_UID, TaskPodTemplate } from './task-pod-template';

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
  /** Variables of every task container, after those the release sets (`plugins.k8s.default-env-vars`). @default - none */
  readonly env?: readonly TaskEnvVar[];
}

/**
 * Flyte's single binary (admin, propeller, data catalog, console and webhook in one process),
 * rendered with the object names, ports, probes, mounts and configuration of the upstream
 * flyte-binary chart v1.16.8, and hardened for the "restricted" Pod Security Standard. Assembled
 * from parts: the images (FlyteImages), the task namespaces, the configuration, the RBAC, the
 * Services (FlyteServices) and a pod whose mounts carry their volumes (PodTemplate).
 */
export class FlyteBinary extends Construct {
  public readonly fullName: string;
  public readonly namespace: string;
  public readonly selector: Record<string, string>;
  /** Every image the pods run, as resolved (source, mirrored target, where used). */
  public readonly images: ImageUse[];
  /** The HTTP, gRPC, webhook and metrics Services. */
  public readonly services: FlyteServices;
  /** The name of `services.http`. */
  public readonly httpServiceName: string;
  /** The name of `services.grpc`. */
  public readonly grpcServiceName: string;
  /** The name of `services.webhook`. */
  public readonly webhookServiceName: string;
  /** The name of `services.metrics`. */
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
  private readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: FlyteBinaryProps) {
    super(scope, id);
    validate(this, props);
    const fullName = `${props.release}-flyte-binary`;
    this.fullName = fullName;
    this.namespace = props.namespace;
    this.selector = selectorLabels(props.release);
    this.labels = commonLabels(props.release, props.version);

    const images = new FlyteImages(this, { version: props.version, images: props.images, registry: props.registry, digests: props.digests });
    this.images = images.uses;
    const flyteImage = images.image('flyte-binary', 'flyteBinary', `Deployment/${fullName} container flyte`);
    const waitImage = images.image('wait-for-db', 'waitForDb', `Deployment/${fullName} initContainer wait-for-db`);
    const coPilotImage = images.image('co-pilot', 'coPilot', `ConfigMap/${fullName}-config 001-plugins.yaml plugins.k8s.co-pilot.image`);
    (props.taskImages ?? []).forEach((ref, i) => images.resolve('flytekit', `images.flytekit[${i}]`, ref, 'task pods of workflows registered with it (pyflyte --image)'));
    // Images named in the free-form configuration are pulled by task pods like co-pilot.
    const inlineConfig = props.flyteConfig && images.rewriteConfig(props.flyteConfig, `ConfigMap/${fullName}-config ${INLINE_CONFIG_FILE}`);

    this.services = new FlyteServices(this, 'Services', {
      fullName,
      namespace: props.namespace,
      release: props.release,
      selector: this.selector,
      labels: this.labels,
      type: props.services?.type,
      annotations: props.services?.annotations,
    });
    this.httpServiceName = this.services.http.name;
    this.grpcServiceName = this.services.grpc.name;
    this.webhookServiceName = this.services.webhook.name;
    this.metricsServiceName = this.services.metrics.name;
    this.metricsServiceLabels = { ...this.services.metrics.matchLabels };

    const tasks = this.taskNamespacesOf(props, images);
    this.taskPodTemplate = props.tasks?.podTemplate && this.taskPodTemplateOf(props, props.tasks.podTemplate, coPilotImage);
    const podLabels = taskPodSecurityLabels(props.tasks?.podSecurity ?? 'baseline');
    this.taskNamespaces = (props.projects ?? DEFAULT_PROJECTS).flatMap((p) => (props.domains ?? DEFAULT_DOMAINS).map((d) => ({ name: `${p.name}-${d}`, labels: podLabels })));
    this.auth = props.auth && this.authOf(props);

    const config = this.configMaps(props, tasks, { coPilotImage, inlineConfig });
    this.checksumSources = { 'checksum/cluster-resource-templates': config.templates.name, 'checksum/configuration': config.config.name };
    this.rbac(props, tasks);
    this.deployment(props, this.pod(props, config, { flyteImage, waitImage }), config.checksums);
    if (props.ingress) {
      new FlyteIngress(this, 'Ingress', { ...props.ingress, namePrefix: fullName, namespace: props.namespace, labels: this.labels, httpService: this.services.http, grpcService: this.services.grpc });
    }
  }

  /** The templates of the project-domain namespaces, with the Spark driver's ClusterRole they bind when spark is enabled. */
  private taskNamespacesOf(props: FlyteBinaryProps, images: FlyteImages): TaskNamespaces {
    // Images of the site's namespace objects (a PodTemplate's containers) are mirrored like the others.
    const objects = props.tasks?.namespaceObjects?.map((o) => images.rewriteObject(o, `ConfigMap/${this.fullName}-cluster-resource-templates`));
    const plugins = props.plugins ?? DEFAULT_TASK_PLUGINS;
    const sparkRole = (plugins.enabled as readonly string[]).includes('spark')
      ? new SparkDriverClusterRole(this, 'SparkDriverRole', { name: `${this.fullName}-spark-driver`, labels: this.labels })
      : undefined;
    return new TaskNamespaces(this, 'TaskNamespaces', {
      domains: props.domains ?? DEFAULT_DOMAINS,
      roles: props.tasks?.roles,
      pullSecret: props.registry?.pullSecretName,
      podSecurity: props.tasks?.podSecurity,
      quotas: props.tasks?.quotas,
      resources: props.tasks?.resources,
      spark: sparkRole ? { driverClusterRole: sparkRole.name } : undefined,
      objects,
    });
  }

  /**
   * The default PodTemplate of task pods: restricted (a template without the restricted contexts
   * would draw PodSecurity warnings in the release namespace, which enforces restricted), with the CA bundle.
   */
  private taskPodTemplateOf(props: FlyteBinaryProps, template: { readonly runAsUser?: number }, placeholderImage: string): TaskPodTemplate {
    return new TaskPodTemplate(this, 'TaskPodTemplate', {
      name: `${this.fullName}-task-pod`,
      namespace: props.namespace,
      placeholderImage,
      restricted: { runAsUser: template.runAsUser ?? FLYTEKIT_UID },
      caBundle: props.caBundle,
      labels: this.labels,
    });
  }

  private authOf(props: FlyteBinaryProps): FlyteAuth {
    const { name: http, port } = this.services.http;
    const ns = props.namespace;
    return new FlyteAuth(this, 'Auth', {
      ...props.auth!,
      fullName: this.fullName,
      namespace: ns,
      // The in-cluster names of the HTTP Service, as upstream adds them.
      serviceUris: [http, `${http}.${ns}`, `${http}.${ns}.svc`, `${http}.${ns}.svc.cluster.local`].map((h) => `http://${h}:${port}`),
      labels: this.labels,
    });
  }

  /** The Flyte configuration and the cluster-resource templates, as ConfigMaps, with the checksums that roll the pod when they change. */
  private configMaps(props: FlyteBinaryProps, tasks: TaskNamespaces, parts: { readonly coPilotImage: string; readonly inlineConfig?: Record<string, unknown> }) {
    const db = props.database;
    // Task pods get the S3 endpoint and the proxy too (Flyte's default environment), and with the
    // default PodTemplate the CA file it mounts; then the site's own variables.
    const taskCa = this.taskPodTemplate ? props.caBundle?.path : undefined;
    const taskEnv = taskPodEnv({ storageEndpoint: props.storage.endpoint, proxy: props.proxy, caFile: taskCa, env: props.tasks?.env }, this);
    // The format refuses sslrootcert in the options: the mounted bundle is the only root file.
    const dbOptions = [db.options ?? 'sslmode=require', ...(db.caBundle ? [`sslrootcert=${db.caBundle.path}`] : [])].join(' ');
    const data = flyteConfigFiles({
      auth: this.auth ? { configFile: this.auth.configFile, adminClient: this.auth.adminClient } : undefined,
      projects: props.projects,
      domains: props.domains ?? DEFAULT_DOMAINS,
      customData: tasks.customData,
      taskResources: props.tasks?.resources,
      plugins: props.plugins ?? DEFAULT_TASK_PLUGINS,
      logs: props.logs,
      logLevel: props.logLevel,
      inlineConfig: parts.inlineConfig,
      taskEnv,
      taskPodTemplate: this.taskPodTemplate?.name,
      fullName: this.fullName,
      webhookService: this.services.webhook,
      coPilotImage: parts.coPilotImage,
      database: { host: db.host, port: db.port ?? 5432, name: db.name ?? 'flyte', username: db.username, options: dbOptions },
      storage: props.storage,
    }, this);
    const meta = (suffix: string) => ({ name: `${this.fullName}-${suffix}`, namespace: props.namespace, labels: this.labels });
    return {
      config: new k8s.KubeConfigMap(this, 'Config', { metadata: meta('config'), data }),
      templates: new k8s.KubeConfigMap(this, 'ClusterResourceTemplates', { metadata: meta('cluster-resource-templates'), data: tasks.templates }),
      checksums: { 'checksum/cluster-resource-templates': checksum(tasks.templates), 'checksum/configuration': checksum(data) },
    };
  }

  /** What the binary may do: cluster-wide (namespaces, pods, workflows, its webhook) and its own Secrets. */
  private rbac(props: FlyteBinaryProps, tasks: TaskNamespaces): void {
    const role = new FlyteClusterRole(this, 'ClusterRole', {
      fullName: this.fullName,
      serviceAccountName: props.serviceAccount.name,
      serviceAccountNamespace: props.serviceAccount.namespace,
      templatedResources: tasks.resources,
      templatedRules: tasks.rules,
      plugins: (props.plugins ?? DEFAULT_TASK_PLUGINS).enabled,
      labels: this.labels,
    });
    role.node.addDependency(props.serviceAccount);
    new FlyteSecretsRole(this, 'SecretsRole', {
      fullName: this.fullName,
      namespace: props.namespace,
      serviceAccountName: props.serviceAccount.name,
      secretNames: [webhookSecretName(this.fullName), ...(this.auth ? [this.auth.generatedSecretName] : [])],
      labels: this.labels,
    });
  }

  /** The pod's containers and volumes: every mount carries its volume. */
  private pod(props: FlyteBinaryProps, config: { readonly config: k8s.KubeConfigMap; readonly templates: k8s.KubeConfigMap }, images: { readonly flyteImage: string; readonly waitImage: string }): PodTemplate {
    const db = props.database;
    const auth = this.auth;
    const resources = containerResources(props.resources);
    const templatesVolume = PodVolume.projected('cluster-resource-templates', [{ configMap: { name: config.templates.name } }]);
    const configVolume = PodVolume.projected('config', [{ configMap: { name: config.config.name } }, ...(auth?.configSources ?? [])]);
    // The only paths the binary writes: webhook certificates under the state dir, and /tmp.
    const state = PodVolume.emptyDir('state', { sizeLimit: '64Mi' });
    const tmp = PodVolume.emptyDir('tmp', { sizeLimit: '256Mi' });
    const caBundles = [props.caBundle, db.caBundle].filter((b): b is CaBundle => b !== undefined);

    const pod = new PodTemplate(this);
    // The pod lists its volumes in this order: the chart's own, the password, auth, the CAs.
    for (const v of [templatesVolume, configVolume, state, tmp, db.password, ...(auth?.volumes ?? []), ...caBundles]) pod.addVolume(v);
    pod.addInitContainer(waitForDbContainer({ image: images.waitImage, host: db.host, port: db.port ?? 5432, username: db.username, resources }));
    const flyte = flyteContainer({
      image: images.flyteImage,
      env: containerEnv({ env: props.pod?.env, proxy: props.proxy, caFile: props.caBundle?.path }, this),
      probes: flyteProbes(props.pod?.probes, this),
      resources,
    });
    flyte.mount(FLYTE_PATHS.clusterResourceTemplates, templatesVolume);
    const configMount = flyte.mount(FLYTE_PATHS.config, configVolume);
    flyte.mount(FLYTE_PATHS.state, state);
    flyte.mount(FLYTE_PATHS.tmp, tmp);
    flyte.addMount(db.password.mount, ...(auth ? [auth.mount] : []), ...caBundles.map((b) => b.mount));
    if (auth) pod.addInitContainer(auth.initContainer({ image: images.flyteImage, resources, securityContext: FLYTE_CONTAINER_SECURITY, config: configMount }));
    pod.addContainer(flyte);
    return pod;
  }

  /** One replica, replaced (Recreate: two binaries would both run the scheduler and propeller). */
  private deployment(props: FlyteBinaryProps, pod: PodTemplate, checksums: Record<string, string>): void {
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: this.fullName, namespace: props.namespace, labels: this.labels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: this.selector },
        template: {
          metadata: {
            labels: { ...props.pod?.labels, ...this.labels, ...this.selector },
            annotations: { ...props.pod?.annotations, ...checksums },
          },
          spec: {
            ...podPlacement(props.pod, this.selector, this),
            terminationGracePeriodSeconds: FLYTE_TERMINATION_GRACE_SECONDS,
            serviceAccountName: props.serviceAccount.name,
            // The binary watches and creates pods, workflows and namespaces through the API.
            automountServiceAccountToken: true,
            imagePullSecrets: props.registry?.pullSecretName ? [{ name: props.registry.pullSecretName }] : undefined,
            securityContext: FLYTE_POD_SECURITY,
            ...pod.toKube(),
          },
        },
      },
    });
  }
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

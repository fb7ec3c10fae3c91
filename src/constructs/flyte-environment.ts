import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import type { EnvironmentSpec } from '../config/schema';
import { CaBundle } from './ca-bundle';
import { DatabasePassword } from './database-password';
import { FlyteBinary } from './flyte-binary';
import { FlyteNetworkPolicy } from './network/flyte-network-policy';
import { FlyteServiceMonitor } from './network/flyte-service-monitor';
import { FlyteWorkflowCrd } from './flyte-workflow-crd';
import { IrsaServiceAccount } from './irsa-service-account';
import { commonLabels } from './labels';
import { PrivateRegistry } from './private-registry';
import { RestrictedNamespace } from './restricted-namespace';
import { domainQuota, domainRole } from '../config/task-rules';
import { flytekitImages } from '../images/defaults';
import type { FlyteAuthOptions, FlyteTaskProps } from './flyte-binary';
import type { NamespaceObject } from './namespace-objects';

/** The environment's auth block as construct props: secret references keep only what each source needs. */
function authOptions(spec: EnvironmentSpec): FlyteAuthOptions | undefined {
  const auth = spec.auth;
  if (!auth) return undefined;
  const oidc = auth.oidc.clientSecret;
  const internal = auth.internalClient.clientSecret;
  const synced = <T extends { property?: string }>(ref: { source: string; externalSecret?: T }) => (ref.source === 'externalSecret' ? ref.externalSecret : undefined);
  const internalSync = synced(internal);
  return {
    oidc: { issuer: auth.oidc.issuer, clientId: auth.oidc.clientId, clientSecret: { name: oidc.name, key: oidc.key, externalSecret: synced(oidc) } },
    authorizationServer: auth.authorizationServer,
    internalClient: {
      clientId: auth.internalClient.clientId,
      clientSecret: {
        name: internal.name,
        key: internal.key,
        hashKey: internal.hashKey,
        externalSecret: internalSync,
        hashProperty: internalSync?.hashProperty,
      },
      scopes: auth.internalClient.scopes,
    },
    authorizedUris: auth.authorizedUris,
    cliClient: auth.cliClient,
  };
}

/** Task settings per domain: the schema guarantees every domain or none has a role and a quota. */
function taskProps(spec: EnvironmentSpec): FlyteTaskProps {
  const perDomain = <T>(get: (d: string) => T | undefined): Record<string, T> | undefined => {
    const entries = spec.domains.map((d) => [d, get(d)] as const);
    return entries.every(([, v]) => v !== undefined) ? Object.fromEntries(entries as Array<[string, T]>) : undefined;
  };
  return {
    // Under EKS Pod Identity the task roles are in the associations, not on the ServiceAccounts.
    roles: spec.serviceAccount.credentials === 'podIdentity' ? undefined : perDomain((d) => domainRole(spec, d)),
    quotas: perDomain((d) => domainQuota(spec, d)),
    podSecurity: spec.tasks?.podSecurity,
    resources: spec.tasks?.resources,
    podTemplate: spec.tasks?.podTemplate,
    namespaceObjects: spec.tasks?.namespaceObjects as unknown as NamespaceObject[] | undefined,
    env: spec.tasks?.env,
  };
}

export interface FlyteEnvironmentProps {
  /** The validated environment, with defaults applied: from `environmentSpec(object)` or `parseEnvironment(file, yaml)`. */
  readonly spec: EnvironmentSpec;
  /**
   * Locked digests of source images (`config/images.lock.json`).
   * @default - none: images are referenced by tag
   */
  readonly digests?: Readonly<Record<string, string>>;
}

/**
 * Everything one environment deploys: the namespace, the FlyteWorkflow CRD, the IRSA
 * ServiceAccount and the Flyte binary with its services, config, RBAC and ingress.
 * Construct ids are part of the contract: they never change between releases.
 */
export class FlyteEnvironment extends Chart {
  public readonly flyte: FlyteBinary;
  public readonly serviceAccount: IrsaServiceAccount;
  public readonly registry?: PrivateRegistry;
  public readonly spec: EnvironmentSpec;

  constructor(scope: Construct, id: string, props: FlyteEnvironmentProps) {
    // Site labels reach every object; each object's own labels win over them.
    super(scope, id, { disableResourceNameHashes: true, labels: props.spec.labels });
    const spec = props.spec;
    this.spec = spec;
    const labels = commonLabels(spec.release, spec.flyte.version);
    const fullName = `${spec.release}-flyte-binary`;

    if (spec.createNamespace) new RestrictedNamespace(this, 'Namespace', { name: spec.namespace, labels });
    new FlyteWorkflowCrd(this, 'FlyteWorkflowCrd', { labels });

    if (spec.registry) {
      this.registry = new PrivateRegistry(this, 'Registry', {
        host: spec.registry.host,
        pullSecretName: spec.registry.pullSecret,
        mapping: spec.registry.mapping,
      });
    }
    this.serviceAccount = new IrsaServiceAccount(this, 'ServiceAccount', {
      name: fullName,
      namespace: spec.namespace,
      roleArn: spec.serviceAccount.roleArn,
      credentials: spec.serviceAccount.credentials,
      imagePullSecrets: this.registry?.pullSecretName ? [this.registry.pullSecretName] : undefined,
      labels,
    });
    this.flyte = this.flyteBinary(props);

    const serviceMonitor = spec.metrics?.serviceMonitor;
    if (serviceMonitor?.enabled) {
      new FlyteServiceMonitor(this, 'ServiceMonitor', {
        name: fullName,
        namespace: spec.namespace,
        service: this.flyte.services.metrics,
        interval: serviceMonitor.interval,
        labels: { ...labels, ...serviceMonitor.labels },
      });
    }
    if (spec.networkPolicy?.enabled) this.networkPolicy(spec, fullName, labels);
  }

  /** The binary, with the database password and the CA bundles it mounts. */
  private flyteBinary(props: FlyteEnvironmentProps): FlyteBinary {
    const spec = props.spec;
    const passwordSecret = spec.database.passwordSecret;
    const password = new DatabasePassword(this, 'DatabasePassword', {
      secretName: passwordSecret.name,
      key: passwordSecret.key,
      namespace: spec.namespace,
      externalSecret: passwordSecret.source === 'externalSecret' ? passwordSecret.externalSecret : undefined,
      labels: commonLabels(spec.release, spec.flyte.version),
    });
    const caBundle = spec.caBundle && new CaBundle(this, 'CaBundle', { ...spec.caBundle, purpose: 'trusted' });
    // flytekit's images are mirrored for task pods; the others are the deployment's own.
    const { flytekit, ...sourceImages } = spec.images ?? {};
    const databaseCaBundle = spec.database.caBundle && new CaBundle(this, 'DatabaseCaBundle', { ...spec.database.caBundle, purpose: 'database' });
    return new FlyteBinary(this, 'FlyteBinary', {
      release: spec.release,
      namespace: spec.namespace,
      version: spec.flyte.version,
      serviceAccount: this.serviceAccount,
      database: { ...spec.database, password, caBundle: databaseCaBundle },
      storage: spec.storage,
      resources: spec.resources,
      images: sourceImages,
      taskImages: flytekit ? flytekitImages(spec.flyte.version, flytekit) : undefined,
      registry: this.registry,
      digests: props.digests,
      ingress: spec.ingress,
      projects: spec.projects,
      domains: spec.domains,
      tasks: taskProps(spec),
      plugins: spec.plugins,
      logs: spec.logs,
      logLevel: spec.flyte.logLevel,
      flyteConfig: spec.flyteConfig,
      // The pod is an object too: it carries the site labels (its own labels win).
      pod: spec.labels || spec.pod ? { ...spec.pod, labels: { ...spec.labels, ...spec.pod?.labels } } : undefined,
      services: spec.services,
      auth: authOptions(spec),
      caBundle,
      proxy: spec.proxy,
    });
  }

  /** Default-deny around the Flyte pod, open where its Services and its calls need. */
  private networkPolicy(spec: EnvironmentSpec, name: string, labels: Record<string, string>): void {
    const networkPolicy = spec.networkPolicy!;
    new FlyteNetworkPolicy(this, 'NetworkPolicy', {
      name,
      namespace: spec.namespace,
      services: this.flyte.services,
      databasePort: spec.database.port,
      ingressNamespaces: networkPolicy.ingressNamespaces,
      ingressCidrs: networkPolicy.ingressCidrs,
      metricsNamespaces: networkPolicy.metricsNamespaces,
      egressCidrs: networkPolicy.egressCidrs,
      // What the pod calls: the proxy, the identity provider and S3 (directly, or when NO_PROXY names them).
      proxyUrls: [spec.proxy?.http, spec.proxy?.https].filter((u): u is string => u !== undefined),
      endpointUrls: [spec.auth?.oidc.issuer, spec.auth?.authorizationServer?.issuer, spec.storage.endpoint].filter((u): u is string => u !== undefined),
      podIdentityAgent: spec.serviceAccount.credentials === 'podIdentity',
      labels,
    });
  }
}

import { quoted, toYaml } from '../synth/yaml';

/** Ports of the Flyte binary. */
export const FLYTE_PORTS = { http: 8088, grpc: 8089, webhook: 9443, metrics: 10254 } as const;

/** Where the pod mounts things; the config refers to these paths. */
export const FLYTE_PATHS = {
  config: '/etc/flyte/config.d',
  clusterResourceTemplates: '/etc/flyte/cluster-resource-templates',
  state: '/var/run/flyte',
  webhookCerts: '/var/run/flyte/certs',
  dbSecret: '/etc/db-secret',
  tmp: '/tmp',
} as const;

/** File name of the password inside the database Secret mount. */
export const DB_PASSWORD_FILE = 'password';

export interface FlyteConfigProps {
  /** `<release>-flyte-binary`. */
  readonly fullName: string;
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
  };
}

/**
 * The Flyte configuration files, with the same files and keys as the upstream flyte-binary
 * chart (v1.16.8) writes into its `-config` ConfigMap. Site values are always double-quoted so
 * that the plain manifests and the Helm chart render the same text.
 */
export function flyteConfigFiles(props: FlyteConfigProps): Record<string, string> {
  const { fullName, database: db, storage } = props;
  return {
    '000-core.yaml': toYaml({
      admin: { endpoint: `localhost:${FLYTE_PORTS.grpc}`, insecure: true },
      'catalog-cache': { endpoint: 'localhost:8081', insecure: true, type: 'datacatalog' },
      cluster_resources: { standaloneDeployment: false, templatePath: FLYTE_PATHS.clusterResourceTemplates },
      logger: { 'show-source': true, level: 1 },
      propeller: {
        // The CRD ships with the release instead, so the binary needs no cluster-wide CRD rights.
        'create-flyteworkflow-crd': false,
        // Serves /metrics for the whole binary; pinned so the container port and Service agree.
        'prof-port': FLYTE_PORTS.metrics,
      },
      webhook: {
        certDir: FLYTE_PATHS.webhookCerts,
        localCert: true,
        secretName: `${fullName}-webhook-secret`,
        serviceName: `${fullName}-webhook`,
        servicePort: 443,
      },
      flyte: {
        admin: {
          disableClusterResourceManager: false,
          disableScheduler: false,
          disabled: false,
          seedProjects: ['flytesnacks'],
          seedProjectsWithDetails: [{ description: 'Default project setup.', name: 'flytesnacks' }],
        },
        dataCatalog: { disabled: false },
        propeller: { disableWebhook: false, disabled: false },
      },
    }),
    '001-plugins.yaml': toYaml({
      tasks: {
        'task-plugins': {
          'default-for-task-types': { container: 'container', container_array: 'k8s-array', sidecar: 'sidecar' },
          'enabled-plugins': ['container', 'sidecar', 'k8s-array', 'connector-service', 'echo'],
        },
      },
      plugins: {
        logs: { 'kubernetes-enabled': false, 'cloudwatch-enabled': false, 'stackdriver-enabled': false },
        k8s: { 'co-pilot': { image: quoted(props.coPilotImage) } },
        'k8s-array': {
          logs: { config: { 'kubernetes-enabled': false, 'cloudwatch-enabled': false, 'stackdriver-enabled': false } },
        },
      },
    }),
    '002-database.yaml': toYaml({
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
    }),
    '003-storage.yaml': toYaml({
      propeller: { 'rawoutput-prefix': quoted(`s3://${storage.userDataBucket}/data`) },
      storage: {
        type: 'stow',
        stow: {
          kind: 's3',
          config: { region: quoted(storage.region), disable_ssl: false, v2_signing: false, auth_type: 'iam' },
        },
        container: quoted(storage.metadataBucket),
      },
    }),
  };
}

/** The cluster-resource template the upstream chart ships: one Namespace per project-domain. */
export const CLUSTER_RESOURCE_TEMPLATES: Record<string, string> = {
  'namespace.yaml': toYaml({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: quoted('{{ namespace }}') } }),
};

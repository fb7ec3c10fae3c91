/**
 * The Flyte configuration files: what Flyte v1.16.8 reads from them is asked of its own loader
 * (the conformance harness, strict), not of our YAML; only text-level facts (file names, quoting)
 * are read as text.
 */
import { DB_PASSWORD_FILE, flyteConfigFiles, FlyteConfigProps, FLYTE_PATHS, FLYTE_PORTS } from '../../src/constructs/flyte-config';
import { flyteReads } from '../conformance/harness';

const PROPS: FlyteConfigProps = {
  fullName: 'rel-c-flyte-binary',
  coPilotImage: 'mirror.corp:5443/flyteorg/flytecopilot-release:v9.9.9',
  database: { host: 'pg.c.internal', port: 6432, name: 'flyte_c', username: 'admin_c', options: 'sslmode=verify-full connect_timeout=5' },
  storage: { region: 'eu-north-1', metadataBucket: 'meta-c', userDataBucket: 'data-c' },
};

const files = (props: FlyteConfigProps = PROPS) => flyteConfigFiles(props);
/** What Flyte reads from the files of these props. */
const flyte = (props: FlyteConfigProps = PROPS) => flyteReads(files(props));
const base = flyte();

describe('flyte-config constants', () => {
  test('ports of the Flyte binary: HTTP 8088, gRPC 8089, webhook 9443, metrics 10254', () => {
    expect(FLYTE_PORTS).toEqual({ http: 8088, grpc: 8089, webhook: 9443, metrics: 10254 });
  });

  test('mount paths of the upstream chart; the password file is /etc/db-secret/password', () => {
    expect(FLYTE_PATHS.config).toBe('/etc/flyte/config.d');
    expect(FLYTE_PATHS.clusterResourceTemplates).toBe('/etc/flyte/cluster-resource-templates');
    expect(FLYTE_PATHS.state).toBe('/var/run/flyte');
    expect(FLYTE_PATHS.webhookCerts).toBe('/var/run/flyte/certs');
    expect(`${FLYTE_PATHS.dbSecret}/${DB_PASSWORD_FILE}`).toBe('/etc/db-secret/password');
    // Flyte's secret manager reads auth secrets from /etc/secrets (secrets.secrets-prefix default).
    expect(FLYTE_PATHS.authSecrets).toBe('/etc/secrets');
  });
});

describe('flyteConfigFiles', () => {
  test('auth: 005-auth.yaml as given, and propeller\'s client keys in admin next to the endpoint', () => {
    const auth = { configFile: 'server:\n  security:\n    useAuth: true\n', adminClient: { clientId: 'cid-c', authType: 'ClientSecret' } };
    const out = files({ ...PROPS, auth });
    expect(out['005-auth.yaml']).toBe(auth.configFile);
    const read = flyteReads(out);
    expect(read.server.security.useAuth).toBe(true);
    expect(read.admin).toMatchObject({ clientId: 'cid-c', authType: 'ClientSecret', endpoint: 'localhost:8089', insecure: true });
    expect(files()['005-auth.yaml']).toBeUndefined();
    expect(base.server.security.useAuth).toBe(false);
    // Flyte's default client (flyteidl/clients/go/admin/config.go), unused without auth.
    expect(base.admin).toMatchObject({ clientId: 'flytepropeller', endpoint: 'localhost:8089', insecure: true });
  });

  test('the four files of the upstream config ConfigMap and 004-tasks, read in name order by "--config /etc/flyte/config.d/*.yaml"', () => {
    expect(Object.keys(files())).toEqual(['000-core.yaml', '001-plugins.yaml', '002-database.yaml', '003-storage.yaml', '004-tasks.yaml']);
    expect(Object.keys(files({ ...PROPS, inlineConfig: { propeller: { 'max-workflow-retries': 3 } } })).pop()).toBe('100-inline-config.yaml');
  });

  test('defaults: the upstream project, the three domains, the upstream plugins, no log link', () => {
    expect(base.flyte.admin.seedProjects).toEqual(['flytesnacks']);
    expect(base.flyte.admin.seedProjectsWithDetails).toEqual([{ description: 'Default project setup.', name: 'flytesnacks' }]);
    expect(base.domains).toEqual([{ id: 'development', name: 'development' }, { id: 'staging', name: 'staging' }, { id: 'production', name: 'production' }]);
    expect(base.cluster_resources.customData).toEqual({});
    expect(base.tasks['task-plugins']).toEqual({
      'default-for-task-types': { container: 'container', sidecar: 'sidecar', container_array: 'k8s-array' },
      'enabled-plugins': ['container', 'sidecar', 'k8s-array', 'connector-service', 'echo'],
    });
    for (const logs of [base.plugins.logs, base.plugins['k8s-array'].logs.config]) {
      expect(logs).toMatchObject({ 'kubernetes-enabled': false, 'cloudwatch-enabled': false, 'stackdriver-enabled': false, templates: null });
    }
  });

  test('projects, domains, customData, task resources, plugins, logs and inline config, each in its place', () => {
    const out = files({
      ...PROPS,
      projects: [{ name: 'pq', description: 'Project Q.' }, { name: 'pr', description: '' }],
      domains: ['dq'],
      customData: { dq: { defaultIamRole: { value: 'arn:aws:iam::111122223333:role/q' }, projectQuotaCpu: { value: '9' } } },
      taskResources: { defaults: { cpu: '110m', memory: '120Mi' }, limits: { cpu: '13', memory: '14Gi', gpu: '2', ephemeralStorage: '15Gi' } },
      plugins: { enabled: ['container', 'spark'], defaultForTaskTypes: { spark: 'spark' } },
      logs: { cloudwatch: { region: 'eu-south-1', logGroup: 'lg-q' } },
      inlineConfig: { plugins: { k8s: { 'inject-finalizer': true } } },
    });
    const read = flyteReads(out);
    expect(read.flyte.admin.seedProjects).toEqual(['pq', 'pr']);
    expect(read.flyte.admin.seedProjectsWithDetails).toEqual([{ description: 'Project Q.', name: 'pq' }, { description: '', name: 'pr' }]);
    expect(read.domains).toEqual([{ id: 'dq', name: 'dq' }]);
    // Variable names keep their case (flyteadmin replaces "{{ defaultIamRole }}" case-sensitively).
    expect(read.cluster_resources.customData).toEqual({
      dq: {
        defaultIamRole: { value: 'arn:aws:iam::111122223333:role/q', valueFrom: { env: '', filePath: '' } },
        projectQuotaCpu: { value: '9', valueFrom: { env: '', filePath: '' } },
      },
    });
    expect(read.task_resources).toEqual({
      defaults: { cpu: '110m', memory: '120Mi', gpu: '0', ephemeralStorage: '0' },
      limits: { cpu: '13', memory: '14Gi', gpu: '2', ephemeralStorage: '15Gi' },
    });
    // Quantities and role ARNs are strings to Flyte, whatever they look like.
    expect(out['004-tasks.yaml']).toContain('value: "9"\n');
    expect(read.tasks['task-plugins']).toEqual({ 'default-for-task-types': { spark: 'spark' }, 'enabled-plugins': ['container', 'spark'] });
    expect(read.plugins.logs['cloudwatch-log-group']).toBe('lg-q');
    expect(read.plugins['k8s-array'].logs.config['cloudwatch-region']).toBe('eu-south-1');
    expect(read.plugins.k8s['inject-finalizer']).toBe(true);
  });

  test('customData keys keep their case through Flyte\'s loader, in every domain', () => {
    const customData = {
      da: { defaultIamRole: { value: 'arn:aws:iam::111122223333:role/a' }, projectQuotaMemory: { value: '5Gi' } },
      db: { defaultIamRole: { value: 'arn:aws:iam::111122223333:role/b' }, projectQuotaMemory: { value: '6Gi' } },
    };
    const read = flyteReads(files({ ...PROPS, domains: ['da', 'db'], customData }));
    const decoded = read.cluster_resources.customData;
    expect(Object.keys(decoded).sort()).toEqual(['da', 'db']);
    for (const [d, vars] of Object.entries(customData)) {
      expect(Object.keys(decoded[d]).sort()).toEqual(['defaultIamRole', 'projectQuotaMemory']);
      for (const [k, v] of Object.entries(vars)) expect(decoded[d][k].value).toBe(v.value);
    }
  });

  test('logger.level: warn (3) by default, so errors and warnings show; each level as Flyte reads it', () => {
    expect(base.logger.level).toBe(3);
    const levels = { error: 2, warn: 3, info: 4, debug: 5 } as const;
    for (const [name, level] of Object.entries(levels)) expect(flyte({ ...PROPS, logLevel: name as keyof typeof levels }).logger.level).toBe(level);
    expect(() => files({ ...PROPS, logLevel: 'trace' as any })).toThrow('logLevel: "trace" is not allowed; expected "error", "warn", "info", "debug"');
  });

  test('flyteadmin.roleNameKey and plugins.k8s.inject-finalizer, as Flyte reads them', () => {
    // Without a key, flyteadmin annotates a workflow that names an IAM role with an empty key.
    expect(base.flyteadmin.roleNameKey).toBe('eks.amazonaws.com/role-arn');
    expect(base.plugins.k8s['inject-finalizer']).toBe(true);
  });

  test('000-core: admin over local gRPC, the webhook named after fullName, metrics pinned, CRD not created', () => {
    expect(base.admin).toMatchObject({ endpoint: 'localhost:8089', insecure: true });
    expect(base.webhook).toMatchObject({
      certDir: '/var/run/flyte/certs',
      localCert: true,
      secretName: 'rel-c-flyte-binary-webhook-secret',
      serviceName: 'rel-c-flyte-binary-webhook',
      servicePort: 443,
    });
    expect(base.propeller).toMatchObject({ 'create-flyteworkflow-crd': false, 'prof-port': 10254 });
    expect(base.cluster_resources).toMatchObject({ standaloneDeployment: false, templatePath: '/etc/flyte/cluster-resource-templates' });
  });

  test('001-plugins: the co-pilot image, always double-quoted', () => {
    const text = files()['001-plugins.yaml'];
    expect(base.plugins.k8s['co-pilot'].image).toBe('mirror.corp:5443/flyteorg/flytecopilot-release:v9.9.9');
    expect(text).toContain('image: "mirror.corp:5443/flyteorg/flytecopilot-release:v9.9.9"\n');
    const pinned = `quay.io/x/copilot:1@sha256:${'c'.repeat(64)}`;
    expect(flyte({ ...PROPS, coPilotImage: pinned }).plugins.k8s['co-pilot'].image).toBe(pinned);
  });

  test('001-plugins: Flyte reads the task default environment with the names\' case, and the default PodTemplate', () => {
    const props = { ...PROPS, taskEnv: [{ name: 'FLYTE_AWS_ENDPOINT', value: 'https://s3.t' }, { name: 'no_proxy', value: 'localhost,.svc' }, { name: 'NO_PROXY', value: 'localhost,.svc' }], taskPodTemplate: 'rel-t-task-pod' };
    const k8s = flyte(props).plugins.k8s;
    expect(k8s['default-env-vars']).toEqual({ FLYTE_AWS_ENDPOINT: 'https://s3.t', no_proxy: 'localhost,.svc', NO_PROXY: 'localhost,.svc' });
    expect(k8s['default-pod-template-name']).toBe('rel-t-task-pod');
    // Written as upstream writes it, a list of one-key maps: as a map, Flyte's loader would
    // lower-case the names (flyteplugins reads FLYTE_AWS_ENDPOINT as flyte_aws_endpoint).
    expect(files(props)['001-plugins.yaml']).toContain('    default-env-vars:\n      - FLYTE_AWS_ENDPOINT: "https://s3.t"\n');
    const asMap = flyteReads({ '001-plugins.yaml': 'plugins:\n  k8s:\n    default-env-vars:\n      FLYTE_AWS_ENDPOINT: "https://s3.t"\n' }).plugins.k8s['default-env-vars'];
    expect(asMap).toEqual({ flyte_aws_endpoint: 'https://s3.t' });
    // None by default: Flyte's own defaults (no variables, no template).
    expect([base.plugins.k8s['default-env-vars'] ?? {}, base.plugins.k8s['default-pod-template-name']]).toEqual([{}, '']);
  });

  test('002-database: every database prop, the port as a number, the password only as a file path', () => {
    const text = files()['002-database.yaml'];
    expect(base.database.postgres).toEqual({
      username: 'admin_c', host: 'pg.c.internal', port: 6432, dbname: 'flyte_c', options: 'sslmode=verify-full connect_timeout=5', passwordPath: '/etc/db-secret/password',
      // Flyte's defaults (flytestdlib/database/config.go): the password file wins over "postgres".
      password: 'postgres', readReplicaHost: 'localhost', debug: false,
    });
    expect(text).not.toMatch(/password:/);
  });

  test('003-storage: S3 through IAM, metadata in one bucket, raw outputs under s3://<userDataBucket>/data', () => {
    expect(base.propeller['rawoutput-prefix']).toBe('s3://data-c/data');
    expect(base.storage).toMatchObject({
      type: 'stow',
      // stow's config is a map of strings to Flyte (flytestdlib/storage/config.go StowConfig).
      stow: { kind: 's3', config: { region: 'eu-north-1', disable_ssl: '0', v2_signing: '0', auth_type: 'iam' } },
      container: 'meta-c',
    });
  });

  test('site values are double-quoted, so that values go-yaml would read as other types stay strings', () => {
    const tricky: FlyteConfigProps = {
      ...PROPS,
      database: { host: '10.0.0.5', port: 5432, name: 'no', username: 'yes', options: 'sslmode=on' },
      storage: { region: 'us-east-1', metadataBucket: 'true', userDataBucket: 'null' },
    };
    const out = files(tricky);
    const read = flyteReads(out);
    const db = read.database.postgres;
    expect([db.username, db.dbname, db.host, db.options]).toEqual(['yes', 'no', '10.0.0.5', 'sslmode=on']);
    for (const line of ['username: "yes"', 'dbname: "no"', 'host: "10.0.0.5"', 'options: "sslmode=on"', 'port: 5432']) expect(out['002-database.yaml']).toContain(`${line}\n`);
    expect(read.storage.container).toBe('true');
    expect(read.propeller['rawoutput-prefix']).toBe('s3://null/data');
    for (const line of ['container: "true"', 'region: "us-east-1"', 'rawoutput-prefix: "s3://null/data"']) expect(out['003-storage.yaml']).toContain(`${line}\n`);
  });

  test('each prop reaches its own place only', () => {
    const base = files();
    const changed = files({ ...PROPS, storage: { ...PROPS.storage, userDataBucket: 'data-other' } });
    expect(changed['003-storage.yaml']).not.toBe(base['003-storage.yaml']);
    for (const f of ['000-core.yaml', '001-plugins.yaml', '002-database.yaml']) expect(changed[f]).toBe(base[f]);
  });
});


describe('the webhook Service', () => {
  test('Flyte registers its webhook with the Service object it is given (name and port), by default <fullName>-webhook on 443', () => {
    expect(base.webhook).toMatchObject({ serviceName: 'rel-c-flyte-binary-webhook', servicePort: 443 });
    expect(flyte({ ...PROPS, webhookService: { name: 'hook-c', port: 8443 } }).webhook).toMatchObject({ serviceName: 'hook-c', servicePort: 8443 });
  });
});

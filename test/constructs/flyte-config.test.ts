import * as YAML from 'yaml';
import { DB_PASSWORD_FILE, flyteConfigFiles, FlyteConfigProps, FLYTE_PATHS, FLYTE_PORTS } from '../../src/constructs/flyte-config';

const PROPS: FlyteConfigProps = {
  fullName: 'rel-c-flyte-binary',
  coPilotImage: 'mirror.corp:5443/flyteorg/flytecopilot-release:v9.9.9',
  database: { host: 'pg.c.internal', port: 6432, name: 'flyte_c', username: 'admin_c', options: 'sslmode=verify-full connect_timeout=5' },
  storage: { region: 'eu-north-1', metadataBucket: 'meta-c', userDataBucket: 'data-c' },
};

/** Parsed like Flyte parses its config: YAML 1.1 (go-yaml). */
const parse = (text: string) => YAML.parse(text, { version: '1.1' });
const files = (props: FlyteConfigProps = PROPS) => flyteConfigFiles(props);

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
    expect(parse(out['000-core.yaml']).admin).toEqual({ clientId: 'cid-c', authType: 'ClientSecret', endpoint: 'localhost:8089', insecure: true });
    expect(files()['005-auth.yaml']).toBeUndefined();
    expect(parse(files()['000-core.yaml']).admin).toEqual({ endpoint: 'localhost:8089', insecure: true });
  });

  test('the four files of the upstream config ConfigMap and 004-tasks, read in name order by "--config /etc/flyte/config.d/*.yaml"', () => {
    expect(Object.keys(files())).toEqual(['000-core.yaml', '001-plugins.yaml', '002-database.yaml', '003-storage.yaml', '004-tasks.yaml']);
    expect(Object.keys(files({ ...PROPS, inlineConfig: { propeller: { 'max-workflow-retries': 3 } } })).pop()).toBe('100-inline-config.yaml');
  });

  test('defaults: the upstream project, the three domains, the upstream plugins, no log link', () => {
    const out = files();
    const core = parse(out['000-core.yaml']);
    expect(core.flyte.admin.seedProjects).toEqual(['flytesnacks']);
    expect(core.flyte.admin.seedProjectsWithDetails).toEqual([{ description: 'Default project setup.', name: 'flytesnacks' }]);
    expect(parse(out['004-tasks.yaml'])).toEqual({
      domains: [{ id: 'development', name: 'development' }, { id: 'staging', name: 'staging' }, { id: 'production', name: 'production' }],
    });
    const plugins = parse(out['001-plugins.yaml']);
    expect(plugins.tasks['task-plugins']).toEqual({
      'default-for-task-types': { container: 'container', sidecar: 'sidecar', container_array: 'k8s-array' },
      'enabled-plugins': ['container', 'sidecar', 'k8s-array', 'connector-service', 'echo'],
    });
    expect(plugins.plugins.logs).toEqual({ 'kubernetes-enabled': false, 'cloudwatch-enabled': false, 'stackdriver-enabled': false });
    expect(plugins.plugins['k8s-array'].logs.config).toEqual(plugins.plugins.logs);
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
    const core = parse(out['000-core.yaml']);
    expect(core.flyte.admin.seedProjects).toEqual(['pq', 'pr']);
    expect(core.flyte.admin.seedProjectsWithDetails).toEqual([{ description: 'Project Q.', name: 'pq' }, { description: '', name: 'pr' }]);
    expect(parse(out['004-tasks.yaml'])).toEqual({
      domains: [{ id: 'dq', name: 'dq' }],
      cluster_resources: { customData: { dq: { defaultIamRole: { value: 'arn:aws:iam::111122223333:role/q' }, projectQuotaCpu: { value: '9' } } } },
      task_resources: { defaults: { cpu: '110m', memory: '120Mi' }, limits: { cpu: '13', memory: '14Gi', gpu: '2', ephemeralStorage: '15Gi' } },
    });
    // Quantities and role ARNs are strings to Flyte, whatever they look like.
    expect(out['004-tasks.yaml']).toContain('value: "9"\n');
    const plugins = parse(out['001-plugins.yaml']);
    expect(plugins.tasks['task-plugins']).toEqual({ 'default-for-task-types': { spark: 'spark' }, 'enabled-plugins': ['container', 'spark'] });
    expect(plugins.plugins.logs['cloudwatch-log-group']).toBe('lg-q');
    expect(plugins.plugins['k8s-array'].logs.config['cloudwatch-region']).toBe('eu-south-1');
    expect(parse(out['100-inline-config.yaml'])).toEqual({ plugins: { k8s: { 'inject-finalizer': true } } });
  });

  test('000-core: admin over local gRPC, the webhook named after fullName, metrics pinned, CRD not created', () => {
    const core = parse(files()['000-core.yaml']);
    expect(core.admin).toEqual({ endpoint: 'localhost:8089', insecure: true });
    expect(core.webhook).toEqual({
      certDir: '/var/run/flyte/certs',
      localCert: true,
      secretName: 'rel-c-flyte-binary-webhook-secret',
      serviceName: 'rel-c-flyte-binary-webhook',
      servicePort: 443,
    });
    expect(core.propeller).toEqual({ 'create-flyteworkflow-crd': false, 'prof-port': 10254 });
    expect(core.cluster_resources).toEqual({ standaloneDeployment: false, templatePath: '/etc/flyte/cluster-resource-templates' });
  });

  test('001-plugins: the co-pilot image, always double-quoted', () => {
    const text = files()['001-plugins.yaml'];
    expect(parse(text).plugins.k8s['co-pilot']).toEqual({ image: 'mirror.corp:5443/flyteorg/flytecopilot-release:v9.9.9' });
    expect(text).toContain('image: "mirror.corp:5443/flyteorg/flytecopilot-release:v9.9.9"\n');
    const pinned = `quay.io/x/copilot:1@sha256:${'c'.repeat(64)}`;
    expect(parse(files({ ...PROPS, coPilotImage: pinned })['001-plugins.yaml']).plugins.k8s['co-pilot'].image).toBe(pinned);
  });

  test('001-plugins: task default environment as a list of one-key maps (names keep their case in Flyte\'s loader), and the default PodTemplate', () => {
    const text = files({ ...PROPS, taskEnv: [{ name: 'FLYTE_AWS_ENDPOINT', value: 'https://s3.t' }, { name: 'no_proxy', value: 'localhost,.svc' }], taskPodTemplate: 'rel-t-task-pod' })['001-plugins.yaml'];
    const k8s = parse(text).plugins.k8s;
    expect(k8s['default-env-vars']).toEqual([{ FLYTE_AWS_ENDPOINT: 'https://s3.t' }, { no_proxy: 'localhost,.svc' }]);
    expect(k8s['default-pod-template-name']).toBe('rel-t-task-pod');
    expect(text).toContain('  - FLYTE_AWS_ENDPOINT: "https://s3.t"\n');
    // None by default: Flyte's own defaults (no variables, no template).
    expect(Object.keys(parse(files()['001-plugins.yaml']).plugins.k8s)).toEqual(['co-pilot']);
  });

  test('002-database: every database prop, the port as a number, the password only as a file path', () => {
    const text = files()['002-database.yaml'];
    expect(parse(text)).toEqual({
      database: {
        postgres: { username: 'admin_c', host: 'pg.c.internal', port: 6432, dbname: 'flyte_c', options: 'sslmode=verify-full connect_timeout=5', passwordPath: '/etc/db-secret/password' },
      },
    });
    expect(text).not.toMatch(/password:/);
  });

  test('003-storage: S3 through IAM, metadata in one bucket, raw outputs under s3://<userDataBucket>/data', () => {
    expect(parse(files()['003-storage.yaml'])).toEqual({
      propeller: { 'rawoutput-prefix': 's3://data-c/data' },
      storage: {
        type: 'stow',
        stow: { kind: 's3', config: { region: 'eu-north-1', disable_ssl: false, v2_signing: false, auth_type: 'iam' } },
        container: 'meta-c',
      },
    });
  });

  test('site values are double-quoted, so that values go-yaml would read as other types stay strings', () => {
    const tricky: FlyteConfigProps = {
      ...PROPS,
      database: { host: '10.0.0.5', port: 5432, name: 'no', username: 'yes', options: 'sslmode=on' },
      storage: { region: 'us-east-1', metadataBucket: 'true', userDataBucket: 'null' },
    };
    const out = files(tricky);
    const db = parse(out['002-database.yaml']).database.postgres;
    expect([db.username, db.dbname, db.host]).toEqual(['yes', 'no', '10.0.0.5']);
    for (const line of ['username: "yes"', 'dbname: "no"', 'host: "10.0.0.5"', 'options: "sslmode=on"', 'port: 5432']) expect(out['002-database.yaml']).toContain(`${line}\n`);
    const storage = parse(out['003-storage.yaml']);
    expect(storage.storage.container).toBe('true');
    expect(storage.propeller['rawoutput-prefix']).toBe('s3://null/data');
    for (const line of ['container: "true"', 'region: "us-east-1"', 'rawoutput-prefix: "s3://null/data"']) expect(out['003-storage.yaml']).toContain(`${line}\n`);
  });

  test('each prop reaches its own place only', () => {
    const base = files();
    const changed = files({ ...PROPS, storage: { ...PROPS.storage, userDataBucket: 'data-other' } });
    expect(changed['003-storage.yaml']).not.toBe(base['003-storage.yaml']);
    for (const f of ['000-core.yaml', '001-plugins.yaml', '002-database.yaml']) expect(changed[f]).toBe(base[f]);
  });
});


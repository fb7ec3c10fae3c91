import { App, Chart } from 'cdk8s';
import { CaBundle } from '../../src/constructs/ca-bundle';
import { DatabasePassword } from '../../src/constructs/database-password';
import { FlyteBinary, FlyteBinaryProps } from '../../src/constructs/flyte-binary';
import { IrsaServiceAccount } from '../../src/constructs/irsa-service-account';
import { PrivateRegistry } from '../../src/constructs/private-registry';
import { chartObjects } from '../../src/synth/manifests';
import { flyteConfigOf } from '../conformance/config-of';
import { find } from '../helpers';

function render(overrides: Partial<FlyteBinaryProps> = {}, registry?: { host: string; pullSecretName: string; mapping?: 'path' | 'flat' }) {
  const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
  const sa = new IrsaServiceAccount(chart, 'Sa', { name: 'sa-x', namespace: 'ns-x', roleArn: 'arn:aws:iam::111111111111:role/r-x' });
  const password = new DatabasePassword(chart, 'Pw', { secretName: 'pw-secret', key: 'pw-key', namespace: 'ns-x' });
  const flyte = new FlyteBinary(chart, 'Flyte', {
    release: 'rel-x',
    namespace: 'ns-x',
    version: 'v1.2.3',
    serviceAccount: sa,
    database: { host: 'db.x', port: 5555, name: 'db_x', username: 'user_x', options: 'sslmode=verify-ca', password },
    storage: { region: 'ap-south-2', metadataBucket: 'meta-x', userDataBucket: 'user-x' },
    resources: { requests: { cpu: '100m', memory: '200Mi' }, limits: { cpu: '300m', memory: '400Mi' } },
    registry: registry ? new PrivateRegistry(chart, 'Registry', registry) : undefined,
    ...overrides,
  });
  return { flyte, objects: chartObjects(chart) };
}

const deployment = (objects: any[]) => find(objects, 'Deployment', 'rel-x-flyte-binary');
/** What Flyte reads from the pod's config folder (its own loader: the conformance harness). */
const flyteReads = (objects: any[]) => flyteConfigOf(objects);

describe('FlyteBinary', () => {
  test('names every object after the release and puts them in the namespace', () => {
    const { objects } = render();
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(names).toEqual([
      'ClusterRole/rel-x-flyte-binary-cluster-role',
      'ClusterRoleBinding/rel-x-flyte-binary-cluster-role-binding',
      'ConfigMap/rel-x-flyte-binary-cluster-resource-templates',
      'ConfigMap/rel-x-flyte-binary-config',
      'Deployment/rel-x-flyte-binary',
      'Role/rel-x-flyte-binary-secrets',
      'RoleBinding/rel-x-flyte-binary-secrets',
      'Service/rel-x-flyte-binary-grpc',
      'Service/rel-x-flyte-binary-http',
      'Service/rel-x-flyte-binary-metrics',
      'Service/rel-x-flyte-binary-webhook',
      'ServiceAccount/sa-x',
    ]);
    for (const o of objects.filter((x) => !x.kind.startsWith('Cluster'))) expect(o.metadata.namespace).toBe('ns-x');
    for (const o of objects.filter((x) => x.kind.startsWith('Cluster'))) expect(o.metadata.namespace).toBeUndefined();
  });

  test('version sets the default image tags and the version label', () => {
    const { objects, flyte } = render();
    const pod = deployment(objects).spec.template.spec;
    expect(pod.containers[0].image).toBe('cr.flyte.org/flyteorg/flyte-binary-release:v1.2.3');
    expect(flyteReads(objects).plugins.k8s['co-pilot'].image).toBe('cr.flyte.org/flyteorg/flytecopilot-release:v1.2.3');
    expect(pod.initContainers[0].image).toBe('docker.io/library/postgres:15-alpine');
    expect(deployment(objects).metadata.labels['app.kubernetes.io/version']).toBe('v1.2.3');
    expect(flyte.images.map((i) => i.role)).toEqual(['flyte-binary', 'wait-for-db', 'co-pilot']);
  });

  test('database props reach the Flyte config and the wait-for-db probe', () => {
    const { objects } = render();
    expect(flyteReads(objects).database.postgres).toMatchObject({ username: 'user_x', host: 'db.x', port: 5555, dbname: 'db_x', options: 'sslmode=verify-ca', passwordPath: '/etc/db-secret/password' });
    const init = deployment(objects).spec.template.spec.initContainers[0];
    expect(init.args[0]).toBe('until pg_isready \\\n  -h "$DB_HOST" \\\n  -p "$DB_PORT" \\\n  -U "$DB_USER"\ndo\n  echo waiting for database\n  sleep 0.1\ndone\n');
    expect(init.env).toEqual([
      { name: 'DB_HOST', value: 'db.x' },
      { name: 'DB_PORT', value: '5555' },
      { name: 'DB_USER', value: 'user_x' },
    ]);
  });

  test('a "$" in the database user name is not expanded by the init container\'s shell', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
    const sa = new IrsaServiceAccount(chart, 'Sa', { name: 'sa', namespace: 'ns', roleArn: 'arn:aws:iam::111111111111:role/r' });
    const password = new DatabasePassword(chart, 'Pw', { secretName: 's', key: 'k', namespace: 'ns' });
    new FlyteBinary(chart, 'F', {
      release: 'rel-x', namespace: 'ns', version: 'v1', serviceAccount: sa,
      database: { host: 'db.x', port: 5555, username: 'svc$HOME', password },
      storage: { region: 'ap-south-2', metadataBucket: 'meta-x', userDataBucket: 'user-x' },
      resources: { requests: { cpu: '100m', memory: '200Mi' }, limits: { cpu: '300m', memory: '400Mi' } },
    });
    const init = deployment(chartObjects(chart)).spec.template.spec.initContainers[0];
    expect(init.env.find((e: any) => e.name === 'DB_USER').value).toBe('svc$HOME');
    // Run the script with a stand-in pg_isready that prints its arguments.
    const dir = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'ef-pg-'));
    require('fs').writeFileSync(require('path').join(dir, 'pg_isready'), '#!/bin/sh\nprintf "%s|" "$@"\n', { mode: 0o755 });
    const r = require('child_process').spawnSync('sh', ['-ec', init.args[0]], {
      encoding: 'utf8',
      env: { PATH: `${dir}:/usr/bin:/bin`, HOME: '/nowhere', ...Object.fromEntries(init.env.map((e: any) => [e.name, e.value])) },
    });
    expect(r.stdout).toBe('-h|db.x|-p|5555|-U|svc$HOME|');
  });

  test('database defaults: port 5432, name flyte, sslmode=require', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
    const sa = new IrsaServiceAccount(chart, 'Sa', { name: 'sa', namespace: 'ns', roleArn: 'arn:aws:iam::111111111111:role/r' });
    const password = new DatabasePassword(chart, 'Pw', { secretName: 's', key: 'k', namespace: 'ns-x' });
    new FlyteBinary(chart, 'F', {
      release: 'r', namespace: 'ns', version: 'v1', serviceAccount: sa,
      database: { host: 'h', username: 'u', password },
      storage: { region: 'us-east-1', metadataBucket: 'mmm', userDataBucket: 'uuu' },
      resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
    });
    const db = flyteReads(chartObjects(chart)).database.postgres;
    expect([db.port, db.dbname, db.options]).toEqual([5432, 'flyte', 'sslmode=require']);
  });

  test('storage props reach 003-storage.yaml', () => {
    const read = flyteReads(render().objects);
    expect(read.propeller['rawoutput-prefix']).toBe('s3://user-x/data');
    expect(read.storage.container).toBe('meta-x');
    expect(read.storage.stow.config.region).toBe('ap-south-2');
    expect(read.storage.stow.config.auth_type).toBe('iam');
  });

  test('resources apply to the main and the init container', () => {
    const pod = deployment(render().objects).spec.template.spec;
    for (const c of [pod.containers[0], pod.initContainers[0]]) {
      expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '200Mi' }, limits: { cpu: '300m', memory: '400Mi' } });
    }
  });

  test('the password is mounted read-only from the named Secret and key, never inlined', () => {
    const { objects } = render();
    const pod = deployment(objects).spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'db-secret', secret: { secretName: 'pw-secret', defaultMode: 0o440, items: [{ key: 'pw-key', path: 'password' }] } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'db-secret', mountPath: '/etc/db-secret', readOnly: true });
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('the ServiceAccount is the one the pod runs as', () => {
    expect(deployment(render().objects).spec.template.spec.serviceAccountName).toBe('sa-x');
  });

  test('a private registry rewrites every image, co-pilot included, and adds the pull secret', () => {
    const { objects, flyte } = render({}, { host: 'reg.x:5000', pullSecretName: 'pull-x' });
    const pod = deployment(objects).spec.template.spec;
    expect(pod.containers[0].image).toBe('reg.x:5000/flyteorg/flyte-binary-release:v1.2.3');
    expect(pod.initContainers[0].image).toBe('reg.x:5000/library/postgres:15-alpine');
    expect(flyteReads(objects).plugins.k8s['co-pilot'].image).toBe('reg.x:5000/flyteorg/flytecopilot-release:v1.2.3');
    expect(pod.imagePullSecrets).toEqual([{ name: 'pull-x' }]);
    expect(flyte.images.map((i) => i.source.toString())).toEqual([
      'cr.flyte.org/flyteorg/flyte-binary-release:v1.2.3',
      'docker.io/library/postgres:15-alpine',
      'cr.flyte.org/flyteorg/flytecopilot-release:v1.2.3',
    ]);
  });

  test('flat mapping keeps only the last path element', () => {
    const pod = deployment(render({}, { host: 'reg.y', pullSecretName: 'p', mapping: 'flat' }).objects).spec.template.spec;
    expect(pod.containers[0].image).toBe('reg.y/flyte-binary-release:v1.2.3');
    expect(pod.initContainers[0].image).toBe('reg.y/postgres:15-alpine');
  });

  test('image overrides and locked digests', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const { objects } = render({
      images: { waitForDb: 'quay.io/org/pg:16' },
      digests: { 'quay.io/org/pg:16': digest },
    });
    const pod = deployment(objects).spec.template.spec;
    expect(pod.initContainers[0].image).toBe(`quay.io/org/pg:16@${digest}`);
    expect(pod.containers[0].image).toBe('cr.flyte.org/flyteorg/flyte-binary-release:v1.2.3');
  });

  test('rejects untagged and latest images', () => {
    expect(() => render({ images: { coPilot: 'cr.flyte.org/flyteorg/flytecopilot-release' } })).toThrow(
      'images.coPilot: "cr.flyte.org/flyteorg/flytecopilot-release" has no tag; expected a tag such as ":v1.2.3" (untagged means "latest")',
    );
    expect(() => render({ images: { flyteBinary: 'cr.flyte.org/x:latest' } })).toThrow('images.flyteBinary: "cr.flyte.org/x:latest" uses the "latest" tag; expected a fixed tag');
  });

  test('ingress renders the upstream http and grpc Ingresses', () => {
    const { objects } = render({ ingress: { host: 'flyte.x', className: 'cls-x', tlsSecret: 'tls-x', annotations: { a: '1' }, httpAnnotations: { h: '2' }, grpcAnnotations: { g: '3' } } });
    const http = find(objects, 'Ingress', 'rel-x-flyte-binary-http');
    const grpc = find(objects, 'Ingress', 'rel-x-flyte-binary-grpc');
    expect(http.metadata.annotations).toEqual({ a: '1', h: '2' });
    expect(grpc.metadata.annotations).toEqual({ a: '1', g: '3' });
    for (const ing of [http, grpc]) {
      expect(ing.spec.ingressClassName).toBe('cls-x');
      expect(ing.spec.tls).toEqual([{ hosts: ['flyte.x'], secretName: 'tls-x' }]);
      expect(ing.spec.rules[0].host).toBe('flyte.x');
    }
    expect(http.spec.rules[0].http.paths[0]).toEqual({ path: '/console', pathType: 'ImplementationSpecific', backend: { service: { name: 'rel-x-flyte-binary-http', port: { number: 8088 } } } });
    expect(grpc.spec.rules[0].http.paths.map((p: any) => p.path)).toContain('/flyteidl.service.AdminService/*');
    expect(grpc.spec.rules[0].http.paths.every((p: any) => p.backend.service.name === 'rel-x-flyte-binary-grpc' && p.backend.service.port.number === 8089)).toBe(true);
  });

  test('ingress without a TLS secret has no tls section', () => {
    const http = find(render({ ingress: { host: 'flyte.x', className: 'c' } }).objects, 'Ingress', 'rel-x-flyte-binary-http');
    expect(http.spec.tls).toBeUndefined();
  });

  test('config changes change the checksum annotation, so the pod rolls', () => {
    const a = deployment(render().objects).spec.template.metadata.annotations['checksum/configuration'];
    const b = deployment(render({ storage: { region: 'ap-south-2', metadataBucket: 'meta-x', userDataBucket: 'user-y' } }).objects).spec.template.metadata.annotations['checksum/configuration'];
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).not.toBe(a);
  });

  test.each([
    [{ release: 'Rel' }, 'c/Flyte: release: "Rel" is not allowed'],
    [{ namespace: 'ns_x' }, 'c/Flyte: namespace: "ns_x" is not allowed'],
    [{ version: 'latest' }, 'c/Flyte: version: "latest" is not allowed'],
    [{ storage: { region: 'mars', metadataBucket: 'meta-x', userDataBucket: 'user-x' } }, 'c/Flyte: storage.region: "mars" is not allowed'],
    [{ resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }, 'c/Flyte: resources.requests.cpu: "2" is not allowed; expected at most the limit (1)'],
  ])('validates props: %j', (overrides, message) => {
    expect(() => render(overrides as Partial<FlyteBinaryProps>)).toThrow(message);
  });

  test('shutdown: Recreate, and a grace period above admin\'s 10 s drain (the binary does not exit on SIGTERM by itself)', () => {
    const { objects } = render();
    expect(deployment(objects).spec.strategy).toEqual({ type: 'Recreate' });
    // Kubernetes' default (30 s) would make every rollout wait 30 s for a process that never exits.
    expect(deployment(objects).spec.template.spec.terminationGracePeriodSeconds).toBe(15);
  });

  test('the Secrets Role names the webhook certificate Secret the config names, and with auth the generated keys\' Secret', () => {
    const { objects } = render();
    // The name Flyte reads (its webhook section), not our YAML.
    const webhook = flyteReads(objects).webhook.secretName;
    expect(webhook).toBe('rel-x-flyte-binary-webhook-secret');
    expect(find(objects, 'Role', 'rel-x-flyte-binary-secrets').rules[1].resourceNames).toEqual([webhook]);
    // No Secret right is left cluster-wide.
    expect(find(objects, 'ClusterRole', 'rel-x-flyte-binary-cluster-role').rules.flatMap((r: any) => r.resources)).not.toContain('secrets');
  });

  test('rejects a bad database port', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'c');
    const sa = new IrsaServiceAccount(chart, 'Sa', { name: 'sa', namespace: 'ns', roleArn: 'arn:aws:iam::111111111111:role/r' });
    const password = new DatabasePassword(chart, 'Pw', { secretName: 's', key: 'k', namespace: 'ns-x' });
    expect(() => new FlyteBinary(chart, 'F', {
      release: 'r', namespace: 'ns', version: 'v1', serviceAccount: sa,
      database: { host: 'h', port: 0, username: 'u', password },
      storage: { region: 'us-east-1', metadataBucket: 'mmm', userDataBucket: 'uuu' },
      resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
    })).toThrow('c/F: database.port: 0 is not allowed; expected an integer from 1 to 65535');
  });
});

describe('FlyteBinary: the pod from parts', () => {
  const make = (caBundles: { trusted?: CaBundle; database?: CaBundle }, chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true })) => {
    const sa = new IrsaServiceAccount(chart, 'Sa', { name: 'sa-p', namespace: 'ns-p', roleArn: 'arn:aws:iam::111111111111:role/r-p' });
    const password = new DatabasePassword(chart, 'Pw', { secretName: 'pw-p', key: 'k-p', namespace: 'ns-p' });
    return new FlyteBinary(chart, 'Flyte', {
      release: 'rel-p',
      namespace: 'ns-p',
      version: 'v1.2.3',
      serviceAccount: sa,
      database: { host: 'db.p', username: 'user_p', options: 'sslmode=verify-full', password, caBundle: caBundles.database },
      storage: { region: 'eu-north-1', metadataBucket: 'meta-p', userDataBucket: 'user-p' },
      resources: { requests: { cpu: '100m', memory: '200Mi' }, limits: { cpu: '300m', memory: '400Mi' } },
      caBundle: caBundles.trusted,
    });
  };

  test('two different CA bundles that would mount one volume name are refused, naming the construct path', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
    const trusted = new CaBundle(chart, 'Corp', { configMap: 'corp-ca-p', key: 'ca.crt', purpose: 'trusted' });
    const alsoTrusted = new CaBundle(chart, 'Rds', { secret: 'rds-ca-p', key: 'rds.pem', purpose: 'trusted' });
    expect(() => make({ trusted, database: alsoTrusted }, chart)).toThrow('c/Flyte: volumes: "ca-bundle" names two different volumes');
  });

  test('every volume the containers mount is in the pod once, in the order the pod lists them', () => {
    const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
    const database = new CaBundle(chart, 'Rds', { secret: 'rds-ca-p', key: 'rds.pem', purpose: 'database' });
    make({ database }, chart);
    const pod = find(chartObjects(chart), 'Deployment', 'rel-p-flyte-binary').spec.template.spec;
    const names = pod.volumes.map((v: any) => v.name);
    expect(names).toEqual(['cluster-resource-templates', 'config', 'state', 'tmp', 'db-secret', 'db-ca-bundle']);
    const mounted = [...pod.containers, ...pod.initContainers].flatMap((c: any) => (c.volumeMounts ?? []).map((m: any) => m.name));
    expect([...new Set(mounted)].sort()).toEqual([...names].sort());
  });
});

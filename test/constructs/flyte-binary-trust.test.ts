/** Proxies, CA bundles, the S3 endpoint, extra variables, probes and affinity as FlyteBinary renders them for an environment. */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { flyteConfigOf } from '../conformance/config-of';
import { find, objectsOf, ROOT, validInput } from '../helpers';

const base = () => JSON.parse(JSON.stringify(validInput()));
const deploymentOf = (objects: any[]) => find(objects, 'Deployment', 'rel-a-flyte-binary');
const flyteOf = (objects: any[]) => deploymentOf(objects).spec.template.spec.containers.find((c: any) => c.name === 'flyte');
/** What Flyte reads from the pod's config folder (its own loader: the conformance harness). */
const flyteReadsOf = (objects: any[]) => flyteConfigOf(objects);

describe('FlyteBinary: proxies and CA bundles', () => {
  const objects = objectsOf({
    ...base(),
    database: { ...base().database, options: 'sslmode=verify-ca connect_timeout=7', caBundle: { secret: 'rds-ca-a', key: 'rds-a.pem' } },
    storage: { ...base().storage, endpoint: 'https://bucket.vpce-0f.s3.eu-west-3.vpce.amazonaws.com' },
    caBundle: { configMap: 'corp-ca-a', key: 'corp-a.crt' },
    proxy: { https: 'http://proxy-a.example:3128', noProxy: ['10.96.0.0/12'] },
    pod: {
      env: [{ name: 'FLYTE_EXTRA', value: 'one' }, { name: 'DD_KEY', secretKeyRef: { name: 'dd-a', key: 'k-a' } }],
      probes: { startup: { failureThreshold: 45 }, readiness: { timeoutSeconds: 4 } },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'corp.example/pool', operator: 'In', values: ['flyte-a'] }] }] } } },
    },
  });
  const flyte = flyteOf(objects);
  const pod = deploymentOf(objects).spec.template.spec;

  test('the database options end with sslrootcert at the mounted database bundle', () => {
    expect(flyteReadsOf(objects).database.postgres.options).toBe('sslmode=verify-ca connect_timeout=7 sslrootcert=/etc/ssl/flyte-db-ca/root.crt');
    expect(pod.volumes.find((v: any) => v.name === 'db-ca-bundle')).toEqual({ name: 'db-ca-bundle', secret: { secretName: 'rds-ca-a', defaultMode: 0o444, items: [{ key: 'rds-a.pem', path: 'root.crt' }] } });
  });

  test('the S3 endpoint reaches stow with TLS on', () => {
    // stow's config is a map of strings to Flyte (flytestdlib storage/config.go): "0" is TLS on.
    expect(flyteReadsOf(objects).storage.stow.config).toEqual({ region: 'eu-west-3', disable_ssl: '0', v2_signing: '0', auth_type: 'iam', endpoint: 'https://bucket.vpce-0f.s3.eu-west-3.vpce.amazonaws.com' });
  });

  test('the trusted bundle is mounted read-only and named by SSL_CERT_FILE and AWS_CA_BUNDLE; proxy and site variables follow', () => {
    expect(flyte.volumeMounts).toEqual(expect.arrayContaining([{ name: 'ca-bundle', mountPath: '/etc/ssl/flyte-ca', readOnly: true }, { name: 'db-ca-bundle', mountPath: '/etc/ssl/flyte-db-ca', readOnly: true }]));
    expect(pod.volumes.find((v: any) => v.name === 'ca-bundle').configMap).toEqual({ name: 'corp-ca-a', defaultMode: 0o444, items: [{ key: 'corp-a.crt', path: 'ca-bundle.crt' }] });
    expect(flyte.env.map((e: any) => e.name)).toEqual(['POD_NAME', 'POD_NAMESPACE', 'SSL_CERT_FILE', 'AWS_CA_BUNDLE', 'HTTPS_PROXY', 'NO_PROXY', 'FLYTE_EXTRA', 'DD_KEY']);
    expect(flyte.env.find((e: any) => e.name === 'NO_PROXY').value.endsWith(',.cluster.local,10.96.0.0/12')).toBe(true);
    expect(flyte.env.find((e: any) => e.name === 'DD_KEY')).toEqual({ name: 'DD_KEY', valueFrom: { secretKeyRef: { name: 'dd-a', key: 'k-a' } } });
  });

  test('probes and affinity reach the pod', () => {
    expect(flyte.startupProbe).toEqual({ httpGet: { path: '/healthcheck', port: 'http' }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 45 });
    expect(flyte.readinessProbe).toEqual({ httpGet: { path: '/healthcheck', port: 'http' }, initialDelaySeconds: 0, timeoutSeconds: 4 });
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchExpressions: [{ key: 'corp.example/pool', operator: 'In', values: ['flyte-a'] }] }]);
  });

  test('none of it set: no extra variable, mount, probe, affinity or endpoint', () => {
    const plain = objectsOf(base());
    const f = flyteOf(plain);
    expect(f.env.map((e: any) => e.name)).toEqual(['POD_NAME', 'POD_NAMESPACE']);
    expect(f.volumeMounts.map((m: any) => m.name)).not.toContain('ca-bundle');
    expect(f.startupProbe).toBeUndefined();
    expect(deploymentOf(plain).spec.template.spec.affinity).toBeUndefined();
    const read = flyteReadsOf(plain);
    expect(read.storage.stow.config.endpoint).toBeUndefined();
    expect(read.database.postgres.options).toBe('sslmode=verify-full');
  });
});

describe('FlyteBinary: the site\'s task variables (tasks.env)', () => {
  const site = [
    { name: 'PIP_INDEX_URL', value: 'https://nexus-a.corp.example/repository/pypi/simple' },
    // Case kept, and values go-yaml would read as other types stay strings.
    { name: 'Hf_Hub_Offline', value: '1' },
    { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
    { name: 'SITE_FLAG', value: 'no' },
    { name: 'EMPTY', value: '' },
  ];
  const objects = objectsOf({
    ...base(),
    storage: { ...base().storage, endpoint: 'https://bucket.vpce-0e.s3.eu-west-3.vpce.amazonaws.com' },
    proxy: { https: 'http://proxy-e.example:3128' },
    tasks: { env: site },
  });

  test('Flyte\'s default environment of task containers holds them with their names\' case and values, besides the chart\'s own', () => {
    const env = flyteReadsOf(objects).plugins.k8s['default-env-vars'];
    const noProxy = flyteOf(objects).env.find((e: any) => e.name === 'NO_PROXY').value;
    expect(env).toEqual({
      FLYTE_AWS_ENDPOINT: 'https://bucket.vpce-0e.s3.eu-west-3.vpce.amazonaws.com',
      HTTPS_PROXY: 'http://proxy-e.example:3128',
      https_proxy: 'http://proxy-e.example:3128',
      NO_PROXY: noProxy,
      no_proxy: noProxy,
      ...Object.fromEntries(site.map((v) => [v.name, v.value])),
    });
  });

  test('written after the chart\'s own; the Flyte container does not get them', () => {
    const text: string = (objects as any[]).find((o) => o.kind === 'ConfigMap' && o.data?.['001-plugins.yaml']).data['001-plugins.yaml'];
    const names = [...text.matchAll(/^ {6}- ([A-Za-z_][A-Za-z0-9_]*): /gm)].map((m) => m[1]);
    expect(names).toEqual(['FLYTE_AWS_ENDPOINT', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', ...site.map((v) => v.name)]);
    expect(flyteOf(objects).env.map((e: any) => e.name)).toEqual(['POD_NAME', 'POD_NAMESPACE', 'HTTPS_PROXY', 'NO_PROXY']);
  });

  test('alone, without endpoint or proxy: only the site\'s variables', () => {
    const only = objectsOf({ ...base(), tasks: { env: [{ name: 'PIP_INDEX_URL', value: 'https://pypi.corp.example/simple' }] } });
    expect(flyteReadsOf(only).plugins.k8s['default-env-vars']).toEqual({ PIP_INDEX_URL: 'https://pypi.corp.example/simple' });
  });
});

describe('the enterprise environment: internal ALB, CA bundles', () => {
  const objects = objectsOf(YAML.parse(fs.readFileSync(path.join(ROOT, 'config', 'environments', 'enterprise.yaml'), 'utf8')));
  const get = (kind: string, name: string) => objects.find((o: any) => o.kind === kind && o.metadata.name === name) as any;

  test('both Ingresses: class alb, internal, IP targets, one ALB (group), HTTPS with an ACM certificate; gRPC backends speak GRPC', () => {
    const http = get('Ingress', 'flyte-backend-flyte-binary-http');
    const grpc = get('Ingress', 'flyte-backend-flyte-binary-grpc');
    for (const ing of [http, grpc]) {
      expect(ing.spec.ingressClassName).toBe('alb');
      expect(ing.metadata.annotations['alb.ingress.kubernetes.io/scheme']).toBe('internal');
      expect(ing.metadata.annotations['alb.ingress.kubernetes.io/target-type']).toBe('ip');
      expect(ing.metadata.annotations['alb.ingress.kubernetes.io/group.name']).toBe('flyte-backend');
      expect(JSON.parse(ing.metadata.annotations['alb.ingress.kubernetes.io/listen-ports'])).toEqual([{ HTTPS: 443 }]);
      expect(ing.metadata.annotations['alb.ingress.kubernetes.io/certificate-arn']).toMatch(/^arn:aws:acm:us-east-1:123456789012:certificate\//);
      // The ALB terminates TLS with ACM: no TLS Secret.
      expect(ing.spec.tls).toBeUndefined();
    }
    expect(grpc.metadata.annotations['alb.ingress.kubernetes.io/backend-protocol-version']).toBe('GRPC');
    expect(http.metadata.annotations['alb.ingress.kubernetes.io/backend-protocol-version']).toBeUndefined();
  });

  test('the NetworkPolicy admits the ALB subnets on the HTTP and gRPC ports', () => {
    const np = get('NetworkPolicy', 'flyte-backend-flyte-binary');
    const rule = np.spec.ingress.find((r: any) => r.ports.some((p: any) => p.port === 8088));
    expect(rule.from.filter((f: any) => f.ipBlock).map((f: any) => f.ipBlock.cidr)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
  });

  test('the corporate CA and the RDS CA are mounted; the database is verified', () => {
    const pod = get('Deployment', 'flyte-backend-flyte-binary').spec.template.spec;
    expect(pod.volumes.find((v: any) => v.name === 'ca-bundle').configMap).toMatchObject({ name: 'corporate-ca', items: [{ key: 'ca.crt', path: 'ca-bundle.crt' }] });
    expect(pod.volumes.find((v: any) => v.name === 'db-ca-bundle').configMap).toMatchObject({ name: 'rds-ca', items: [{ key: 'global-bundle.pem', path: 'root.crt' }] });
    expect(flyteConfigOf(objects).database.postgres.options).toBe('sslmode=verify-full sslrootcert=/etc/ssl/flyte-db-ca/root.crt');
  });
});

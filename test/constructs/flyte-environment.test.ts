import { App } from 'cdk8s';
import { FlyteEnvironment } from '../../src/constructs/flyte-environment';
import { chartObjects } from '../../src/synth/manifests';
import * as YAML from 'yaml';
import { find, objectsOf, specOf, validInput } from '../helpers';

const clone = <T>(v: T): any => JSON.parse(JSON.stringify(v));

function build(input: unknown, digests: Record<string, string> = {}) {
  const chart = new FlyteEnvironment(new App({ outdir: '.' }), 'env-x', { spec: specOf(input), digests });
  return { chart, objects: chartObjects(chart) as any[], ids: chart.node.children.map((c) => c.node.id).sort() };
}

const everything = () => {
  const input = clone(validInput());
  input.ingress = { host: 'flyte.a.example', className: 'nginx-a' };
  input.networkPolicy = { enabled: true };
  input.metrics = { serviceMonitor: { enabled: true, labels: { release: 'prom-a' } } };
  input.database.passwordSecret = { name: 'secret-a', key: 'key-a', source: 'externalSecret', externalSecret: { storeName: 'aws-sm', remoteKey: 'prod/flyte-a' } };
  return input;
};

describe('FlyteEnvironment', () => {
  // Construct ids are part of the contract (they never change between releases).
  test('top-level construct ids with every option on', () => {
    expect(build(everything()).ids).toEqual(
      ['DatabasePassword', 'FlyteBinary', 'FlyteWorkflowCrd', 'Namespace', 'NetworkPolicy', 'Registry', 'ServiceAccount', 'ServiceMonitor'].sort(),
    );
  });

  test('top-level construct ids with the options off', () => {
    const input = clone(validInput());
    delete input.registry;
    input.createNamespace = false;
    expect(build(input).ids).toEqual(['DatabasePassword', 'FlyteBinary', 'FlyteWorkflowCrd', 'ServiceAccount']);
  });

  test('a chart without resource name hashes: every object has the name it was given', () => {
    const { objects } = build(everything());
    for (const o of objects) expect(o.metadata.name).not.toMatch(/-c8[0-9a-f]{6}$/);
  });

  test('the Namespace is restricted and named after spec.namespace; createNamespace: false leaves it out', () => {
    const ns = find(build(validInput()).objects, 'Namespace', 'ns-a');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const input = clone(validInput());
    input.createNamespace = false;
    const { objects, chart } = build(input);
    expect(objects.some((o) => o.kind === 'Namespace')).toBe(false);
    expect(chart.node.tryFindChild('Namespace')).toBeUndefined();
  });

  test('the CRD, the ServiceAccount and the Flyte binary are always there', () => {
    const { objects } = build(validInput());
    expect(find(objects, 'CustomResourceDefinition', 'flyteworkflows.flyte.lyft.com')).toBeDefined();
    expect(find(objects, 'ServiceAccount', 'rel-a-flyte-binary').metadata.namespace).toBe('ns-a');
    expect(find(objects, 'Deployment', 'rel-a-flyte-binary').metadata.namespace).toBe('ns-a');
  });

  test('the ServiceAccount: named <release>-flyte-binary, the IRSA role, the pull secret of the registry', () => {
    const { chart, objects } = build(validInput());
    const sa = find(objects, 'ServiceAccount', 'rel-a-flyte-binary');
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::210987654321:role/path/role-a');
    expect(sa.imagePullSecrets).toEqual([{ name: 'pull-a' }]);
    expect([chart.serviceAccount.name, chart.serviceAccount.namespace, chart.serviceAccount.roleArn]).toEqual(['rel-a-flyte-binary', 'ns-a', 'arn:aws:iam::210987654321:role/path/role-a']);
    expect(find(objects, 'Deployment', 'rel-a-flyte-binary').spec.template.spec.serviceAccountName).toBe('rel-a-flyte-binary');
  });

  test('without a registry: no Registry, no pull secret, images from their sources', () => {
    const input = clone(validInput());
    delete input.registry;
    const { chart, objects } = build(input);
    expect(chart.registry).toBeUndefined();
    expect(find(objects, 'ServiceAccount', 'rel-a-flyte-binary').imagePullSecrets).toBeUndefined();
    expect(find(objects, 'Deployment', 'rel-a-flyte-binary').spec.template.spec.containers[0].image).toBe('cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7');
  });

  test('with a registry: every image is mirrored, with the mapping of the spec', () => {
    const input = clone(validInput());
    input.registry.mapping = 'flat';
    const { chart } = build(input);
    expect(chart.registry!.host).toBe('mirror.corp.example:5443');
    expect(chart.registry!.mapping).toBe('flat');
    expect(chart.flyte.images.map((i) => i.target.toString()).sort()).toEqual([
      'mirror.corp.example:5443/flyte-binary-release:v9.8.7',
      'mirror.corp.example:5443/flytecopilot-release:v9.8.7',
      'mirror.corp.example:5443/postgres:15-alpine',
    ]);
  });

  test('digests pin the images they name', () => {
    const digest = `sha256:${'d'.repeat(64)}`;
    const { objects } = build(validInput(), { 'cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7': digest });
    const pod = find(objects, 'Deployment', 'rel-a-flyte-binary').spec.template.spec;
    expect(pod.containers[0].image).toBe(`mirror.corp.example:5443/flyteorg/flyte-binary-release:v9.8.7@${digest}`);
    expect(pod.initContainers[0].image).toBe('mirror.corp.example:5443/library/postgres:15-alpine');
  });

  test('the database password: an existing Secret by default, an ExternalSecret when the source says so', () => {
    expect(build(validInput()).objects.some((o) => o.kind === 'ExternalSecret')).toBe(false);
    const es = find(build(everything()).objects, 'ExternalSecret', 'secret-a');
    expect(es.metadata.namespace).toBe('ns-a');
    expect(es.spec.data).toEqual([{ secretKey: 'key-a', remoteRef: { key: 'prod/flyte-a' } }]);
  });

  test('the Flyte binary gets the spec: database, storage, resources, version', () => {
    const { chart, objects } = build(validInput());
    expect(chart.flyte.fullName).toBe('rel-a-flyte-binary');
    expect(chart.flyte.namespace).toBe('ns-a');
    const pod = find(objects, 'Deployment', 'rel-a-flyte-binary').spec.template.spec;
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '768Mi' }, limits: { cpu: '3', memory: '3Gi' } });
    expect(pod.initContainers[0].env).toEqual([{ name: 'DB_HOST', value: 'db-a.internal' }, { name: 'DB_PORT', value: '6543' }, { name: 'DB_USER', value: 'user_a' }]);
    const config = find(objects, 'ConfigMap', 'rel-a-flyte-binary-config').data;
    expect(config['002-database.yaml']).toContain('dbname: "dbname_a"');
    expect(config['003-storage.yaml']).toContain('container: "meta-bucket-a"');
  });

  test('no Ingress unless the spec has one', () => {
    expect(build(validInput()).objects.some((o) => o.kind === 'Ingress')).toBe(false);
    const { objects } = build(everything());
    expect(find(objects, 'Ingress', 'rel-a-flyte-binary-http').spec.rules[0].host).toBe('flyte.a.example');
    expect(find(objects, 'Ingress', 'rel-a-flyte-binary-grpc').spec.ingressClassName).toBe('nginx-a');
  });

  test('networkPolicy: off by default and when disabled; when enabled, for the Flyte pod and the database port', () => {
    expect(build(validInput()).objects.some((o) => o.kind === 'NetworkPolicy')).toBe(false);
    const off = clone(validInput());
    off.networkPolicy = { enabled: false, ingressNamespaces: ['x'] };
    expect(build(off).ids).not.toContain('NetworkPolicy');
    const on = clone(validInput());
    on.networkPolicy = { enabled: true, ingressNamespaces: ['ingress-a'], egressCidrs: ['10.1.0.0/16'] };
    const { objects } = build(on);
    const np = find(objects, 'NetworkPolicy', 'rel-a-flyte-binary');
    const deployment = find(objects, 'Deployment', 'rel-a-flyte-binary');
    expect(np.metadata.namespace).toBe('ns-a');
    expect(np.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(np.spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values).toEqual(['ingress-a']);
    // metricsNamespaces defaults to ["monitoring"].
    expect(np.spec.ingress[2].from[0].namespaceSelector.matchExpressions[0].values).toEqual(['monitoring']);
    expect(np.spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '10.1.0.0/16' } }], ports: [{ protocol: 'TCP', port: 6543 }, { protocol: 'TCP', port: 443 }] });
  });

  test('networkPolicy egress follows the settings: the proxy port, the S3 endpoint\'s, the Pod Identity agent', () => {
    const input: any = validInput({ networkPolicy: { enabled: true } });
    input.proxy = { https: 'http://proxy.a.example:3128', http: 'http://proxy.a.example:8080' };
    input.storage = { ...input.storage, endpoint: 'https://bucket.vpce-0a1.s3.eu-west-3.vpce.amazonaws.com:4443' };
    const np = find(objectsOf(input), 'NetworkPolicy', 'rel-a-flyte-binary');
    expect(np.spec.egress[1].ports.map((p: any) => p.port)).toEqual([6543, 443, 8080, 3128, 4443]);
    expect(np.spec.egress).toHaveLength(2);
    input.serviceAccount = { ...input.serviceAccount, credentials: 'podIdentity' };
    const pi = find(objectsOf(input), 'NetworkPolicy', 'rel-a-flyte-binary');
    expect(pi.spec.egress[2]).toEqual({ to: [{ ipBlock: { cidr: '169.254.170.23/32' } }, { ipBlock: { cidr: 'fd00:ec2::23/128' } }], ports: [{ protocol: 'TCP', port: 80 }] });
  });

  test('auth: the spec reaches FlyteAuth; an issuer on its own port opens that port in the NetworkPolicy', () => {
    const input: any = validInput({ networkPolicy: { enabled: true } });
    input.auth = {
      oidc: { issuer: 'https://idp.e.example:8443/oauth2', clientId: 'console-e', clientSecret: { name: 'oidc-e', key: 'k-e' } },
      authorizationServer: { type: 'external', issuer: 'https://as.e.example:9443/x', audience: 'api://e' },
      internalClient: { clientId: 'svc-e', clientSecret: { name: 'prop-e' } },
      authorizedUris: ['https://flyte.e.example'],
    };
    const objects = objectsOf(input);
    const config = find(objects, 'ConfigMap', 'rel-a-flyte-binary-config').data;
    const auth = YAML.parse(config['005-auth.yaml']).auth;
    expect(auth.userAuth.openId).toMatchObject({ baseUrl: 'https://idp.e.example:8443/oauth2', clientId: 'console-e' });
    expect(auth.appAuth.externalAuthServer).toEqual({ baseUrl: 'https://as.e.example:9443/x', allowedAudience: ['api://e'] });
    expect(auth.authorizedUris[0]).toBe('https://flyte.e.example');
    expect(YAML.parse(config['000-core.yaml']).admin).toMatchObject({ clientId: 'svc-e', audience: 'api://e' });
    const np = find(objects, 'NetworkPolicy', 'rel-a-flyte-binary');
    expect(np.spec.egress[1].ports.map((p: any) => p.port)).toEqual([6543, 443, 8443, 9443]);
    // Without auth: nothing of it.
    const plain = objectsOf(validInput());
    expect(find(plain, 'ConfigMap', 'rel-a-flyte-binary-config').data['005-auth.yaml']).toBeUndefined();
    expect(plain.some((o) => o.metadata.name === 'rel-a-flyte-binary-admin-auth')).toBe(false);
  });

  test('the ServiceMonitor: off unless enabled; selects the metrics Service and no other', () => {
    const off = clone(validInput());
    off.metrics = { serviceMonitor: { enabled: false } };
    expect(build(off).ids).not.toContain('ServiceMonitor');
    const { objects } = build(everything());
    const sm = find(objects, 'ServiceMonitor', 'rel-a-flyte-binary');
    expect(sm.metadata.namespace).toBe('ns-a');
    expect(sm.metadata.labels.release).toBe('prom-a');
    expect(sm.metadata.labels['app.kubernetes.io/instance']).toBe('rel-a');
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    const selector: Record<string, string> = sm.spec.selector.matchLabels;
    const selected = objects
      .filter((o) => o.kind === 'Service' && Object.entries(selector).every(([k, v]) => o.metadata.labels?.[k] === v))
      .map((o) => o.metadata.name);
    expect(selected).toEqual(['rel-a-flyte-binary-metrics']);
    const metrics = find(objects, 'Service', 'rel-a-flyte-binary-metrics');
    expect(metrics.spec.ports.map((p: any) => p.name)).toContain('metrics');
  });

  test('every object carries the common labels of the release and the Flyte version', () => {
    for (const o of build(everything()).objects) {
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/instance': 'rel-a',
        'app.kubernetes.io/version': 'v9.8.7',
        'app.kubernetes.io/managed-by': 'enterprise-flyte',
      });
    }
  });

  test('exposes the spec it was built from', () => {
    const spec = specOf(validInput());
    const chart = new FlyteEnvironment(new App({ outdir: '.' }), 'e', { spec });
    expect(chart.spec).toBe(spec);
  });
});

describe('workflow settings reach the objects', () => {
  const YAML = require('yaml');
  const configOf = (objects: any[], file: string) => YAML.parse(find(objects, 'ConfigMap', 'rel-a-flyte-binary-config').data[file], { version: '1.1' });
  const templatesOf = (objects: any[]) => find(objects, 'ConfigMap', 'rel-a-flyte-binary-cluster-resource-templates').data;

  test('images named in flyteConfig are mirrored, pinned, inventoried and mirrored like co-pilot', () => {
    const { mirrorPlan } = require('../../src/images/mirror-plan');
    const { imageInventory } = require('../../src/images/inventory');
    const input = { ...clone(validInput()), flyteConfig: { plugins: { ray: { 'default-image': 'docker.io/rayproject/ray:2.9.3' } }, connector: { sidecarImage: 'ghcr.io/acme/sidecar:1.2' } } };
    const digest = `sha256:${'e'.repeat(64)}`;
    const { chart, objects } = build(input, { 'docker.io/rayproject/ray:2.9.3': digest });
    expect(configOf(objects, '100-inline-config.yaml')).toEqual({
      plugins: { ray: { 'default-image': `mirror.corp.example:5443/rayproject/ray:2.9.3@${digest}` } },
      connector: { sidecarImage: 'mirror.corp.example:5443/acme/sidecar:1.2' },
    });
    const inventory = imageInventory('env-x', chart).images.filter((i: any) => i.role === 'flyte-config');
    expect(inventory).toEqual([
      { role: 'flyte-config', usedIn: 'ConfigMap/rel-a-flyte-binary-config 100-inline-config.yaml connector.sidecarImage', source: 'ghcr.io/acme/sidecar:1.2', target: 'mirror.corp.example:5443/acme/sidecar:1.2', digest: null },
      { role: 'flyte-config', usedIn: 'ConfigMap/rel-a-flyte-binary-config 100-inline-config.yaml plugins.ray.default-image', source: 'docker.io/rayproject/ray:2.9.3', target: `mirror.corp.example:5443/rayproject/ray:2.9.3@${digest}`, digest },
    ]);
    expect(mirrorPlan(chart).map((m: any) => `${m.source.registry}/${m.source.repository}:${m.source.tag}`)).toEqual(expect.arrayContaining(['docker.io/rayproject/ray:2.9.3', 'ghcr.io/acme/sidecar:1.2']));
  });

  test('an ECR registry without a pull Secret: no imagePullSecrets anywhere', () => {
    const input = { ...clone(validInput()), registry: { host: '210987654321.dkr.ecr.eu-west-3.amazonaws.com' }, tasks: { roleArn: 'arn:aws:iam::210987654321:role/t' } };
    const { objects } = build(input);
    expect(find(objects, 'ServiceAccount', 'rel-a-flyte-binary').imagePullSecrets).toBeUndefined();
    expect(find(objects, 'Deployment', 'rel-a-flyte-binary').spec.template.spec.imagePullSecrets).toBeUndefined();
    expect(YAML.parse(templatesOf(objects)['002_serviceaccount.yaml']).imagePullSecrets).toBeUndefined();
    expect(find(objects, 'Deployment', 'rel-a-flyte-binary').spec.template.spec.containers[0].image).toMatch(/^210987654321\.dkr\.ecr\.eu-west-3\.amazonaws\.com\/flyteorg\//);
  });

  test('enabled CRD plugins and templated kinds reach the ClusterRole; the templates checksum rolls the pod', () => {
    const plain = build(clone(validInput()));
    const input = { ...clone(validInput()), plugins: { enabled: ['container', 'spark'], defaultForTaskTypes: { spark: 'spark' } }, tasks: { resources: { defaults: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } } } };
    const { objects } = build(input);
    const rules = find(objects, 'ClusterRole', 'rel-a-flyte-binary-cluster-role').rules;
    expect(rules[0].resources).toEqual(['limitranges', 'namespaces', 'resourcequotas', 'secrets', 'serviceaccounts']);
    expect(rules[rules.length - 1]).toEqual({ apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'watch'] });
    const sum = (o: any[]) => find(o, 'Deployment', 'rel-a-flyte-binary').spec.template.metadata.annotations['checksum/cluster-resource-templates'];
    expect(sum(objects)).not.toBe(sum(plain.objects));
    expect(find(plain.objects, 'ClusterRole', 'rel-a-flyte-binary-cluster-role').rules[0].resources).toEqual(['namespaces', 'resourcequotas', 'secrets', 'serviceaccounts']);
  });

  test('taskNamespaces: each declared project in each domain, with the configured level', () => {
    const input = { ...clone(validInput()), projects: [{ name: 'p1' }, { name: 'p2' }], domains: ['d1', 'd2'], tasks: { podSecurity: 'restricted' } };
    const { chart } = build(input);
    expect(chart.flyte.taskNamespaces.map((n) => n.name)).toEqual(['p1-d1', 'p1-d2', 'p2-d1', 'p2-d2']);
    expect(chart.flyte.taskNamespaces[0].labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});

import { checkPolicy } from '../../src/policy/check';
import { RULES } from '../../src/policy/rules';
import { objectsOf, validInput } from '../helpers';

/** Our own objects for an environment: these pass every rule. */
const good = () => objectsOf({ ...validInput(), networkPolicy: { enabled: true }, metrics: { serviceMonitor: { enabled: true } } }) as any[];
const ctxOf = (objects: any[]) => {
  const d = objects.find((o) => o.kind === 'Deployment');
  const pod = d.spec.template.spec;
  const images = [...pod.containers, ...pod.initContainers].map((c: any) => c.image);
  images.push('mirror.corp.example:5443/flyteorg/flytecopilot-release:v9.8.7');
  return { registry: 'mirror.corp.example:5443', inventory: images };
};
const deployment = (objects: any[]) => objects.find((o) => o.kind === 'Deployment');
const flyte = (objects: any[]) => deployment(objects).spec.template.spec.containers[0];
const init = (objects: any[]) => deployment(objects).spec.template.spec.initContainers[0];

/** Breaks one rule; returns the expected violation text (rule, object, field, message). */
const fixtures: Record<string, (o: any[]) => string | string[]> = {
  'run-as-non-root': (o) => {
    delete deployment(o).spec.template.spec.securityContext.runAsNonRoot;
    delete init(o).securityContext.runAsNonRoot;
    return '[run-as-non-root] Deployment/rel-a-flyte-binary spec.template.spec.initContainers[wait-for-db].securityContext.runAsNonRoot: runAsNonRoot is not true';
  },
  'run-as-user': (o) => {
    flyte(o).securityContext.runAsUser = 0;
    return '[run-as-user] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].securityContext.runAsUser: runAsUser is 0';
  },
  'privilege-escalation': (o) => {
    delete init(o).securityContext.allowPrivilegeEscalation;
    return '[privilege-escalation] Deployment/rel-a-flyte-binary spec.template.spec.initContainers[wait-for-db].securityContext.allowPrivilegeEscalation: allowPrivilegeEscalation is not false';
  },
  privileged: (o) => {
    flyte(o).securityContext.privileged = true;
    return '[privileged] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].securityContext.privileged: the container is privileged';
  },
  capabilities: (o) => {
    flyte(o).securityContext.capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] };
    return '[capabilities] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].securityContext.capabilities.add: capabilities add SYS_ADMIN';
  },
  seccomp: (o) => {
    delete deployment(o).spec.template.spec.securityContext.seccompProfile;
    delete flyte(o).securityContext.seccompProfile;
    return '[seccomp] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].securityContext.seccompProfile: seccompProfile is not set';
  },
  'read-only-root-filesystem': (o) => {
    flyte(o).securityContext.readOnlyRootFilesystem = false;
    return '[read-only-root-filesystem] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].securityContext.readOnlyRootFilesystem: the root filesystem is writable';
  },
  resources: (o) => {
    delete init(o).resources.limits.memory;
    return '[resources] Deployment/rel-a-flyte-binary spec.template.spec.initContainers[wait-for-db].resources.limits.memory: limits.memory is not set';
  },
  probes: (o) => {
    delete flyte(o).readinessProbe;
    return '[probes] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].readinessProbe: no readiness probe';
  },
  'host-ports': (o) => {
    flyte(o).ports[0].hostPort = 8088;
    return '[host-ports] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].ports: a port binds a host port';
  },
  'host-namespaces': (o) => {
    deployment(o).spec.template.spec.hostNetwork = true;
    return '[host-namespaces] Deployment/rel-a-flyte-binary spec.template.spec.hostNetwork: hostNetwork is true';
  },
  'volume-types': (o) => {
    deployment(o).spec.template.spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } });
    return '[volume-types] Deployment/rel-a-flyte-binary spec.template.spec.volumes[docker]: volume type hostPath is not allowed';
  },
  'service-account-token': (o) => {
    delete o.find((x) => x.kind === 'ServiceAccount').automountServiceAccountToken;
    return '[service-account-token] ServiceAccount/rel-a-flyte-binary automountServiceAccountToken: the ServiceAccount mounts its token into every pod';
  },
  'image-tag': (o) => {
    flyte(o).image = 'mirror.corp.example:5443/flyteorg/flyte-binary-release:latest';
    return [
      '[image-tag] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].image: image "mirror.corp.example:5443/flyteorg/flyte-binary-release:latest" uses the "latest" tag',
      '[image-inventory] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].image: image "mirror.corp.example:5443/flyteorg/flyte-binary-release:latest" is not in the image inventory',
    ];
  },
  'image-registry': (o) => {
    const cm = o.find((x) => x.kind === 'ConfigMap' && x.metadata.name === 'rel-a-flyte-binary-config');
    cm.data['001-plugins.yaml'] = cm.data['001-plugins.yaml'].replace('mirror.corp.example:5443/', 'cr.flyte.org/');
    return [
      '[image-registry] ConfigMap/rel-a-flyte-binary-config data.001-plugins.yaml:plugins.k8s.co-pilot.image: image "cr.flyte.org/flyteorg/flytecopilot-release:v9.8.7" is not in mirror.corp.example:5443',
      // An image from elsewhere is also one the inventory does not list.
      '[image-inventory] ConfigMap/rel-a-flyte-binary-config data.001-plugins.yaml:plugins.k8s.co-pilot.image: image "cr.flyte.org/flyteorg/flytecopilot-release:v9.8.7" is not in the image inventory',
    ];
  },
  'image-inventory': (o) => {
    init(o).image = 'mirror.corp.example:5443/library/busybox:1.36';
    return '[image-inventory] Deployment/rel-a-flyte-binary spec.template.spec.initContainers[wait-for-db].image: image "mirror.corp.example:5443/library/busybox:1.36" is not in the image inventory';
  },
  'secret-data': (o) => {
    o.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'ns-a' }, stringData: { password: 'not-a-real-one' } });
    return '[secret-data] Secret/db data: the Secret carries data into Git';
  },
  'plaintext-credential': (o) => {
    flyte(o).env.push({ name: 'DB_PASSWORD', value: 'not-a-real-one' });
    return '[plaintext-credential] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].env[DB_PASSWORD]: variable DB_PASSWORD looks like a plaintext credential';
  },
  'service-selects-pod': (o) => {
    o.find((x) => x.kind === 'Service' && x.metadata.name === 'rel-a-flyte-binary-grpc').spec.selector['app.kubernetes.io/instance'] = 'other';
    return '[service-selects-pod] Service/rel-a-flyte-binary-grpc spec.selector: the selector matches no pod';
  },
  'namespace-restricted': (o) => {
    o.find((x) => x.kind === 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline';
    return '[namespace-restricted] Namespace/ns-a metadata.labels: the Namespace does not enforce the restricted profile';
  },
  'rbac-least-privilege': (o) => {
    o.find((x) => x.kind === 'ClusterRole').rules.push({ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['create', 'get', 'list'] });
    return '[rbac-least-privilege] ClusterRole/rel-a-flyte-binary-cluster-role rules[7]: the rule lets the binary create or change CustomResourceDefinitions';
  },
};

/** The inventory and registry of the untouched objects: fixtures change objects, not the inventory. */
const CTX = ctxOf(good());
const lines = (objects: any[]) => checkPolicy(objects, CTX).violations.map((v) => `[${v.rule}] ${v.object} ${v.field}: ${v.message}`);

describe('policy rules', () => {
  test('our objects pass every rule', () => {
    expect(lines(good())).toEqual([]);
  });

  test('every rule has a fixture', () => {
    expect(Object.keys(fixtures).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test.each(Object.keys(fixtures))('%s: a violating fixture is reported, and only that', (rule) => {
    const objects = good();
    const expected = fixtures[rule](objects);
    expect(lines(objects)).toEqual(Array.isArray(expected) ? expected : [expected]);
  });

  test('every violation says how to fix it', () => {
    const objects = good();
    fixtures['image-tag'](objects);
    const [v] = checkPolicy(objects, CTX).violations;
    expect(v.fix).toBe('pin the image to a release tag (flyte.version) or lock its digest');
  });

  test('more rule details', () => {
    const objects = good();
    const svc = objects.find((x) => x.kind === 'Service' && x.metadata.name === 'rel-a-flyte-binary-http');
    svc.spec.ports[0].targetPort = 'admin';
    const cm = objects.find((x) => x.kind === 'ConfigMap' && x.metadata.name === 'rel-a-flyte-binary-config');
    cm.data['004-auth.yaml'] = 'auth:\n  clientSecret: abc\n';
    flyte(objects).image = 'mirror.corp.example:5443/flyteorg/flyte-binary-release';
    expect(lines(objects)).toEqual([
      '[image-tag] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].image: image "mirror.corp.example:5443/flyteorg/flyte-binary-release" has no tag',
      '[image-inventory] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].image: image "mirror.corp.example:5443/flyteorg/flyte-binary-release" is not in the image inventory',
      '[plaintext-credential] ConfigMap/rel-a-flyte-binary-config data.004-auth.yaml:clientSecret: key clientSecret looks like a plaintext credential',
      '[service-selects-pod] Service/rel-a-flyte-binary-http spec.ports[http].targetPort: targetPort admin is not a port of the selected pod',
    ]);
  });

  test('bind is allowed only by name, on a ClusterRole the release ships (the Spark driver role); never on another role or unnamed', () => {
    const spark = () => objectsOf({ ...validInput(), plugins: { enabled: ['container', 'spark'], defaultForTaskTypes: { spark: 'spark' } } }) as any[];
    const ok = spark();
    const role = ok.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'rel-a-flyte-binary-cluster-role');
    const bindAt = role.rules.findIndex((r: any) => r.verbs.includes('bind'));
    expect(role.rules[bindAt]).toEqual({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: ['rel-a-flyte-binary-spark-driver'], verbs: ['bind'] });
    expect(checkPolicy(ok, ctxOf(ok)).violations).toEqual([]);
    for (const change of [(r: any) => { r.resourceNames = ['cluster-admin']; }, (r: any) => { delete r.resourceNames; }, (r: any) => { r.resources = ['roles']; }]) {
      const objects = spark();
      change(objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'rel-a-flyte-binary-cluster-role').rules[bindAt]);
      expect(checkPolicy(objects, ctxOf(objects)).violations.map((v) => `${v.rule} ${v.field}: ${v.message}`)).toEqual([`rbac-least-privilege rules[${bindAt}]: the rule grants bind`]);
    }
  });

  test('a registry port is not mistaken for a tag, and digests pin', () => {
    const objects = good();
    flyte(objects).image = `mirror.corp.example:5443/flyteorg/flyte-binary-release@sha256:${'1'.repeat(64)}`;
    expect(lines(objects).filter((l) => l.startsWith('[image-tag]'))).toEqual([]);
  });

  test('credential-looking values are caught whatever the key', () => {
    const objects = good();
    flyte(objects).env.push({ name: 'DATABASE_URL', value: 'postgres://flyte:s3cr3t@db:5432/flyte' });
    expect(lines(objects)).toEqual(['[plaintext-credential] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].env[DATABASE_URL]: variable DATABASE_URL looks like a plaintext credential']);
  });

  test('credentials in annotations and labels of any object, and of the pod template, are caught', () => {
    const objects = good();
    const svc = objects.find((x) => x.kind === 'Service' && x.metadata.name === 'rel-a-flyte-binary-http');
    svc.metadata.annotations = { 'corp.io/hook': 'https://robot:Zq81x@hooks.corp.example/', 'corp.io/plain': 'internal' };
    const deployment = objects.find((x) => x.kind === 'Deployment');
    deployment.spec.template.metadata.annotations = { ...deployment.spec.template.metadata.annotations, 'corp.io/key': `AKIA${'Q7'.repeat(8)}` };
    deployment.metadata.labels = { ...deployment.metadata.labels, 'corp.io/token': `ASIA${'Z9'.repeat(8)}` };
    expect(lines(objects)).toEqual([
      '[plaintext-credential] Service/rel-a-flyte-binary-http metadata.annotations[corp.io/hook]: annotation corp.io/hook looks like a plaintext credential',
      '[plaintext-credential] Deployment/rel-a-flyte-binary metadata.labels[corp.io/token]: label corp.io/token looks like a plaintext credential',
      '[plaintext-credential] Deployment/rel-a-flyte-binary spec.template.metadata.annotations[corp.io/key]: pod annotation corp.io/key looks like a plaintext credential',
    ]);
  });
});

describe('an upstream-shaped deployment', () => {
  // The upstream chart's default: no security context, the git default "latest" tag, images from
  // public registries, and the right to create CRDs.
  const upstream = () => [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'flyte-backend-flyte-binary', namespace: 'flyte' } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'flyte-backend-flyte-binary-cluster-role' }, rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
      { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['create', 'get', 'list'] },
    ] },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'flyte-backend-flyte-binary', namespace: 'flyte' }, spec: {
      selector: { matchLabels: { app: 'flyte' } },
      template: { metadata: { labels: { app: 'flyte' } }, spec: {
        serviceAccountName: 'flyte-backend-flyte-binary',
        containers: [{
          name: 'flyte', image: 'cr.flyte.org/flyteorg/flyte-binary:latest', ports: [{ name: 'http', containerPort: 8088 }],
          livenessProbe: { httpGet: { path: '/healthcheck', port: 'http' } }, readinessProbe: { httpGet: { path: '/healthcheck', port: 'http' } },
          resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
        }],
      } },
    } },
  ];

  test('fails with one message per violation', () => {
    const result = checkPolicy(upstream() as any[], { registry: 'your-private-registry.com', inventory: ['your-private-registry.com/flyteorg/flyte-binary-release:v1.16.8'] });
    expect(result.violations.map((v) => `[${v.rule}] ${v.field}: ${v.message}`)).toEqual([
      '[run-as-non-root] spec.template.spec.containers[flyte].securityContext.runAsNonRoot: runAsNonRoot is not true',
      '[run-as-user] spec.template.spec.containers[flyte].securityContext.runAsUser: runAsUser is not set',
      '[privilege-escalation] spec.template.spec.containers[flyte].securityContext.allowPrivilegeEscalation: allowPrivilegeEscalation is not false',
      '[capabilities] spec.template.spec.containers[flyte].securityContext.capabilities.drop: capabilities do not drop ALL',
      '[seccomp] spec.template.spec.containers[flyte].securityContext.seccompProfile: seccompProfile is not set',
      '[read-only-root-filesystem] spec.template.spec.containers[flyte].securityContext.readOnlyRootFilesystem: the root filesystem is writable',
      '[service-account-token] automountServiceAccountToken: the ServiceAccount mounts its token into every pod',
      '[service-account-token] spec.template.spec.automountServiceAccountToken: the pod does not say whether it needs an API token',
      '[image-tag] spec.template.spec.containers[flyte].image: image "cr.flyte.org/flyteorg/flyte-binary:latest" uses the "latest" tag',
      '[image-registry] spec.template.spec.containers[flyte].image: image "cr.flyte.org/flyteorg/flyte-binary:latest" is not in your-private-registry.com',
      '[image-inventory] spec.template.spec.containers[flyte].image: image "cr.flyte.org/flyteorg/flyte-binary:latest" is not in the image inventory',
      '[rbac-least-privilege] rules[1]: the rule lets the binary create or change CustomResourceDefinitions',
    ]);
  });
});

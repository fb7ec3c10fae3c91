import * as fs from 'fs';
import * as path from 'path';
import { checkPolicy } from '../../../src/policy/check';
import { RULES } from '../../../src/policy/rules';
import { flyte, good, lines } from './fixture';

describe('policy rules', () => {
  test('our objects pass every rule', () => {
    expect(lines(good())).toEqual([]);
  });

  test('every rule has a file and a test file named after its id', () => {
    const named = (dir: string, ext: string) => fs.readdirSync(dir).filter((n) => n.endsWith(ext) && !n.startsWith('index.')).map((n) => n.slice(0, -ext.length)).sort();
    expect(named(__dirname, '.test.ts')).toEqual(RULES.map((r) => r.id).sort());
    expect(named(path.join(__dirname, '..', '..', '..', 'src', 'policy', 'rules'), '.ts')).toEqual(RULES.map((r) => r.id).sort());
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

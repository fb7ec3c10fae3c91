/**
 * The cluster-resource templates of dist/enterprise on a real API server: rendered for one
 * project-domain by the conformance harness exactly as flyteadmin v1.16.8's controller renders them
 * (flyteadmin/pkg/clusterresource/controller.go: cluster_resources.customData as Flyte's loader
 * decoded it, "{{ key }}" replaced case-sensitively), from the pod's config folder as the projected
 * volume assembles it; then applied server-side AS the Flyte ServiceAccount, so that the generated
 * ClusterRole is what allows it. Pod Security, the quota and the LimitRange are then enforced by
 * the server's own admission.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { parseAll } from '../../src/synth/yaml';
import type { KubeObject } from '../../src/synth/manifests';
import { assembleConfigDir, assembleTemplateDir, renderTemplates } from '../conformance/harness';
import { configSecrets, flyteHashFile } from '../conformance/operator-secrets';
import { ROOT } from '../helpers';
import { ControlPlane, startControlPlane } from './control-plane';

const SA = 'system:serviceaccount:flyte:flyte-backend-flyte-binary';
const PROJECT = 'ml-training';
const DOMAIN = 'production';
const NS = `${PROJECT}-${DOMAIN}`;
const DIST = path.join(ROOT, 'dist', 'enterprise', 'manifests');

const objects = fs.readdirSync(DIST).flatMap((f) => parseAll(fs.readFileSync(path.join(DIST, f), 'utf8'))) as KubeObject[];
const configDir = assembleConfigDir(objects, configSecrets(objects, { makeHashFile: flyteHashFile }, 'flytepropeller'));
const templateDir = assembleTemplateDir(objects);

/** The rendered templates of a project-domain, file name -> manifest, in flyteadmin's order. */
function rendered(project: string, domain: string): Array<[string, string]> {
  return renderTemplates(configDir, templateDir, project, domain).split(/^---\n# Source: /m).filter((p) => p.length > 0).map((p) => {
    const nl = p.indexOf('\n');
    return [p.slice(0, nl), p.slice(nl + 1)];
  });
}

let cp: ControlPlane;
beforeAll(async () => {
  cp = await startControlPlane();
  const files = fs.readdirSync(DIST).filter((f) => /^(00-namespace|05-serviceaccount|09-customresourcedefinition|10-clusterrole-|11-clusterrolebinding)/.test(f)).sort();
  cp.mustKubectl(['apply', '--server-side', ...files.flatMap((f) => ['-f', path.join(DIST, f)])]);
}, 300_000);
afterAll(() => {
  cp?.stop();
  for (const d of [configDir, templateDir]) fs.rmSync(d, { recursive: true, force: true });
});

const asFlyte = (args: string[], input?: string) => cp.kubectl([...args, '--as', SA], { input });
const getJson = (args: string[]) => JSON.parse(cp.mustKubectl([...args, '-o', 'json']));

describe(`cluster-resource templates for ${NS}, applied as ${SA}`, () => {
  test('every template applies server-side with the ClusterRole\'s rights alone, in flyteadmin\'s file order, with no variable left', () => {
    const files = rendered(PROJECT, DOMAIN);
    expect(files.map(([f]) => f)).toEqual(['001_namespace.yaml', '002_serviceaccount.yaml', '003_resourcequota.yaml', '004_limitrange.yaml']);
    for (const [file, manifest] of files) {
      expect(manifest).not.toContain('{{');
      const r = asFlyte(['apply', '--server-side', '--field-manager=flyteadmin', '-f', '-'], manifest);
      expect(`${file}: ${r.status} ${r.stderr}`).toBe(`${file}: 0 `);
    }
  });

  test('each domain gets its own values: development renders the shared task role and quota', () => {
    const files = Object.fromEntries(rendered('analytics', 'development'));
    expect(files['001_namespace.yaml']).toContain('name: "analytics-development"');
    expect(files['002_serviceaccount.yaml']).toContain('eks.amazonaws.com/role-arn: "arn:aws:iam::123456789012:role/flyte-tasks"');
    expect(files['003_resourcequota.yaml']).toContain('limits.cpu: "16"');
  });

  test('the namespace has the Pod Security labels: baseline enforced, restricted warned and audited', () => {
    expect(getJson(['get', 'namespace', NS]).metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.27',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  test('the default ServiceAccount has the production task role and the pull Secret', async () => {
    await cp.waitFor('the default ServiceAccount', () => cp.kubectl(['get', 'serviceaccount', 'default', '-n', NS]).status === 0);
    const sa = getJson(['get', 'serviceaccount', 'default', '-n', NS]);
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::123456789012:role/flyte-tasks-production');
    expect(sa.metadata.annotations['eks.amazonaws.com/sts-regional-endpoints']).toBe('true');
    expect(sa.imagePullSecrets).toEqual([{ name: 'private-registry-secret' }]);
  });

  test('the quota of the production domain and the LimitRange exist', () => {
    expect(getJson(['get', 'resourcequota', 'project-quota', '-n', NS]).spec.hard).toEqual({
      'limits.cpu': '64', 'limits.memory': '256Gi', 'requests.nvidia.com/gpu': '8', 'limits.ephemeral-storage': '400Gi',
    });
    expect(getJson(['get', 'limitrange', 'task-defaults', '-n', NS]).spec.limits[0].max).toEqual({ cpu: '4', memory: '16Gi', 'ephemeral-storage': '20Gi' });
  });

  const pod = (name: string, container: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
    YAML.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS }, spec: { ...spec, containers: [{ name: 'task', image: 'registry.example/task:1', ...container }] } });

  test('a task pod that asks for nothing is admitted with the task defaults as requests and limits', () => {
    const r = cp.kubectl(['apply', '--dry-run=server', '-o', 'json', '-f', '-'], { input: pod('plain', {}) });
    // Admitted under baseline; the restricted standard only warns.
    expect(r.stderr).toMatch(/^Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).spec.containers[0].resources).toEqual({
      requests: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '2Gi' },
      limits: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '2Gi' },
    });
  });

  test('the server refuses a pod on the host network (baseline) and a container above the task limit (LimitRange)', () => {
    const host = cp.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: pod('host', {}, { hostNetwork: true }) });
    expect(host.status).not.toBe(0);
    expect(host.stderr).toMatch(/violates PodSecurity "baseline:v1\.27": host namespaces \(hostNetwork=true\)/);
    const big = cp.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: pod('big', { resources: { limits: { cpu: '5', memory: '1Gi' } } }) });
    expect(big.status).not.toBe(0);
    expect(big.stderr).toMatch(/maximum cpu usage per Container is 4/);
  });

  test('the Flyte ServiceAccount may not delete what it templated (no rights beyond the templates)', () => {
    for (const kind of ['limitrange/task-defaults', 'resourcequota/project-quota', 'serviceaccount/default']) {
      const r = asFlyte(['delete', '-n', NS, kind]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/forbidden/);
    }
  });
});

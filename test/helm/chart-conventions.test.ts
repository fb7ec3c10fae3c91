/**
 * The checks platform teams run on a chart with their own tools: `helm lint --strict` and
 * `helm template --kube-version` at every minor EKS supports (SUPPORTED_RANGE), with Helm 4 and the
 * newest Helm 3; and kubeconform's strict validation of the rendered objects against JSON schemas
 * made from Kubernetes' own OpenAPI document (api/openapi-spec/swagger.json of k8s.io/kubernetes at
 * the newest minor), which rejects unknown fields, wrong types and missing required fields.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { SUPPORTED_RANGE } from '../../src/eks/compatibility';
import { parseAll } from '../../src/synth/yaml';
import { pinnedVersions } from '../bundle/fixture';
import { ROOT, tool, toolBin } from '../helpers';

const ENVIRONMENTS = fs.readdirSync(path.join(ROOT, 'dist')).sort();
const HELMS = ['helm', 'helm3'] as const;
const MINORS = Array.from({ length: SUPPORTED_RANGE.max - SUPPORTED_RANGE.min + 1 }, (_, i) => `1.${SUPPORTED_RANGE.min + i}`);
/**
 * Kinds whose schema is not in Kubernetes' OpenAPI document: the CRD itself (openapi2jsonschema2
 * does not convert it) and custom resources (their schema is their CRD's). The API server checks
 * them in test/cluster/manifests.test.ts.
 */
const NOT_IN_OPENAPI = ['CustomResourceDefinition', 'ServiceMonitor', 'ExternalSecret'];

const chart = (env: string) => path.join(ROOT, 'dist', env, 'chart');

function render(helm: 'helm' | 'helm3', env: string, ...args: string[]): string {
  const r = tool(helm, ['template', 'flyte-backend', chart(env), '-n', 'flyte', '--include-crds', ...args]);
  if (r.status !== 0) throw new Error(`${helm} template ${env} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

interface Kubeconform {
  readonly status: number | null;
  readonly resources: Array<{ kind: string; name: string; status: string; msg: string }>;
  readonly summary: { valid: number; invalid: number; errors: number; skipped: number };
}

/** kubeconform -strict on YAML documents, with the schemas of .tools/kubernetes-schemas only. */
function kubeconform(yaml: string): Kubeconform {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-kubeconform-'));
  fs.writeFileSync(path.join(dir, 'rendered.yaml'), yaml);
  const schemas = toolBin('kubernetes-schemas');
  const r = spawnSync(toolBin('kubeconform'), [
    '-strict', '-summary', '-verbose', '-output', 'json',
    '-kubernetes-version', pinnedVersions().KUBERNETES_NEWEST_VERSION.slice(1),
    '-schema-location', `${schemas}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
    '-skip', NOT_IN_OPENAPI.join(','),
    path.join(dir, 'rendered.yaml'),
  ], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.error) throw r.error;
  const out = JSON.parse(r.stdout);
  return { status: r.status, resources: out.resources ?? [], summary: out.summary };
}

describe.each(HELMS)('the chart with %s', (helm) => {
  test('is the pinned client', () => {
    const pinned = pinnedVersions();
    expect(tool(helm, ['version', '--template', '{{.Version}}']).stdout).toBe(helm === 'helm' ? pinned.HELM4_VERSION : pinned.HELM3_VERSION);
  });

  test.each(ENVIRONMENTS)('helm lint --strict passes at every supported minor (%s)', (env) => {
    for (const minor of MINORS) {
      const r = tool(helm, ['lint', '--strict', '--kube-version', minor, chart(env)]);
      expect({ minor, stderr: r.stderr, status: r.status }).toEqual({ minor, stderr: '', status: 0 });
      expect(r.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    }
  });

  test.each(ENVIRONMENTS)('helm template --kube-version renders the same objects at every supported minor (%s)', (env) => {
    const first = render(helm, env, '--kube-version', MINORS[0]);
    expect(parseAll(first).length).toBeGreaterThan(10);
    for (const minor of MINORS.slice(1)) expect({ minor, rendered: render(helm, env, '--kube-version', minor) }).toEqual({ minor, rendered: first });
  });

  test('helm template refuses a minor below the chart\'s kubeVersion: the flag is in force', () => {
    const kubeVersion = YAML.parse(fs.readFileSync(path.join(chart('enterprise'), 'Chart.yaml'), 'utf8')).kubeVersion as string;
    const below = `1.${Number(/^>=1\.(\d+)\./.exec(kubeVersion)![1]) - 1}`;
    const r = tool(helm, ['template', 'x', chart('enterprise'), '--kube-version', below]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`chart requires kubeVersion: ${kubeVersion} which is incompatible with Kubernetes v${below}`);
  });
});

describe(`kubeconform -strict against Kubernetes ${pinnedVersions().KUBERNETES_NEWEST_VERSION}'s OpenAPI`, () => {
  test.each(ENVIRONMENTS)('every rendered object of %s is valid, and only the kinds outside the OpenAPI document are skipped', (env) => {
    const yaml = render('helm', env);
    const r = kubeconform(yaml);
    const kinds = parseAll(yaml).map((o: any) => o.kind);
    const skipped = kinds.filter((k: string) => NOT_IN_OPENAPI.includes(k)).length;
    expect(r.resources.filter((x) => x.status !== 'statusValid' && x.status !== 'statusSkipped')).toEqual([]);
    expect(r.summary).toEqual({ valid: kinds.length - skipped, invalid: 0, errors: 0, skipped });
    expect(r.status).toBe(0);
  });

  test.each([
    ['an unknown field', (d: any) => { d.spec.template.spec.containers[0].imagePullPolcy = 'Always'; }, 'additional properties \'imagePullPolcy\' not allowed'],
    ['a wrong type', (d: any) => { d.spec.replicas = 'one'; }, "at '/spec/replicas': got string, want null or integer"],
    ['a missing required field', (d: any) => { delete d.spec.selector; }, 'missing property \'selector\''],
  ])('refuses %s in the Deployment (the validation is strict and real)', (_what, spoil, message) => {
    const objects = parseAll(render('helm', 'enterprise'));
    const deployment = objects.find((o: any) => o.kind === 'Deployment');
    spoil(deployment);
    const r = kubeconform(objects.map((o: any) => YAML.stringify(o)).join('---\n'));
    const invalid = r.resources.filter((x) => x.status === 'statusInvalid');
    expect(invalid.map((x) => x.kind)).toEqual(['Deployment']);
    expect(invalid[0].msg).toContain(message);
    expect(r.status).not.toBe(0);
  });
});

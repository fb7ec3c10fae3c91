import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { chartMetadata, chartName } from '../../src/helm/chart-metadata';
import { buildEnvironment } from '../../src/synth/model';
import { toYaml } from '../../src/synth/yaml';
import { specOf, tool, validInput } from '../helpers';

const DIGEST = `sha256:${'e'.repeat(64)}`;

function modelOf(name: string, input: unknown, lock: Record<string, string> = {}) {
  return buildEnvironment({ name, file: `config/environments/${name}.yaml`, spec: specOf(input) }, { root: '.', lock, warn: () => undefined });
}

describe('chartName', () => {
  test('one chart per environment: enterprise-flyte-<env>', () => {
    expect(chartName('prod')).toBe('enterprise-flyte-prod');
    expect(chartName('eu-staging')).toBe('enterprise-flyte-eu-staging');
  });
});

describe('chartMetadata', () => {
  const model = modelOf('staging-b', validInput(), { 'cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7': DIGEST });
  const meta = YAML.parse(toYaml(chartMetadata(model, '2.3.4')));

  test('an application chart, apiVersion v2, named after the environment, with the given version', () => {
    expect(meta.apiVersion).toBe('v2');
    expect(meta.type).toBe('application');
    expect(meta.name).toBe('enterprise-flyte-staging-b');
    expect(meta.version).toBe('2.3.4');
  });

  test('appVersion is the Flyte version, always a quoted string', () => {
    expect(meta.appVersion).toBe('v9.8.7');
    const numeric = { ...validInput(), flyte: { version: '1.10' } };
    const text = toYaml(chartMetadata(modelOf('n', numeric), '1.0.0'));
    expect(text).toContain('appVersion: "1.10"\n');
    expect(YAML.parse(text, { version: '1.1' }).appVersion).toBe('1.10');
  });

  test('needs Kubernetes 1.27 or later (pre-releases of EKS included)', () => {
    expect(meta.kubeVersion).toBe('>=1.27.0-0');
  });

  test('the description names the environment file to edit', () => {
    expect(meta.description).toContain('"staging-b"');
    expect(meta.description).toContain('config/environments/staging-b.yaml');
    expect(meta.keywords).toEqual(['flyte', 'flyte-binary']);
  });

  test('helm.sh/images lists every image a pod can run, as the cluster pulls it (mirrored, pinned)', () => {
    const images = YAML.parse(meta.annotations['helm.sh/images']);
    expect(images).toEqual([
      { name: 'flyte-binary', image: `mirror.corp.example:5443/flyteorg/flyte-binary-release:v9.8.7@${DIGEST}` },
      { name: 'wait-for-db', image: 'mirror.corp.example:5443/library/postgres:15-alpine' },
      { name: 'co-pilot', image: 'mirror.corp.example:5443/flyteorg/flytecopilot-release:v9.8.7' },
    ]);
    expect(typeof meta.annotations['helm.sh/images']).toBe('string');
  });

  test('real helm loads it and reads the same values', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-chartmeta-'));
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.writeFileSync(path.join(dir, 'Chart.yaml'), toYaml(chartMetadata(modelOf('n', { ...validInput(), flyte: { version: '1.10' } }), '0.1.0')));
    const r = tool('helm', ['show', 'chart', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const shown = YAML.parse(r.stdout);
    expect([shown.name, shown.version, shown.appVersion, shown.kubeVersion]).toEqual(['enterprise-flyte-n', '0.1.0', '1.10', '>=1.27.0-0']);
    expect(YAML.parse(shown.annotations['helm.sh/images'])).toHaveLength(3);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { cli, tmpProject, validInput } from '../helpers';

describe('enterprise-flyte check (drift check)', () => {
  const project = () => {
    const root = tmpProject({ a: validInput() });
    expect(cli(['synth'], root).status).toBe(0);
    return root;
  };

  test('passes when dist/ is what synth writes', () => {
    const r = cli(['check'], project());
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^check: dist\/ matches a fresh synth \(\d+ files\)\n$/);
  });

  test('fails on a hand edit, an extra and a missing file, listing each and how to fix it', () => {
    const root = project();
    const deployment = path.join(root, 'dist/a/manifests/18-deployment-rel-a-flyte-binary.yaml');
    fs.writeFileSync(deployment, fs.readFileSync(deployment, 'utf8').replace('replicas: 1', 'replicas: 3'));
    fs.writeFileSync(path.join(root, 'dist/a/manifests/99-extra.yaml'), 'kind: ConfigMap\n');
    fs.rmSync(path.join(root, 'dist/a/chart/values.yaml'));
    const r = cli(['check'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      '  missing  dist/a/chart/values.yaml\n' +
        '  changed  dist/a/manifests/18-deployment-rel-a-flyte-binary.yaml\n' +
        '  extra    dist/a/manifests/99-extra.yaml\n' +
        'enterprise-flyte: check: dist/ differs from a fresh synth in 3 files (listed above); run "npx cdk8s synth" (or "npm run synth") and commit dist/\n',
    );
  });

  test('fails when a script lost its executable bit, or a data file gained one', () => {
    const root = project();
    fs.chmodSync(path.join(root, 'dist/a/scripts/deploy.sh'), 0o644);
    fs.chmodSync(path.join(root, 'dist/a/images.json'), 0o755);
    const r = cli(['check'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      '  mode     dist/a/images.json (0755, expected 0644)\n' +
        '  mode     dist/a/scripts/deploy.sh (0644, expected 0755)\n' +
        'enterprise-flyte: check: dist/ differs from a fresh synth in 2 files (listed above); run "npx cdk8s synth" (or "npm run synth") and commit dist/\n',
    );
  });

  test('group and other bits, which follow the umask of a checkout, are not a difference', () => {
    const root = project();
    fs.chmodSync(path.join(root, 'dist/a/scripts/deploy.sh'), 0o775);
    fs.chmodSync(path.join(root, 'dist/a/images.json'), 0o664);
    expect(cli(['check'], root).status).toBe(0);
  });

  test('fails when the configuration changed but dist/ was not re-synthesised', () => {
    const root = project();
    fs.writeFileSync(path.join(root, 'config/environments/a.yaml'), fs.readFileSync(path.join(root, 'config/environments/a.yaml'), 'utf8').replace('db-a.internal', 'db-b.internal'));
    const r = cli(['check'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('  changed  dist/a/manifests/07-configmap-rel-a-flyte-binary-config.yaml\n');
  });
});

import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { cli, snapshotTree, tmpProject, validInput } from '../helpers';

describe('enterprise-flyte synth (as a process)', () => {
  test('writes every environment into dist/', () => {
    const root = tmpProject({ a: validInput(), b: { ...validInput(), release: 'rel-b' } });
    const r = cli(['synth'], root);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^synthesised a, b into dist\/ \(\d+ files\)\n$/);
    expect(fs.existsSync(path.join(root, 'dist/a/manifests/18-deployment-rel-a-flyte-binary.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'dist/b/manifests/18-deployment-rel-b-flyte-binary.yaml'))).toBe(true);
  });

  test('is byte-identical across runs', () => {
    const root = tmpProject({ a: validInput() });
    cli(['synth'], root);
    const first = snapshotTree(path.join(root, 'dist'));
    cli(['synth'], root);
    expect(snapshotTree(path.join(root, 'dist'))).toEqual(first);
  });

  test('a bad environment file: one line naming file, field, value and rule; exit 2; dist/ untouched', () => {
    const root = tmpProject({ a: validInput() });
    expect(cli(['synth'], root).status).toBe(0);
    const before = snapshotTree(path.join(root, 'dist'));
    fs.writeFileSync(path.join(root, 'config/environments/z.yaml'), YAML.stringify({ ...validInput(), database: { ...validInput().database, port: 99999 } }));
    const r = cli(['synth'], root);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('enterprise-flyte: config/environments/z.yaml: database.port: 99999 is not allowed; expected an integer from 1 to 65535\n');
    expect(snapshotTree(path.join(root, 'dist'))).toEqual(before);
    expect(fs.readdirSync(root).filter((f) => f.startsWith('.dist'))).toEqual([]);
  });

  test('construct validation errors name the file too', () => {
    const root = tmpProject({ a: { ...validInput(), images: { waitForDb: 'postgres' } } });
    const r = cli(['synth'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('enterprise-flyte: config/environments/a.yaml: images.waitForDb: "postgres" has no tag; expected a tag such as ":v9.8.7" (untagged means "latest")\n');
  });

  test('an invalid image reference is a clear error', () => {
    const root = tmpProject({ a: { ...validInput(), images: { coPilot: 'cr.flyte.org/FlyteOrg/copilot:v1' } } });
    const r = cli(['synth'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('enterprise-flyte: config/environments/a.yaml: images.coPilot: "cr.flyte.org/FlyteOrg/copilot:v1" is not a valid image reference; expected "[registry[:port]/]path[:tag][@sha256:digest]" with a lowercase path\n');
  });

  test('no environments folder', () => {
    const root = tmpProject({});
    fs.rmSync(path.join(root, 'config'), { recursive: true });
    const r = cli(['synth'], root);
    expect([r.status, r.stderr]).toEqual([2, 'enterprise-flyte: config/environments: no such directory; create it with one <env>.yaml file per environment\n']);
  });

  test('an environment file name that is not a DNS label', () => {
    const root = tmpProject({ Prod_1: validInput() });
    const r = cli(['synth'], root);
    expect([r.status, r.stderr]).toEqual([2, 'enterprise-flyte: config/environments/Prod_1.yaml: environment name "Prod_1" is not allowed; expected a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters\n']);
  });

  test('unknown flags and commands', () => {
    const root = tmpProject({ a: validInput() });
    expect(cli(['synth', '--force'], root)).toEqual({ status: 2, stdout: '', stderr: "enterprise-flyte: synth: Unknown option '--force' (options: none)\n" });
    const r = cli(['deploy'], root);
    expect([r.status, r.stderr]).toEqual([2, 'enterprise-flyte: unknown command "deploy"; expected one of: synth, check, diff, init, bundle, schema, images, cluster (see --help)\n']);
    const help = cli(['--help'], root);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: enterprise-flyte <command>');
  });
});

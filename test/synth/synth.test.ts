import * as fs from 'fs';
import * as path from 'path';
import { synth } from '../../src/synth/synth';
import { snapshotTree, tmpProject, validInput } from '../helpers';

describe('synth', () => {
  test('writes the generated files into <root>/dist by default', async () => {
    const root = tmpProject({ a: validInput() });
    const result = await synth({ root });
    const written = snapshotTree(path.join(root, 'dist'));
    expect(Object.keys(written).sort()).toEqual(result.files.map((f) => f.path).sort());
    expect(fs.statSync(path.join(root, 'dist/a/scripts/deploy.sh')).mode & 0o777).toBe(0o755);
  });

  test('writes into outdir when given, and replaces what was there', async () => {
    const root = tmpProject({ a: validInput() });
    const out = path.join(root, 'elsewhere');
    fs.mkdirSync(path.join(out, 'stale'), { recursive: true });
    fs.writeFileSync(path.join(out, 'stale/file.yaml'), 'old');
    await synth({ root, outdir: out });
    expect(fs.existsSync(path.join(out, 'stale'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'a/manifests/18-deployment-rel-a-flyte-binary.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  test('a failing environment leaves dist/ as it was', async () => {
    const root = tmpProject({ a: validInput() });
    await synth({ root });
    const before = snapshotTree(path.join(root, 'dist'));
    fs.writeFileSync(path.join(root, 'config/environments/b.yaml'), 'release: Bad\n');
    await expect(synth({ root })).rejects.toThrow(/^config\/environments\/b\.yaml: /);
    expect(snapshotTree(path.join(root, 'dist'))).toEqual(before);
  });
});

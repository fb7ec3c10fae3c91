import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OutputFile, readTree, replaceDirectory } from '../../src/synth/output-dir';
import { snapshotTree } from '../helpers';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ef-out-'));

describe('replaceDirectory', () => {
  test('replaces the folder with exactly the given files, with fixed modes', () => {
    const parent = tmp();
    const dist = path.join(parent, 'dist');
    fs.mkdirSync(path.join(dist, 'old'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'old/stale.yaml'), 'x');
    const oldUmask = process.umask(0o077);
    try {
      replaceDirectory(dist, [{ path: 'a/b.yaml', content: 'b' }, { path: 'run.sh', content: '#!/bin/sh\n', mode: 0o755 }]);
    } finally {
      process.umask(oldUmask);
    }
    expect([...readTree(dist).keys()]).toEqual(['a/b.yaml', 'run.sh']);
    expect(fs.statSync(path.join(dist, 'a/b.yaml')).mode & 0o777).toBe(0o644);
    expect(fs.statSync(path.join(dist, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('an error thrown halfway through writing leaves the previous folder intact', () => {
    const parent = tmp();
    const dist = path.join(parent, 'dist');
    replaceDirectory(dist, [{ path: 'env/manifests/a.yaml', content: 'previous' }, { path: 'env/manifests/b.yaml', content: 'previous' }]);
    const before = snapshotTree(dist);
    function* interrupted(): Generator<OutputFile> {
      yield { path: 'env/manifests/a.yaml', content: 'new' };
      yield { path: 'env/manifests/c.yaml', content: 'new' };
      throw new Error('synth failed halfway');
    }
    expect(() => replaceDirectory(dist, interrupted())).toThrow('synth failed halfway');
    expect(snapshotTree(dist)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('refuses paths that leave the folder', () => {
    const dist = path.join(tmp(), 'dist');
    expect(() => replaceDirectory(dist, [{ path: '../escape.yaml', content: 'x' }])).toThrow('refusing to write outside the output directory: ../escape.yaml');
    expect(fs.existsSync(dist)).toBe(false);
  });

  test('creates the folder when there was none', () => {
    const dist = path.join(tmp(), 'dist');
    replaceDirectory(dist, [{ path: 'x', content: Buffer.from([1, 2, 3]) }]);
    expect(readTree(dist).get('x')).toEqual(Buffer.from([1, 2, 3]));
  });
});

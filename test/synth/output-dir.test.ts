import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../../src/errors';
import { OutputFile, readTree, readTreeWithModes, replaceDirectory, unchangedFiles } from '../../src/synth/output-dir';
import { snapshotTree } from '../helpers';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ef-out-'));
const errorOf = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
};

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

  test('files the previous output has byte for byte are linked, others written; the result is the same', () => {
    const dist = path.join(tmp(), 'dist');
    replaceDirectory(dist, [{ path: 'same.yaml', content: 'same' }, { path: 'changed.yaml', content: 'old' }, { path: 'run.sh', content: 'x', mode: 0o644 }]);
    const before = (f: string) => fs.statSync(path.join(dist, f)).ino;
    const inodes = { same: before('same.yaml'), changed: before('changed.yaml'), run: before('run.sh') };
    replaceDirectory(dist, [{ path: 'same.yaml', content: 'same' }, { path: 'changed.yaml', content: 'new' }, { path: 'run.sh', content: 'x', mode: 0o755 }]);
    const after = (f: string) => fs.statSync(path.join(dist, f));
    expect(after('same.yaml').ino).toBe(inodes.same);
    expect(after('changed.yaml').ino).not.toBe(inodes.changed);
    // Same bytes, other mode: written again with the new mode.
    expect(after('run.sh').ino).not.toBe(inodes.run);
    expect(after('run.sh').mode & 0o777).toBe(0o755);
    expect(Object.fromEntries([...readTree(dist)].map(([k, v]) => [k, v.toString()]))).toEqual({ 'changed.yaml': 'new', 'run.sh': 'x', 'same.yaml': 'same' });
    // Nothing else links to the files once the old output is gone.
    expect(after('same.yaml').nlink).toBe(1);
  });

  test('unchanged given by the caller: those files are linked without being read, the others written', () => {
    const dist = path.join(tmp(), 'dist');
    replaceDirectory(dist, [{ path: 'a.yaml', content: 'a' }, { path: 'b.yaml', content: 'b' }]);
    const ino = (f: string) => fs.statSync(path.join(dist, f)).ino;
    const before = { a: ino('a.yaml'), b: ino('b.yaml') };
    replaceDirectory(dist, [{ path: 'a.yaml', content: 'a' }, { path: 'b.yaml', content: 'b' }], { unchanged: new Set(['a.yaml']) });
    expect(ino('a.yaml')).toBe(before.a);
    expect(ino('b.yaml')).not.toBe(before.b);
    expect(fs.readFileSync(path.join(dist, 'b.yaml'), 'utf8')).toBe('b');
  });

  test('a folder that already holds exactly the files is left untouched', () => {
    const dist = path.join(tmp(), 'dist');
    const files = [{ path: 'a/b.yaml', content: 'b' }, { path: 'run.sh', content: 'x', mode: 0o755 }];
    replaceDirectory(dist, files);
    const ino = (f: string) => fs.statSync(path.join(dist, f)).ino;
    const before = { dir: ino('.'), sub: ino('a'), file: ino('a/b.yaml') };
    replaceDirectory(dist, files);
    expect({ dir: ino('.'), sub: ino('a'), file: ino('a/b.yaml') }).toEqual(before);
  });

  test.each([
    ['an extra file', (dist: string) => fs.writeFileSync(path.join(dist, 'a/extra.yaml'), 'x')],
    ['an extra empty folder', (dist: string) => fs.mkdirSync(path.join(dist, 'empty'))],
    ['a hand-edited file', (dist: string) => fs.writeFileSync(path.join(dist, 'a/b.yaml'), 'edited')],
    ['a changed mode', (dist: string) => fs.chmodSync(path.join(dist, 'run.sh'), 0o644)],
    ['a symlink in place of a file', (dist: string) => (fs.renameSync(path.join(dist, 'a/b.yaml'), path.join(dist, '../b.yaml')), fs.symlinkSync(path.join(dist, '../b.yaml'), path.join(dist, 'a/b.yaml')))],
  ])('a folder with %s is replaced by exactly the files', (_name, change) => {
    const dist = path.join(tmp(), 'dist');
    const files = [{ path: 'a/b.yaml', content: 'b' }, { path: 'run.sh', content: 'x', mode: 0o755 }];
    replaceDirectory(dist, files);
    change(dist);
    replaceDirectory(dist, files);
    expect(fs.readdirSync(dist, { recursive: true }).sort()).toEqual(['a', 'a/b.yaml', 'run.sh']);
    expect(fs.lstatSync(path.join(dist, 'a/b.yaml')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(dist, 'a/b.yaml'), 'utf8')).toBe('b');
    expect(fs.statSync(path.join(dist, 'run.sh')).mode & 0o777).toBe(0o755);
  });

  test('refuses paths that leave the folder', () => {
    const dist = path.join(tmp(), 'dist');
    expect(() => replaceDirectory(dist, [{ path: '../escape.yaml', content: 'x' }])).toThrow('refusing to write outside the output directory: ../escape.yaml');
    expect(fs.existsSync(dist)).toBe(false);
  });

  test('creates an empty folder for no files, when there was none', () => {
    const dist = path.join(tmp(), 'dist');
    replaceDirectory(dist, []);
    expect(fs.readdirSync(dist)).toEqual([]);
  });

  test('creates the folder when there was none', () => {
    const dist = path.join(tmp(), 'dist');
    replaceDirectory(dist, [{ path: 'x', content: Buffer.from([1, 2, 3]) }]);
    expect(readTree(dist).get('x')).toEqual(Buffer.from([1, 2, 3]));
  });

  test('removes staging folders of an interrupted run, and leaves a running one alone', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-out-'));
    const target = path.join(parent, 'dist');
    // A pid that no process has (beyond pid_max) and the pid of this very process's parent (alive).
    const dead = path.join(parent, '.dist.new-4194999-abc123');
    const deadOld = path.join(parent, '.dist.new-4194999-abc123.old');
    const alive = path.join(parent, `.dist.new-${process.ppid}-def456`);
    const unrelated = path.join(parent, '.distribution');
    for (const d of [dead, deadOld, alive, unrelated]) fs.mkdirSync(d);
    fs.writeFileSync(path.join(dead, 'x.yaml'), 'half-written');
    replaceDirectory(target, [{ path: 'a.txt', content: 'a' }]);
    expect(fs.readdirSync(parent).sort()).toEqual([path.basename(alive), '.distribution', 'dist'].sort());
  });

  test('removes an interrupted run\'s staging folder also when the output is current and nothing is written', () => {
    const parent = tmp();
    const target = path.join(parent, 'dist');
    replaceDirectory(target, [{ path: 'a.txt', content: 'a' }]);
    const inode = fs.statSync(target).ino;
    fs.mkdirSync(path.join(parent, '.dist.new-4194999-abc123'));
    replaceDirectory(target, [{ path: 'a.txt', content: 'a' }]);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
    expect(fs.statSync(target).ino).toBe(inode);
  });

  test('an output folder that is a mount point: one-line error of exit code 5, the folder and its parent as they were', () => {
    const parent = tmp();
    const target = path.join(parent, 'dist');
    const device = tmp();
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(device, 'old.txt'), 'old');
    // A bind mount makes dist/ a mount point (root only; the tests run as root).
    execFileSync('mount', ['--bind', device, target]);
    try {
      const e = errorOf(() => replaceDirectory(target, [{ path: 'new.txt', content: 'new' }]));
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).exitCode).toBe(5);
      expect(e.message).toBe(`${path.relative(process.cwd(), target)}: cannot be replaced (EBUSY: it is a mount point); synth swaps the whole folder in one step: mount its parent instead (nothing was changed)`);
      expect(fs.readdirSync(parent)).toEqual(['dist']);
      expect(fs.readdirSync(target)).toEqual(['old.txt']);
    } finally {
      execFileSync('umount', [target]);
    }
  });
});

describe('readTreeWithModes', () => {
  test('reports a symbolic link as one, with its target, without following it; a FIFO is not opened', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'real.yaml'), 'content');
    fs.symlinkSync('real.yaml', path.join(dir, 'link.yaml'));
    fs.symlinkSync('/etc', path.join(dir, 'folder-link'));
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const tree = readTreeWithModes(dir);
    expect(tree.get('link.yaml')).toEqual({ content: Buffer.from('real.yaml'), mode: 0o777, kind: 'symlink' });
    expect(tree.get('folder-link')).toEqual({ content: Buffer.from('/etc'), mode: 0o777, kind: 'symlink' });
    expect(tree.get('pipe')?.kind).toBe('other');
    expect(tree.get('real.yaml')).toEqual({ content: Buffer.from('content'), mode: 0o644 });
  });
});

describe('unchangedFiles', () => {
  test('the files the folder holds with the same bytes and mode; missing, longer, other bytes or mode are not', () => {
    const dist = path.join(tmp(), 'dist');
    replaceDirectory(dist, [
      { path: 'same.yaml', content: 'same' },
      { path: 'bytes.yaml', content: 'abc' },
      { path: 'length.yaml', content: 'short' },
      { path: 'mode.sh', content: 'x' },
      { path: 'dir/exec.sh', content: 'y', mode: 0o755 },
    ]);
    const wanted: OutputFile[] = [
      { path: 'same.yaml', content: Buffer.from('same') },
      { path: 'bytes.yaml', content: 'abd' },
      { path: 'length.yaml', content: 'shorter' },
      { path: 'mode.sh', content: 'x', mode: 0o755 },
      { path: 'dir/exec.sh', content: 'y', mode: 0o755 },
      { path: 'missing.yaml', content: 'm' },
    ];
    expect([...unchangedFiles(dist, wanted)].sort()).toEqual(['dir/exec.sh', 'same.yaml']);
    expect(unchangedFiles(path.join(dist, 'absent'), wanted).size).toBe(0);
  });
});

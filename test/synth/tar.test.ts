import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { tarGz, TarEntry, untarGz } from '../../src/synth/tar';

const ENTRIES: TarEntry[] = [
  { path: 'bundle/scripts/deploy.sh', content: '#!/bin/sh\necho deploy\n', mode: 0o755 },
  { path: 'bundle/README.md', content: '# Operator guide\n' },
  { path: 'bundle/chart/app.tgz', content: Buffer.from([0, 1, 2, 253, 254, 255]) },
  { path: 'top.txt', content: 'top\n' },
];

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ef-tar-'));

/** Runs the system tar on an archive; UTC and numeric owners so the listing is the same everywhere. */
function systemTar(args: string[], archive: Buffer, cwd = tmp()) {
  const file = path.join(cwd, 'a.tar.gz');
  fs.writeFileSync(file, archive);
  const r = spawnSync('tar', [...args, file], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, TZ: 'UTC', LC_ALL: 'C' } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('tarGz', () => {
  test('the same entries give the same bytes, in any input order', async () => {
    const a = await tarGz(ENTRIES);
    const b = await tarGz([...ENTRIES].reverse());
    expect(a.equals(b)).toBe(true);
  });

  test('different content gives different bytes', async () => {
    const a = await tarGz(ENTRIES);
    const b = await tarGz([...ENTRIES.slice(1), { ...ENTRIES[0], content: '#!/bin/sh\necho other\n' }]);
    expect(a.equals(b)).toBe(false);
  });

  test('system tar lists directories first, then files, sorted, with fixed owner, time and modes', async () => {
    const listing = systemTar(['--numeric-owner', '--full-time', '-tvzf'], await tarGz(ENTRIES));
    const lines = listing.trimEnd().split('\n').map((l) => l.split(/\s+/));
    // mode, owner/group, size, date, time, path
    expect(lines.map((l) => [l[0], l[1], l[3], l[4], l[5]])).toEqual([
      ['drwxr-xr-x', '0/0', '1980-01-01', '00:00:00', 'bundle/'],
      ['drwxr-xr-x', '0/0', '1980-01-01', '00:00:00', 'bundle/chart/'],
      ['drwxr-xr-x', '0/0', '1980-01-01', '00:00:00', 'bundle/scripts/'],
      ['-rw-r--r--', '0/0', '1980-01-01', '00:00:00', 'bundle/README.md'],
      ['-rw-r--r--', '0/0', '1980-01-01', '00:00:00', 'bundle/chart/app.tgz'],
      ['-rwxr-xr-x', '0/0', '1980-01-01', '00:00:00', 'bundle/scripts/deploy.sh'],
      ['-rw-r--r--', '0/0', '1980-01-01', '00:00:00', 'top.txt'],
    ]);
    expect(lines.map((l) => Number(l[2]))).toEqual([0, 0, 0, 17, 6, 22, 4]);
  });

  test('system tar extracts the same content, text and binary', async () => {
    const dir = tmp();
    systemTar(['-xzf'], await tarGz(ENTRIES), dir);
    for (const e of ENTRIES) expect(fs.readFileSync(path.join(dir, e.path)).equals(Buffer.from(e.content))).toBe(true);
    expect(fs.statSync(path.join(dir, 'bundle/scripts/deploy.sh')).mode & 0o777).toBe(0o755);
  });

  test('paths longer than 100 characters survive', async () => {
    const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(90)}.yaml`;
    const listing = systemTar(['-tzf'], await tarGz([{ path: long, content: 'x' }]));
    expect(listing.trimEnd().split('\n')).toEqual([`${'d'.repeat(60)}/`, `${'d'.repeat(60)}/${'e'.repeat(60)}/`, long]);
  });

  test('an empty list is a valid, empty archive', async () => {
    expect(systemTar(['-tzf'], await tarGz([]))).toBe('');
  });

  test('gzip header: no name, no time, default compression (XFL 0), Unix as the OS on every machine', async () => {
    const gz = await tarGz(ENTRIES);
    // RFC 1952: ID1 ID2 CM FLG MTIME(4) XFL OS
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  });

  test('the tar stream ends with the two zero blocks and is a whole number of 512-byte blocks', async () => {
    const tar = gunzipSync(await tarGz(ENTRIES));
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(tar.length - 1024).every((b) => b === 0)).toBe(true);
  });
});

describe('untarGz', () => {
  test('reads back what tarGz wrote: files with their modes, no folders', async () => {
    const entries = await untarGz(await tarGz(ENTRIES));
    const expected = [...ENTRIES].sort((a, b) => (a.path < b.path ? -1 : 1)).map((e) => ({ path: e.path, content: Buffer.from(e.content), mode: e.mode ?? 0o644 }));
    expect(entries.map((e) => ({ ...e, content: Buffer.from(e.content) }))).toEqual(expected);
  });

  test('reads an archive the system tar made', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'f/sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'f/sub/x.sh'), 'echo x\n', { mode: 0o755 });
    spawnSync('tar', ['-czf', 'a.tar.gz', 'f'], { cwd: dir });
    const entries = await untarGz(fs.readFileSync(path.join(dir, 'a.tar.gz')));
    expect(entries.map((e) => [e.path, e.mode, e.content.toString()])).toEqual([['f/sub/x.sh', 0o755, 'echo x\n']]);
  });

  test('refuses a link, a path outside the folder and damaged data', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'f'));
    fs.symlinkSync('/etc/passwd', path.join(dir, 'f/link'));
    spawnSync('tar', ['-czf', 'a.tar.gz', 'f'], { cwd: dir });
    await expect(untarGz(fs.readFileSync(path.join(dir, 'a.tar.gz')))).rejects.toThrow('f/link: a symlink entry; expected files and folders only');
    fs.rmSync(path.join(dir, 'f/link'));
    fs.writeFileSync(path.join(dir, 'f/file'), 'x');
    spawnSync('tar', ['-czf', 'c.tar.gz', '-P', '--transform', 's,^f,../f,', 'f/file'], { cwd: dir });
    await expect(untarGz(fs.readFileSync(path.join(dir, 'c.tar.gz')))).rejects.toThrow("../f/file: a path outside the archive's folder");
    await expect(untarGz(Buffer.from('not gzip'))).rejects.toThrow();
  });
});

import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../../src/errors';
import { lockFile, withOutputLock } from '../../src/synth/output-lock';
import { ROOT, tmpProject, validInput } from '../helpers';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ef-lock-'));

/** A live process that is not this one, to stand for another run holding the lock. */
function holder(): ChildProcess {
  return spawn('sleep', ['120'], { stdio: 'ignore' });
}

describe('withOutputLock', () => {
  test('holds .<name>.lock beside the folder while the work runs, and removes it after', async () => {
    const dist = path.join(tmp(), 'dist');
    const seen = await withOutputLock(dist, async () => fs.readFileSync(lockFile(dist), 'utf8'));
    expect(seen).toBe(`${process.pid}\n`);
    expect(path.basename(lockFile(dist))).toBe('.dist.lock');
    expect(fs.existsSync(lockFile(dist))).toBe(false);
  });

  test('takes over the lock of a process that is gone', async () => {
    const dist = path.join(tmp(), 'dist');
    fs.writeFileSync(lockFile(dist), '4194999\n');
    const waits: string[] = [];
    expect(await withOutputLock(dist, async () => 'done', { onWait: (m) => waits.push(m) })).toBe('done');
    expect(waits).toEqual([]);
  });

  test('waits for a live holder, and gives up after the timeout with a one-line error of exit code 5', async () => {
    const dist = path.join(tmp(), 'dist');
    const other = holder();
    try {
      fs.writeFileSync(lockFile(dist), `${other.pid}\n`);
      const waits: string[] = [];
      const e = await withOutputLock(dist, async () => 'ran', { timeoutMs: 300, pollMs: 20, onWait: (m) => waits.push(m) }).catch((x) => x);
      expect(e).toBeInstanceOf(UserError);
      expect(e.exitCode).toBe(5);
      expect(e.message).toMatch(new RegExp(`\\.dist\\.lock: another run \\(process ${other.pid}\\) still writes dist/; wait for it, or remove the file if that process is not this program$`));
      expect(waits).toHaveLength(1);
      expect(fs.readFileSync(lockFile(dist), 'utf8')).toBe(`${other.pid}\n`);
    } finally {
      other.kill();
    }
  });

  test('two synths at once take turns: the second waits for the first, then both succeed', async () => {
    const root = tmpProject({ a: validInput() });
    const other = holder();
    // Another run holds dist/: the CLI must wait, not write.
    fs.writeFileSync(path.join(root, '.dist.lock'), `${other.pid}\n`);
    const cli = spawn(process.execPath, [path.join(ROOT, 'lib', 'enterprise-flyte.js'), 'synth'], { cwd: root, env: { PATH: process.env.PATH, HOME: root } });
    let stderr = '';
    cli.stderr.on('data', (d) => (stderr += d));
    const exit = new Promise<number>((resolve) => cli.on('exit', (code) => resolve(code ?? -1)));
    for (let i = 0; i < 200 && !stderr.includes('waiting'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toBe(`enterprise-flyte: waiting for another run (process ${other.pid}) to finish writing dist/ (.dist.lock)\n`);
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
    other.kill();
    expect(await exit).toBe(0);
    expect(fs.readdirSync(path.join(root, 'dist'))).toEqual(['a']);
    expect(fs.readdirSync(root).filter((n) => n.startsWith('.dist'))).toEqual([]);
  }, 60_000);
});

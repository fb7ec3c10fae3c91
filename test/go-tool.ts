/**
 * Test tools written in Go (test/go/<name>/, each with its own pinned go.mod and go.sum), built
 * once per content into ~/.cache/enterprise-flyte/<name>/<hash>/ like the control plane: written
 * to a temporary folder, then renamed into place, so that two sessions never see half a build.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './helpers';

export function goTool(name: string): string {
  const source = path.join(ROOT, 'test', 'go', name);
  const version = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (version.error) throw new Error(`go not found (${version.error.message}); install Go to build test/go/${name}`);
  const hash = createHash('sha256').update(version.stdout);
  for (const f of fs.readdirSync(source).sort()) hash.update(`${f}\0`).update(fs.readFileSync(path.join(source, f)));
  const parent = path.join(os.homedir(), '.cache', 'enterprise-flyte', name);
  const target = path.join(parent, hash.digest('hex').slice(0, 16));
  const bin = path.join(target, name);
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, '.build-'));
  const r = spawnSync('go', ['build', '-trimpath', '-o', path.join(staging, name), '.'], { cwd: source, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=readonly' } });
  if (r.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`go build of test/go/${name} failed (${r.status}):\n${r.stderr}`);
  }
  try {
    fs.renameSync(staging, target);
  } catch {
    // Another session renamed its build into place first: the same sources, so the same program.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return bin;
}

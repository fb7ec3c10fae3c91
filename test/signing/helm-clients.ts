/**
 * The real Helm clients the provenance tests run `helm verify` and `--verify` with: one list, so
 * that every client is held to the same checks.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';

export interface HelmClient {
  /** Name and version, for test titles. */
  readonly name: string;
  readonly bin: string;
}

/** A Helm built from its Go module by scripts/tools/build.sh (cached; built on first use). */
function built(major: 3 | 4): HelmClient {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'tools', 'build.sh'), `helm${major}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/tools/build.sh helm${major} failed (exit ${r.status}):\n${r.stderr}`);
  const bin = r.stdout.trim().split('\n').pop()!;
  const version = spawnSync(bin, ['version', '--short'], { encoding: 'utf8' }).stdout.trim();
  return { name: `helm ${version.replace(/^v/, '').replace(/\+.*$/, '')}`, bin };
}

/**
 * Helm 3.12.1 (golang.org/x/crypto/openpgp: RSA, DSA and ECDSA keys, no expiry check), extracted
 * into .tools/old/ by scripts/tools.js (older than deploy.sh accepts, still what an operator may
 * run `helm verify` with by hand); the newest Helm 3 and Helm 4 (github.com/ProtonMail/go-crypto).
 */
export function helmClients(): HelmClient[] {
  const tools = path.join(ROOT, '.tools', 'old', 'helm');
  if (!fs.existsSync(tools)) throw new Error(`${tools} is missing; run "node scripts/tools.js" (npm test does)`);
  return [{ name: 'helm 3.12.1', bin: tools }, built(3), built(4)];
}

/** Runs a Helm client with throw-away homes (no repository, no cluster). */
export function runHelm(client: HelmClient, args: string[], cwd?: string): { status: number; stdout: string; stderr: string } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-helm-home-'));
  // An empty kubeconfig: nothing here needs a cluster, and Helm warns about a missing one.
  fs.writeFileSync(path.join(home, 'kubeconfig'), 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n', { mode: 0o600 });
  try {
    const r = spawnSync(client.bin, args, {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: home, HELM_CACHE_HOME: `${home}/cache`, HELM_CONFIG_HOME: `${home}/config`, HELM_DATA_HOME: `${home}/data`, KUBECONFIG: `${home}/kubeconfig` },
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

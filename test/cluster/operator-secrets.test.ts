/**
 * The auth Secrets of dist/enterprise made exactly as its OPERATOR.md says: the commands of its
 * auth block run in bash (python3, base64, the project's kubectl) against a real API server with a
 * client secret generated here; then the Secrets are read back and the pod's config folder is
 * assembled from them as the projected volume does, and loaded through Flyte's own loader (the
 * conformance harness): the hash file decodes, and fosite's bcrypt check accepts the secret that
 * propeller sends.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { distObjects } from '../conformance/config-of';
import { assembleConfigDir, checkClientSecret, effectiveConfig } from '../conformance/harness';
import { newClientSecret } from '../conformance/operator-secrets';
import { ROOT } from '../helpers';
import { ControlPlane, startControlPlane } from './control-plane';

const DIST = path.join(ROOT, 'dist', 'enterprise');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-operator-'));

/** The bash block of OPERATOR.md that makes the auth Secrets. */
function authBlock(): string {
  const blocks = [...fs.readFileSync(path.join(DIST, 'OPERATOR.md'), 'utf8').matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  const auth = blocks.filter((b) => b.includes("read -rsp 'OIDC client secret: '"));
  expect(auth).toHaveLength(1);
  return auth[0];
}

let cp: ControlPlane;
let run: { status: number | null; stdout: string; stderr: string };
const oidcSecret = newClientSecret();
const clientSecret = newClientSecret();
beforeAll(async () => {
  cp = await startControlPlane();
  cp.mustKubectl(['apply', '-f', path.join(DIST, 'manifests', '00-namespace-flyte.yaml')]);
  // The operator types the two secrets at the prompts.
  run = spawnSync('bash', ['-c', authBlock()], { cwd: work, env: cp.env, input: `${oidcSecret}\n${clientSecret}\n`, encoding: 'utf8' });
}, 300_000);
afterAll(async () => {
  await cp?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

function secretData(name: string): Record<string, string> {
  const s = JSON.parse(cp.mustKubectl(['get', 'secret', name, '-n', 'flyte', '-o', 'json']));
  return Object.fromEntries(Object.entries(s.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

describe('the auth Secrets made by OPERATOR.md\'s commands', () => {
  test('the commands succeed and leave no file behind', () => {
    expect(`${run.status} ${run.stderr}`).toBe('0 ');
    expect(fs.readdirSync(work)).toEqual([]);
  });

  test('the Secrets hold the typed secrets', () => {
    expect(secretData('flyte-oidc-client')).toEqual({ client_secret: oidcSecret });
    expect(secretData('flyte-propeller-client').client_secret).toBe(clientSecret);
  });

  test('Flyte loads the config folder with the hash file, and the internal server accepts propeller\'s secret', () => {
    const secrets = { 'flyte-propeller-client': secretData('flyte-propeller-client') };
    const dir = assembleConfigDir(distObjects('enterprise'), secrets, fs.mkdtempSync(path.join(os.tmpdir(), 'ef-config-d-')));
    try {
      expect(fs.readdirSync(dir)).toContain('006-auth-client-hash.yaml');
      const config = effectiveConfig(dir);
      const hash = Buffer.from(config.auth.appAuth.selfAuthServer.staticClients.flytepropeller.client_secret, 'base64').toString('utf8');
      expect(hash).toMatch(/^\$2[aby]\$12\$/);
      // Propeller reads the client_secret key mounted at admin.clientSecretLocation.
      fs.writeFileSync(path.join(dir, 'client_secret'), secrets['flyte-propeller-client'].client_secret);
      expect(checkClientSecret(dir, config.admin.clientId, path.join(dir, 'client_secret'))).toEqual({ ok: true, message: 'ok' });
      fs.writeFileSync(path.join(dir, 'client_secret'), newClientSecret());
      expect(checkClientSecret(dir, config.admin.clientId, path.join(dir, 'client_secret')).ok).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

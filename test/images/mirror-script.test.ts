import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ImageReference } from '../../src/images/reference';
import type { MirrorImage } from '../../src/images/mirror-image';
import { mirrorScript } from '../../src/images/mirror-script';
import { toolBin } from '../helpers';

const D1 = `sha256:${'d'.repeat(64)}`;

const IMAGES: MirrorImage[] = [
  {
    source: ImageReference.parse(`src.example:5000/org/app:v1@${D1}`),
    pull: D1,
    path: `src.example:5000/org/app@${D1}`,
    destination: 'dst.example/org/app:v1',
    digest: D1,
  },
  {
    source: ImageReference.parse('docker.io/library/postgres:15'),
    pull: '15',
    path: 'docker.io/library/postgres:15',
    destination: 'dst.example/library/postgres:15',
  },
];

function scriptFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-mirror-'));
  fs.mkdirSync(path.join(dir, 'scripts'));
  const file = path.join(dir, 'scripts', 'mirror-images.sh');
  fs.writeFileSync(file, text, { mode: 0o755 });
  return file;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('bash', [file, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const script = mirrorScript({ environment: 'prod', registry: 'dst.example', mapping: 'path', images: IMAGES });

describe('mirrorScript', () => {
  test('passes shellcheck', () => {
    const file = scriptFile(script);
    const r = spawnSync(toolBin('shellcheck'), ['--severity=style', file], { encoding: 'utf8' });
    if (r.error) throw r.error;
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('bakes in each image: path under DIR, destination and digest (or -)', () => {
    expect(script).toContain(`  'src.example:5000/org/app@${D1} dst.example/org/app:v1 ${D1}'\n`);
    expect(script).toContain("  'docker.io/library/postgres:15 dst.example/library/postgres:15 -'\n");
    expect(script).toContain("readonly REGISTRY='dst.example'");
    expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(script).toContain('set -euo pipefail');
  });

  test('pull syncs with the standard skopeo flags, push copies each image keeping digests', () => {
    expect(script).toContain('skopeo sync --all --preserve-digests --scoped --src yaml --dest dir "$sync_file" "$staging"');
    expect(script).toContain('skopeo copy --all --preserve-digests "${copy_tls[@]}" "dir:$dir/$path" "docker://$dest"');
  });

  test('names the mapping rule and the registry in its header', () => {
    const flat = mirrorScript({ environment: 'edge', registry: 'flat.example:5443', mapping: 'flat', images: IMAGES });
    expect(flat).toContain('push names each image by the "flat" mapping rule');
    expect(flat).toContain("readonly REGISTRY='flat.example:5443'");
    expect(flat).toContain("for environment 'edge'");
  });

  test('refuses values a shell script cannot carry', () => {
    expect(() => mirrorScript({ environment: 'prod', registry: "dst'; rm -rf /", mapping: 'path', images: IMAGES })).toThrow(
      'mirror-images.sh: registry "dst\'; rm -rf /" has characters a shell script cannot carry safely',
    );
    expect(() => mirrorScript({ environment: 'prod', registry: 'dst.example', mapping: 'path', images: [] })).toThrow('mirror-images.sh: no images to mirror');
  });

  test('usage: wrong arguments exit 2, --help exits 0', () => {
    const file = scriptFile(script);
    for (const args of [[], ['pull'], ['copy', '/tmp'], ['push', ''], ['pull', 'a', 'b']]) {
      const r = run(file, args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('usage: mirror-images.sh pull DIR');
    }
    const help = run(file, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('mirror-images.sh push [--password-stdin] DIR\n');
    expect(help.stdout).toContain('(air-gapped side: DIR -> dst.example; --password-stdin:');
  });

  test('TLS switches accept only true or false', () => {
    const file = scriptFile(script);
    const r = run(file, ['push', os.tmpdir()], { DEST_TLS_VERIFY: 'no' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('mirror-images.sh: DEST_TLS_VERIFY="no" is not allowed; expected true or false\n');
    expect(run(file, ['pull', os.tmpdir()], { SRC_TLS_VERIFY: '0' }).stderr).toBe('mirror-images.sh: SRC_TLS_VERIFY="0" is not allowed; expected true or false\n');
  });

  test('push refuses a missing directory, and lists every missing image before pushing any', () => {
    const file = scriptFile(script);
    const missing = run(file, ['push', '/nonexistent/transfer']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('mirror-images.sh: /nonexistent/transfer: no such directory; run "mirror-images.sh pull DIR" on the connected side first\n');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-transfer-'));
    fs.mkdirSync(path.join(dir, 'docker.io/library/postgres:15'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'docker.io/library/postgres:15/manifest.json'), '{}');
    const partial = run(file, ['push', dir]);
    expect(partial.status).toBe(1);
    expect(partial.stderr).toBe(
      `mirror-images.sh: ${dir}/src.example:5000/org/app@${D1}: missing\n` +
        `mirror-images.sh: ${dir} lacks images; run "mirror-images.sh pull DIR" on the connected side with this same bundle\n`,
    );
    expect(partial.stdout).not.toContain('pushing');
  });

  test('says how to install skopeo when it is missing', () => {
    const file = scriptFile(script);
    // A PATH with the few tools the script needs before its skopeo check, and no skopeo.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-bin-'));
    const which = (tool: string) => spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    fs.symlinkSync(which('dirname'), path.join(bin, 'dirname'));
    const r = spawnSync(which('bash'), [file, 'push', '/tmp'], { encoding: 'utf8', env: { PATH: bin } });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('mirror-images.sh: skopeo not found; install it (Debian and Ubuntu: apt-get install skopeo)\n');
  });
});

describe('mirrorScript: registry prefix and log-in with a token on standard input', () => {
  const ECR = '123456789012.dkr.ecr.eu-west-3.amazonaws.com/flyte-mirror';
  const ecrImages: MirrorImage[] = IMAGES.map((i) => ({ ...i, destination: i.destination.replace('dst.example', ECR) }));
  const ecrScript = mirrorScript({ environment: 'prod', registry: ECR, mapping: 'path', images: ecrImages });
  const harbor = mirrorScript({ environment: 'prod', registry: 'harbor.corp.example:8443/flyte/mirror', mapping: 'flat', images: IMAGES });

  test('both pass shellcheck', () => {
    for (const text of [ecrScript, harbor]) {
      const r = spawnSync(toolBin('shellcheck'), ['--severity=style', scriptFile(text)], { encoding: 'utf8' });
      if (r.error) throw r.error;
      expect(r.stdout + r.stderr).toBe('');
    }
  });

  test('logs in to the server alone (the prefix is a path), pushing under the prefix', () => {
    expect(ecrScript).toContain(`readonly REGISTRY='${ECR}'\nreadonly SERVER='123456789012.dkr.ecr.eu-west-3.amazonaws.com'\n`);
    expect(harbor).toContain("readonly REGISTRY='harbor.corp.example:8443/flyte/mirror'\nreadonly SERVER='harbor.corp.example:8443'\n");
    expect(ecrScript).toContain(`'src.example:5000/org/app@${D1} ${ECR}/org/app:v1 ${D1}'`);
    expect(ecrScript).toContain('skopeo login --authfile "$REGISTRY_AUTH_FILE" "${inspect_tls[@]}" --username "$user" --password-stdin "$SERVER"');
  });

  test('ECR: user AWS by default, and a failed push names the create-repositories command; others: no default user', () => {
    expect(ecrScript).toContain("readonly DEFAULT_USERNAME='AWS'");
    expect(ecrScript).toContain('an ECR repository must exist first: npx enterprise-flyte images create-repositories --env ENV');
    expect(harbor).toContain("readonly DEFAULT_USERNAME=''");
    expect(harbor).not.toContain('create-repositories');
  });

  test('--password-stdin: refused without a user name for a non-ECR registry, and from a terminal; only with push', () => {
    const file = scriptFile(harbor);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-transfer-'));
    const noUser = spawnSync('bash', [file, 'push', '--password-stdin', dir], { encoding: 'utf8', input: 'x', env: { ...process.env, REGISTRY_USERNAME: '' } });
    expect(noUser.status).toBe(2);
    expect(noUser.stderr).toBe('mirror-images.sh: REGISTRY_USERNAME is not set; export the user name for harbor.corp.example:8443 (the token comes from standard input)\n');
    // `script` gives the child a terminal as standard input.
    const tty = spawnSync('script', ['-qec', `REGISTRY_USERNAME=robot bash ${file} push --password-stdin ${dir}`, '/dev/null'], { encoding: 'utf8' });
    expect(tty.stdout).toContain('mirror-images.sh: --password-stdin: standard input is a terminal; pipe the token in');
    expect(tty.status).toBe(2);
    const pull = run(file, ['pull', '--password-stdin', dir]);
    expect(pull.status).toBe(2);
    expect(pull.stderr).toContain('usage: mirror-images.sh pull DIR');
  });
});

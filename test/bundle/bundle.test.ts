import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { bundleFiles } from '../../src/bundle/bundle';
import { VERSION as PACKAGE_VERSION } from '../../src/version';
import { bundleInputs, ENV_A, ENV_B, ensureTools, HELM, helmEnv, Inputs, removeTmpDirs, tmpDir, unpack } from './fixture';

const VERSION = '9.8.1';
const FOLDER = 'enterprise-flyte-alpha-9.8.1';
const ARCHIVE = 'bundle/enterprise-flyte-alpha-9.8.1.tar.gz';
const IAM = [
  { path: 'iam/trust-policy.json', content: '{"Version":"2012-10-17","Statement":[]}\n' },
  { path: 'iam/permissions-policy.json', content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}\n' },
  { path: 'kubeconfig.yaml', content: 'apiVersion: v1\nkind: Config\n' },
];

let a: Inputs;
let b: Inputs;

beforeAll(async () => {
  ensureTools();
  a = await bundleInputs('alpha', ENV_A, VERSION, IAM);
  b = await bundleInputs('beta', ENV_B, VERSION);
});
afterAll(removeTmpDirs);

function archiveOf(files: { path: string; content: string | Buffer }[]): Buffer {
  const f = files.find((x) => x.path === ARCHIVE);
  if (!f) throw new Error(`no ${ARCHIVE} among ${files.map((x) => x.path).join(', ')}`);
  return Buffer.from(f.content);
}

describe('bundleFiles', () => {
  test('returns the scripts, the operator README and the archive, scripts executable', async () => {
    const files = await bundleFiles(a.model, a.envFiles, { version: VERSION });
    expect(files.map((f) => `${f.path} ${(f.mode ?? 0o644).toString(8)}`).sort()).toEqual([
      'OPERATOR.md 644',
      `${ARCHIVE} 644`,
      'scripts/deploy.sh 755',
      'scripts/verify.sh 755',
    ]);
  });

  test('the archive holds one folder with exactly the agreed files and modes', async () => {
    const archive = archiveOf(await bundleFiles(a.model, a.envFiles, { version: VERSION }));
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'b.tar.gz'), archive);
    // The system tar, as an operator would list it: "mode owner size date time path".
    const listing = execFileSync('tar', ['-tvzf', path.join(dir, 'b.tar.gz')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/))
      .map((cols) => `${cols[0]} ${cols[cols.length - 1]}`);
    const manifests = a.envFiles.filter((f) => f.path.startsWith('manifests/')).map((f) => f.path).sort();
    expect(manifests.length).toBeGreaterThan(5);
    const expected = [
      `drwxr-xr-x ${FOLDER}/`,
      `-rw-r--r-- ${FOLDER}/README.md`,
      `-rw-r--r-- ${FOLDER}/SHA256SUMS`,
      `drwxr-xr-x ${FOLDER}/chart/`,
      `-rw-r--r-- ${FOLDER}/chart/enterprise-flyte-alpha-9.8.1.tgz`,
      `-rwxr-xr-x ${FOLDER}/deploy.sh`,
      `drwxr-xr-x ${FOLDER}/iam/`,
      `-rw-r--r-- ${FOLDER}/iam/permissions-policy.json`,
      `-rw-r--r-- ${FOLDER}/iam/trust-policy.json`,
      `-rw-r--r-- ${FOLDER}/images.json`,
      `-rw-r--r-- ${FOLDER}/images.sync.yaml`,
      `-rw-r--r-- ${FOLDER}/kubeconfig.yaml`,
      `-rw-r--r-- ${FOLDER}/sbom.cdx.json`,
      `drwxr-xr-x ${FOLDER}/manifests/`,
      ...manifests.map((m) => `-rw-r--r-- ${FOLDER}/${m}`),
      `-rwxr-xr-x ${FOLDER}/mirror-images.sh`,
      `-rwxr-xr-x ${FOLDER}/verify.sh`,
    ];
    expect(listing.sort()).toEqual(expected.sort());
  });

  test('bundled files are the inputs and the generated scripts, byte for byte', async () => {
    const files = await bundleFiles(a.model, a.envFiles, { version: VERSION });
    const dir = unpack(archiveOf(files), FOLDER);
    const input = (p: string) => Buffer.from(a.envFiles.find((f) => f.path === p)!.content);
    const output = (p: string) => Buffer.from(files.find((f) => f.path === p)!.content);
    expect(fs.readFileSync(path.join(dir, 'chart/enterprise-flyte-alpha-9.8.1.tgz')).equals(a.chart)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'images.json')).equals(input('images.json'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'images.sync.yaml')).equals(input('mirror/images.sync.yaml'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'mirror-images.sh')).equals(input('scripts/mirror-images.sh'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'iam/trust-policy.json')).equals(input('iam/trust-policy.json'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'kubeconfig.yaml')).equals(input('kubeconfig.yaml'))).toBe(true);
    for (const m of a.envFiles.filter((f) => f.path.startsWith('manifests/'))) {
      expect(fs.readFileSync(path.join(dir, m.path)).equals(Buffer.from(m.content))).toBe(true);
    }
    expect(fs.readFileSync(path.join(dir, 'README.md')).equals(output('OPERATOR.md'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'deploy.sh')).equals(output('scripts/deploy.sh'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'verify.sh')).equals(output('scripts/verify.sh'))).toBe(true);
  });

  test('building twice gives the same bytes, whatever the order of the inputs', async () => {
    const first = archiveOf(await bundleFiles(a.model, a.envFiles, { version: VERSION }));
    const second = archiveOf(await bundleFiles(a.model, [...a.envFiles].reverse(), { version: VERSION }));
    expect(second.equals(first)).toBe(true);
    // The scripts and README are deterministic too.
    const again = await bundleFiles(a.model, a.envFiles, { version: VERSION });
    const once = await bundleFiles(a.model, a.envFiles, { version: VERSION });
    expect(again.map((f) => Buffer.from(f.content).toString('hex'))).toEqual(once.map((f) => Buffer.from(f.content).toString('hex')));
  });

  test('sha256sum -c SHA256SUMS passes in the unpacked bundle and covers every other file', async () => {
    const dir = unpack(archiveOf(await bundleFiles(a.model, a.envFiles, { version: VERSION })), FOLDER);
    const check = spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const checked = check.stdout.trim().split('\n');
    expect(checked.every((l) => l.endsWith(': OK'))).toBe(true);
    const listed = checked.map((l) => l.slice(0, -': OK'.length));
    const all = execFileSync('find', ['.', '-type', 'f'], { cwd: dir, encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((p) => p.slice(2))
      .filter((p) => p !== 'SHA256SUMS');
    expect(listed).toEqual([...all].sort());
    // Sorted by path, in the format sha256sum itself writes.
    const sums = fs.readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8');
    const own = execFileSync('sha256sum', listed, { cwd: dir, encoding: 'utf8' });
    expect(sums).toBe(own);
  });

  test('flipping one byte of a bundled file makes sha256sum -c fail for that file', async () => {
    const dir = unpack(archiveOf(await bundleFiles(a.model, a.envFiles, { version: VERSION })), FOLDER);
    const file = path.join(dir, 'images.json');
    const bytes = fs.readFileSync(file);
    bytes[3] ^= 0x01;
    fs.writeFileSync(file, bytes);
    const check = spawnSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(check.status).not.toBe(0);
    expect(check.stdout).toBe('images.json: FAILED\n');
  });

  test('the bundled chart works with the real helm: lint --strict, template, show values', async () => {
    const dir = unpack(archiveOf(await bundleFiles(a.model, a.envFiles, { version: VERSION })), FOLDER);
    const env = helmEnv(tmpDir('ef-helm-'));
    const chart = 'chart/enterprise-flyte-alpha-9.8.1.tgz';
    const lint = spawnSync(HELM, ['lint', '--strict', chart], { cwd: dir, env, encoding: 'utf8' });
    expect(lint.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(lint.status).toBe(0);
    const rendered = execFileSync(HELM, ['template', 'rel-a', chart, '-n', 'ns-a'], { cwd: dir, env, encoding: 'utf8' });
    expect(rendered).toContain('kind: Deployment');
    expect(rendered).toContain('rel-a-enterprise-flyte-alpha');
    const values = execFileSync(HELM, ['show', 'values', chart], { cwd: dir, env, encoding: 'utf8' });
    expect(values).toContain('replicaCount:');
  });

  test('environment B: no iam or kubeconfig, scripts and chart named after it', async () => {
    const files = await bundleFiles(b.model, b.envFiles, { version: VERSION });
    const archive = files.find((f) => f.path === 'bundle/enterprise-flyte-beta-9.8.1.tar.gz');
    expect(archive).toBeDefined();
    const dir = unpack(Buffer.from(archive!.content), 'enterprise-flyte-beta-9.8.1');
    expect(fs.existsSync(path.join(dir, 'chart/enterprise-flyte-beta-9.8.1.tgz'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'iam'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'kubeconfig.yaml'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'manifests')).some((f) => f.startsWith('00-namespace'))).toBe(false);
  });

  test("the operator README's picture links the ServiceAccount to its role: IRSA, or the Pod Identity association", async () => {
    const readmeOf = async (inputs: Inputs) => String((await bundleFiles(inputs.model, inputs.envFiles, { version: VERSION })).find((f) => f.path === 'OPERATOR.md')!.content);
    const role = 'arn:aws:iam::210987654321:role/pi-gamma';
    const pi = await bundleInputs('gamma', { ...ENV_A, serviceAccount: { roleArn: role, credentials: 'podIdentity' } }, VERSION);
    const readme = await readmeOf(pi);
    expect(readme).toContain(`IAM role ${role}`);
    expect(readme).toContain('-->|Pod Identity|');
    expect(readme).not.toContain('-->|IRSA|');
    expect(await readmeOf(a)).toContain('-->|IRSA|');
    expect(await readmeOf(a)).not.toContain('-->|Pod Identity|');
  });

  test.each([
    ['the chart', 'enterprise-flyte-alpha-9.8.1.tgz'],
    ['images.json', 'images.json'],
    ['the bill of materials', 'sbom.cdx.json'],
    ['the sync file', 'mirror/images.sync.yaml'],
    ['the mirror script', 'scripts/mirror-images.sh'],
  ])('fails, naming the file, when %s is missing', async (_what, missing) => {
    const files = a.envFiles.filter((f) => f.path !== missing);
    await expect(bundleFiles(a.model, files, { version: VERSION })).rejects.toThrow(`dist/alpha/${missing} is missing`);
  });

  test('fails when there are no manifests, or the Namespace manifest is missing', async () => {
    await expect(bundleFiles(a.model, a.envFiles.filter((f) => !f.path.startsWith('manifests/')), { version: VERSION })).rejects.toThrow(
      'dist/alpha/manifests/ has no manifests',
    );
    await expect(bundleFiles(a.model, a.envFiles.filter((f) => !f.path.startsWith('manifests/00-namespace-')), { version: VERSION })).rejects.toThrow(
      'dist/alpha/manifests/00-namespace-ns-a.yaml is missing',
    );
  });

  test('the chart must carry the bundle version', async () => {
    await expect(bundleFiles(a.model, a.envFiles, { version: '9.8.2' })).rejects.toThrow('dist/alpha/enterprise-flyte-alpha-9.8.2.tgz is missing');
  });

  test('uses the package version by default', async () => {
    const renamed = a.envFiles.map((f) => (f.path === 'enterprise-flyte-alpha-9.8.1.tgz' ? { ...f, path: `enterprise-flyte-alpha-${PACKAGE_VERSION}.tgz` } : f));
    const files = await bundleFiles(a.model, renamed);
    expect(files.map((f) => f.path)).toContain(`bundle/enterprise-flyte-alpha-${PACKAGE_VERSION}.tar.gz`);
  });

  test('reports one progress line per step, in order', async () => {
    const steps: string[] = [];
    const files = await bundleFiles(a.model, a.envFiles, { version: VERSION, onStep: (m) => steps.push(m) });
    const archive = archiveOf(files);
    const manifests = a.envFiles.filter((f) => f.path.startsWith('manifests/')).length;
    const sha = execFileSync('sha256sum', { input: archive, encoding: 'utf8' }).split(' ')[0];
    expect(steps).toEqual([
      `chart: chart/enterprise-flyte-alpha-9.8.1.tgz (${a.chart.length} bytes)`,
      `manifests: ${manifests} files`,
      'images: images.json, sbom.cdx.json, images.sync.yaml',
      'scripts: deploy.sh, verify.sh, mirror-images.sh',
      'EKS: iam/permissions-policy.json, iam/trust-policy.json, kubeconfig.yaml',
      'README.md: operator instructions',
      // chart, manifests, images.json, SBOM, sync file, three scripts, three EKS files, README.
      `SHA256SUMS: ${manifests + 11} files`,
      `archive: ${ARCHIVE} (${archive.length} bytes, sha256 ${sha})`,
    ]);
  });
});


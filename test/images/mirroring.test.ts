/**
 * Mirroring for real: registry processes (CNCF Distribution) on 127.0.0.1 (A, the source, behind
 * token auth; B, the private registry, open), small OCI images built here and loaded into A with
 * skopeo, then the built CLI (`images lock`, `synth`) and the generated mirror-images.sh
 * (`pull`, `push`) on a temporary project. The registry and skopeo are the ones of .tools/, built
 * from their Go modules by `node scripts/tools.js` (first on the scripts' PATH); openssl is the
 * system's. Fails, never skips, without them.
 */
import { spawn, spawnSync, ChildProcess } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { tarGz } from '../../src/synth/tar';
import { builtCli, runAsync as run, tmpProject, toolBin, validInput } from '../helpers';

jest.setTimeout(180_000);

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const ACCEPT = [OCI_INDEX, OCI_MANIFEST, 'application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.docker.distribution.manifest.v2+json'].join(', ');
const VERSION = 'v1.16.8';
const SERVICE = 'registry-a';
// Registry C stands in for a registry that needs a log-in (ECR, Harbor): its token service
// issues tokens only for the user and the token made at run time by the test.
const SERVICE_C = 'registry-c';
const LOGIN_USER = 'robot-flyte';
const LOGIN_TOKEN = crypto.randomBytes(24).toString('base64url');
const ISSUER = 'ef-mirroring-test';

const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

function requireTool(tool: string, args: string[], fix: string): void {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`${tool} is required by the mirroring test and is not usable (${r.error?.message ?? r.stderr.trim()}); ${fix}`);
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---- OCI image layouts -------------------------------------------------------------------

interface Blob {
  digest: string;
  size: number;
}

interface Layout {
  dir: string;
  /** Digest of the top-level manifest or index: what the registries must report. */
  digest: string;
  /** Per-platform manifest digests of an index. */
  platforms: Record<string, string>;
}

function putBlob(dir: string, bytes: Buffer): Blob {
  const hex = sha256(bytes);
  fs.writeFileSync(path.join(dir, 'blobs', 'sha256', hex), bytes);
  return { digest: `sha256:${hex}`, size: bytes.length };
}

async function imageManifest(dir: string, name: string, platform: string): Promise<Blob> {
  const [osName, arch] = platform.split('/');
  const layer = await tarGz([{ path: 'etc/image-name', content: `${name} ${platform}\n` }]);
  const layerBlob = putBlob(dir, layer);
  const config = putBlob(dir, Buffer.from(JSON.stringify({
    architecture: arch,
    os: osName,
    config: { Cmd: ['/bin/true'] },
    rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(gunzipSync(layer))}`] },
  })));
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layerBlob }],
  };
  return putBlob(dir, Buffer.from(JSON.stringify(manifest)));
}

/** An OCI image layout holding one image: an index of `platforms` when there are several. */
async function ociLayout(parent: string, name: string, platforms: string[]): Promise<Layout> {
  const dir = path.join(parent, name);
  fs.mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const manifests: Array<Blob & { platform: string }> = [];
  for (const p of platforms) manifests.push({ ...(await imageManifest(dir, name, p)), platform: p });
  let top: Blob & { mediaType: string };
  if (manifests.length === 1) {
    top = { mediaType: OCI_MANIFEST, digest: manifests[0].digest, size: manifests[0].size };
  } else {
    const index = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: manifests.map((m) => ({
        mediaType: OCI_MANIFEST,
        digest: m.digest,
        size: m.size,
        platform: { os: m.platform.split('/')[0], architecture: m.platform.split('/')[1] },
      })),
    };
    top = { mediaType: OCI_INDEX, ...putBlob(dir, Buffer.from(JSON.stringify(index))) };
  }
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ ...top, annotations: { 'org.opencontainers.image.ref.name': 'latest' } }],
  }));
  return { dir, digest: top.digest, platforms: Object.fromEntries(manifests.map((m) => [m.platform, m.digest])) };
}

// ---- token service for registry A --------------------------------------------------------

interface TokenRequest {
  service: string | null;
  scopes: string[];
  /** The Basic credentials sent, if any. */
  basic?: string;
}

/** Signs registry tokens (RS256 JWT with the certificate in x5c) for whatever scope is asked. */
function startTokenServer(keyPem: string, certPem: string, log: TokenRequest[]): Promise<http.Server> {
  const der = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const b64url = (x: string | Buffer) => Buffer.from(x).toString('base64url');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://token');
    const service = url.searchParams.get('service');
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
    const authorization = req.headers.authorization;
    const basic = authorization?.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString() : undefined;
    log.push({ service, scopes, basic });
    if (service === SERVICE_C && basic !== `${LOGIN_USER}:${LOGIN_TOKEN}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    if (url.pathname !== '/token' || (service !== SERVICE && service !== SERVICE_C)) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'BAD_REQUEST', message: `unknown service ${service}` }] }));
      return;
    }
    const access = scopes.map((s) => {
      const parts = s.split(':');
      return { type: parts[0], name: parts.slice(1, -1).join(':'), actions: parts[parts.length - 1].split(',').filter((a) => a === 'pull' || a === 'push') };
    });
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5c: [der.toString('base64')] };
    const claims = { iss: ISSUER, sub: 'anonymous', aud: service, exp: now + 600, nbf: now - 10, iat: now, jti: crypto.randomBytes(8).toString('hex'), access };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const token = `${signingInput}.${b64url(crypto.sign('RSA-SHA256', Buffer.from(signingInput), keyPem))}`;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 600, issued_at: new Date(now * 1000).toISOString() }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---- registries --------------------------------------------------------------------------

interface Registry {
  host: string;
  child: ChildProcess;
  log: string;
}

async function startRegistry(dir: string, port: number, auth?: string): Promise<Registry> {
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dir, 'data')}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    ...(auth ? [auth] : []),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'config.yml'), config);
  const log = path.join(dir, 'registry.log');
  const out = fs.openSync(log, 'w');
  const child = spawn(toolBin('registry'), ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = false;
  child.on('exit', () => (exited = true));
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (exited) throw new Error(`registry on ${host} exited: ${fs.readFileSync(log, 'utf8').slice(-2000)}`);
    const status = await fetch(`http://${host}/v2/`).then((r) => r.status, () => 0);
    if (status === 200 || status === 401) return { host, child, log };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`registry on ${host} did not answer /v2/ within 20 s: ${fs.readFileSync(log, 'utf8').slice(-2000)}`);
}

async function stopRegistry(r: Registry | undefined): Promise<void> {
  if (!r || r.child.exitCode !== null || r.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => r.child.once('exit', () => resolve()));
  r.child.kill('SIGTERM');
  const timer = setTimeout(() => r.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** HEAD a manifest on the open registry B, with the OCI and Docker Accept types. */
async function headDigest(host: string, name: string, reference: string): Promise<{ status: number; digest: string | null }> {
  const res = await fetch(`http://${host}/v2/${name}/manifests/${reference}`, { method: 'HEAD', headers: { Accept: ACCEPT } });
  return { status: res.status, digest: res.headers.get('docker-content-digest') };
}

// ---- the test ----------------------------------------------------------------------------

let work: string;
let cli: string;
let regA: Registry | undefined;
let regB: Registry | undefined;
let regC: Registry | undefined;
let tokenServer: http.Server | undefined;
const tokenLog: TokenRequest[] = [];
let images: Record<'binary' | 'copilot' | 'pg15' | 'pg16', Layout>;

beforeAll(async () => {
  requireTool(toolBin('skopeo'), ['--version'], 'run "node scripts/tools.js", which builds it');
  requireTool(toolBin('registry'), ['--version'], 'run "node scripts/tools.js", which builds it');
  requireTool('openssl', ['version'], 'install it: apt-get install openssl');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-mirroring-'));
  // skopeo needs a signature policy: the containers default (the one Debian's package ships), in
  // the test's HOME, so that neither the machine's /etc/containers nor its absence matters.
  fs.mkdirSync(path.join(work, '.config', 'containers'), { recursive: true });
  fs.writeFileSync(path.join(work, '.config', 'containers', 'policy.json'), JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));

  // The CLI exactly as `npm run build` bundles it, written here to leave lib/ alone.
  cli = builtCli(path.join(work, 'cli'));

  const auth = path.join(work, 'auth');
  fs.mkdirSync(auth);
  const openssl = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', '/CN=ef-mirroring-signer'], { cwd: auth });
  if (openssl.code !== 0) throw new Error(`openssl failed: ${openssl.stderr}`);
  tokenServer = await startTokenServer(fs.readFileSync(path.join(auth, 'key.pem'), 'utf8'), fs.readFileSync(path.join(auth, 'cert.pem'), 'utf8'), tokenLog);
  const tokenPort = (tokenServer.address() as net.AddressInfo).port;

  const [portA, portB] = [await freePort(), await freePort()];
  const tokenAuth = (service: string) =>
    ['auth:', '  token:', `    realm: http://127.0.0.1:${tokenPort}/token`, `    service: ${service}`, `    issuer: ${ISSUER}`, `    rootcertbundle: ${path.join(auth, 'cert.pem')}`].join('\n');
  regA = await startRegistry(path.join(work, 'registry-a'), portA, tokenAuth(SERVICE));
  regB = await startRegistry(path.join(work, 'registry-b'), portB);
  regC = await startRegistry(path.join(work, 'registry-c'), await freePort(), tokenAuth(SERVICE_C));

  const oci = path.join(work, 'oci');
  images = {
    binary: await ociLayout(oci, 'flyte-binary', ['linux/amd64', 'linux/arm64']),
    copilot: await ociLayout(oci, 'flytecopilot', ['linux/amd64']),
    pg15: await ociLayout(oci, 'postgres-15', ['linux/amd64']),
    pg16: await ociLayout(oci, 'postgres-16', ['linux/arm64']),
  };
  const load: Array<[Layout, string]> = [
    [images.binary, `flyteorg/flyte-binary-release:${VERSION}`],
    [images.copilot, `flyteorg/flytecopilot-release:${VERSION}`],
    [images.pg15, 'library/postgres:15-alpine'],
    [images.pg16, 'library/postgres:16-alpine'],
  ];
  for (const [layout, name] of load) {
    const r = await run(toolBin('skopeo'), ['copy', '--all', '--preserve-digests', '--dest-tls-verify=false', `oci:${layout.dir}:latest`, `docker://${regA.host}/${name}`], { env: skopeoEnv() });
    if (r.code !== 0) throw new Error(`loading ${name} into registry A failed: ${r.stderr}`);
  }
});

afterAll(async () => {
  await stopRegistry(regA);
  await stopRegistry(regB);
  await stopRegistry(regC);
  if (tokenServer) {
    tokenServer.closeAllConnections();
    await new Promise<void>((resolve) => tokenServer!.close(() => resolve()));
  }
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** skopeo and the script with no user auth files: every credential comes from the token flow. */
function skopeoEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.dirname(toolBin('skopeo'))}:${process.env.PATH}`, HOME: work, ...extra };
  delete env.XDG_RUNTIME_DIR;
  delete env.REGISTRY_AUTH_FILE;
  return env;
}

test('images lock, synth, mirror-images.sh pull and push carry every image into the private registry with its digest', async () => {
  const A = regA!.host;
  const B = regB!.host;
  const envOf = (waitForDb: string, mapping: 'path' | 'flat') =>
    validInput({
      flyte: { version: VERSION },
      images: {
        flyteBinary: `${A}/flyteorg/flyte-binary-release:${VERSION}`,
        coPilot: `${A}/flyteorg/flytecopilot-release:${VERSION}`,
        waitForDb: `${A}/${waitForDb}`,
      },
      registry: { host: B, pullSecret: 'mirror-pull', mapping },
    });
  const project = tmpProject({ airgap: envOf('library/postgres:15-alpine', 'path'), edge: envOf('library/postgres:16-alpine', 'flat') });
  const node = (args: string[]) => run(process.execPath, [cli, ...args], { cwd: project, env: skopeoEnv() });

  // 1. Lock the "airgap" environment's digests from registry A (bearer flow; plain HTTP).
  tokenLog.length = 0;
  const lock = await node(['images', 'lock', '--env', 'airgap', '--insecure-registry', A]);
  expect(lock.stderr).toBe('');
  expect(lock.code).toBe(0);
  const locked = JSON.parse(fs.readFileSync(path.join(project, 'config/images.lock.json'), 'utf8')).images;
  expect(locked).toEqual({
    [`${A}/flyteorg/flyte-binary-release:${VERSION}`]: images.binary.digest,
    [`${A}/flyteorg/flytecopilot-release:${VERSION}`]: images.copilot.digest,
    [`${A}/library/postgres:15-alpine`]: images.pg15.digest,
  });
  expect(tokenLog.filter((t) => t.service === SERVICE).map((t) => t.scopes).flat()).toEqual(expect.arrayContaining([
    'repository:flyteorg/flyte-binary-release:pull',
    'repository:flyteorg/flytecopilot-release:pull',
    'repository:library/postgres:pull',
  ]));

  // 2. Synthesise: the manifests reference the private registry by digest.
  const synth = await node(['synth']);
  expect(synth.code).toBe(0);
  expect(synth.stderr).toContain(`edge: 1 image is not pinned by digest (${A}/library/postgres:16-alpine)`);
  expect(synth.stderr).not.toContain('airgap:');
  const dist = path.join(project, 'dist');
  const inventory = JSON.parse(fs.readFileSync(path.join(dist, 'airgap/images.json'), 'utf8'));
  expect(inventory.registry).toBe(B);
  expect(inventory.images.map((i: any) => [i.role, i.target, i.digest])).toEqual([
    ['co-pilot', `${B}/flyteorg/flytecopilot-release:${VERSION}@${images.copilot.digest}`, images.copilot.digest],
    ['flyte-binary', `${B}/flyteorg/flyte-binary-release:${VERSION}@${images.binary.digest}`, images.binary.digest],
    ['wait-for-db', `${B}/library/postgres:15-alpine@${images.pg15.digest}`, images.pg15.digest],
  ]);
  const manifests = fs.readdirSync(path.join(dist, 'airgap/manifests')).map((f) => fs.readFileSync(path.join(dist, 'airgap/manifests', f), 'utf8')).join('\n');
  expect(manifests).toContain(`image: ${B}/flyteorg/flyte-binary-release:${VERSION}@${images.binary.digest}`);
  expect(manifests).toContain(`image: ${B}/library/postgres:15-alpine@${images.pg15.digest}`);
  expect(manifests).toContain(`${B}/flyteorg/flytecopilot-release:${VERSION}@${images.copilot.digest}`);
  expect(manifests).not.toContain(A);

  // 3. Connected side: pull into the transfer directory (registry A serves plain HTTP).
  const transfer = path.join(work, 'transfer');
  const script = (env: string) => path.join(dist, env, 'scripts/mirror-images.sh');
  const pull = await run('bash', [script('airgap'), 'pull', transfer], { env: skopeoEnv({ SRC_TLS_VERIFY: 'false' }) });
  expect(pull.stderr.split('\n').filter((l) => /fatal|error/i.test(l))).toEqual([]);
  expect(pull.code).toBe(0);
  expect(pull.stdout).toContain(`[3/3] pulled ${A}/library/postgres@${images.pg15.digest}`);
  expect(fs.existsSync(path.join(transfer, A, `flyteorg/flyte-binary-release@${images.binary.digest}`, 'manifest.json'))).toBe(true);
  expect(fs.readdirSync(transfer)).toEqual([A]);

  // 4. Air-gapped side: push into registry B (plain HTTP too).
  const push = await run('bash', [script('airgap'), 'push', transfer], { env: skopeoEnv({ DEST_TLS_VERIFY: 'false' }) });
  expect(push.stderr.split('\n').filter((l) => /fatal|error/i.test(l))).toEqual([]);
  expect(push.code).toBe(0);
  expect(push.stdout).toContain(`pushed ${B}/flyteorg/flyte-binary-release:${VERSION} (${images.binary.digest})`);

  // Path mapping: B holds each image under the source's repository path, with A's digest.
  expect(await headDigest(B, 'flyteorg/flyte-binary-release', VERSION)).toEqual({ status: 200, digest: images.binary.digest });
  expect(await headDigest(B, 'flyteorg/flytecopilot-release', VERSION)).toEqual({ status: 200, digest: images.copilot.digest });
  expect(await headDigest(B, 'library/postgres', '15-alpine')).toEqual({ status: 200, digest: images.pg15.digest });
  // The index keeps both platforms, and both platform manifests are in B.
  const index: any = await (await fetch(`http://${B}/v2/flyteorg/flyte-binary-release/manifests/${images.binary.digest}`, { headers: { Accept: ACCEPT } })).json();
  expect(index.mediaType).toBe(OCI_INDEX);
  expect(index.manifests.map((m: any) => `${m.platform.os}/${m.platform.architecture}=${m.digest}`).sort()).toEqual(
    Object.entries(images.binary.platforms).map(([p, d]) => `${p}=${d}`).sort(),
  );
  for (const d of Object.values(images.binary.platforms)) {
    expect(await headDigest(B, 'flyteorg/flyte-binary-release', d)).toEqual({ status: 200, digest: d });
  }

  // 5. Flat mapping, with one image not locked (pulled and pushed by tag), into the same
  //    transfer directory: a second pull replaces what is there.
  const pullEdge = await run('bash', [script('edge'), 'pull', transfer], { env: skopeoEnv({ SRC_TLS_VERIFY: 'false' }) });
  expect(pullEdge.code).toBe(0);
  expect(pullEdge.stdout).toContain(`pulled ${A}/library/postgres:16-alpine`);
  const pushEdge = await run('bash', [script('edge'), 'push', transfer], { env: skopeoEnv({ DEST_TLS_VERIFY: 'false' }) });
  expect(pushEdge.stderr.split('\n').filter((l) => /fatal|error/i.test(l))).toEqual([]);
  expect(pushEdge.code).toBe(0);
  expect(await headDigest(B, 'flyte-binary-release', VERSION)).toEqual({ status: 200, digest: images.binary.digest });
  expect(await headDigest(B, 'flytecopilot-release', VERSION)).toEqual({ status: 200, digest: images.copilot.digest });
  expect(await headDigest(B, 'postgres', '16-alpine')).toEqual({ status: 200, digest: images.pg16.digest });
  // Nothing went to a name the mapping rule does not give.
  expect((await headDigest(B, 'library/postgres', '16-alpine')).status).toBe(404);
});

test('pull fails clearly, and replaces nothing, when the source lacks a locked image', async () => {
  const A = regA!.host;
  const B = regB!.host;
  const missing = `sha256:${'0'.repeat(64)}`;
  const project = tmpProject(
    {
      broken: validInput({
        flyte: { version: VERSION },
        images: { flyteBinary: `${A}/flyteorg/flyte-binary-release:${VERSION}`, coPilot: `${A}/flyteorg/flytecopilot-release:${VERSION}`, waitForDb: `${A}/library/postgres:15-alpine` },
        registry: { host: B, pullSecret: 'mirror-pull' },
      }),
    },
    { 'config/images.lock.json': JSON.stringify({ images: { [`${A}/library/postgres:15-alpine`]: missing } }) },
  );
  const synth = await run(process.execPath, [cli, 'synth'], { cwd: project, env: skopeoEnv() });
  expect(synth.code).toBe(0);
  const transfer = path.join(work, 'transfer-broken');
  const earlier = path.join(transfer, A, 'flyteorg/flyte-binary-release@sha256:' + '1'.repeat(64));
  fs.mkdirSync(earlier, { recursive: true });
  fs.writeFileSync(path.join(earlier, 'manifest.json'), '{"from":"an earlier pull"}');
  const pull = await run('bash', [path.join(project, 'dist/broken/scripts/mirror-images.sh'), 'pull', transfer], { env: skopeoEnv({ SRC_TLS_VERIFY: 'false' }) });
  expect(pull.code).toBe(1);
  expect(pull.stderr).toContain(`mirror-images.sh: skopeo sync failed; no image in ${transfer} was replaced`);
  // The earlier content is untouched and no staging is left behind.
  expect(fs.readdirSync(transfer)).toEqual([A]);
  expect(fs.readFileSync(path.join(earlier, 'manifest.json'), 'utf8')).toBe('{"from":"an earlier pull"}');
});

/** The digest registry C reports for a manifest, asked with a token got with the test's credentials. */
async function headDigestC(name: string, reference: string): Promise<{ status: number; digest: string | null }> {
  const port = (tokenServer!.address() as net.AddressInfo).port;
  const basic = Buffer.from(`${LOGIN_USER}:${LOGIN_TOKEN}`).toString('base64');
  const tokenRes = await fetch(`http://127.0.0.1:${port}/token?service=${SERVICE_C}&scope=repository:${name}:pull`, { headers: { Authorization: `Basic ${basic}` } });
  const { token } = (await tokenRes.json()) as { token: string };
  const res = await fetch(`http://${regC!.host}/v2/${name}/manifests/${reference}`, { method: 'HEAD', headers: { Accept: ACCEPT, Authorization: `Bearer ${token}` } });
  return { status: res.status, digest: res.headers.get('docker-content-digest') };
}

/** Runs `cmd` with `input` on standard input, and collects every command line seen in /proc while it runs. */
async function runWatchingArgv(cmd: string, args: string[], input: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; argv: string[] }> {
  const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  child.stdin!.end(input);
  const argv = new Set<string>();
  let done = false;
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => { done = true; resolve(code); }));
  while (!done) {
    for (const pid of fs.readdirSync('/proc').filter((p) => /^[0-9]+$/.test(p))) {
      try {
        argv.add(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '));
      } catch {
        // The process ended between the listing and the read.
      }
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { code: await closed, stdout, stderr, argv: [...argv] };
}

test('push --password-stdin logs in with the token from standard input and pushes under the registry path prefix', async () => {
  const A = regA!.host;
  const C = regC!.host;
  const project = tmpProject({
    harbor: validInput({
      flyte: { version: VERSION },
      images: { flyteBinary: `${A}/flyteorg/flyte-binary-release:${VERSION}`, coPilot: `${A}/flyteorg/flytecopilot-release:${VERSION}`, waitForDb: `${A}/library/postgres:15-alpine` },
      registry: { host: `${C}/flyte-project/mirror`, pullSecret: 'harbor-pull', mapping: 'path' },
    }),
  });
  const synth = await run(process.execPath, [cli, 'synth'], { cwd: project, env: skopeoEnv() });
  expect(synth.code).toBe(0);
  const inventory = JSON.parse(fs.readFileSync(path.join(project, 'dist/harbor/images.json'), 'utf8'));
  expect(inventory.registry).toBe(`${C}/flyte-project/mirror`);
  expect(inventory.images.map((i: any) => i.target)).toEqual([
    `${C}/flyte-project/mirror/flyteorg/flytecopilot-release:${VERSION}`,
    `${C}/flyte-project/mirror/flyteorg/flyte-binary-release:${VERSION}`,
    `${C}/flyte-project/mirror/library/postgres:15-alpine`,
  ]);
  const script = path.join(project, 'dist/harbor/scripts/mirror-images.sh');
  const transfer = path.join(work, 'transfer-login');
  const pull = await run('bash', [script, 'pull', transfer], { env: skopeoEnv({ SRC_TLS_VERIFY: 'false' }) });
  expect(pull.code).toBe(0);

  // Without credentials registry C refuses the push.
  const anonymous = await run('bash', [script, 'push', transfer], { env: skopeoEnv({ DEST_TLS_VERIFY: 'false' }) });
  expect(anonymous.code).toBe(1);
  expect(anonymous.stderr).toContain(`mirror-images.sh: pushing ${A}/flyteorg/flyte-binary-release:${VERSION} to ${C}/flyte-project/mirror/flyteorg/flyte-binary-release:${VERSION} failed\n`);

  // A wrong token: the log-in fails with one line, nothing is pushed.
  const wrong = await runWatchingArgv('bash', [script, 'push', '--password-stdin', transfer], 'not-the-token\n', skopeoEnv({ DEST_TLS_VERIFY: 'false', REGISTRY_USERNAME: LOGIN_USER }));
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toContain(`mirror-images.sh: login to ${C} as ${LOGIN_USER} failed; check the token on standard input and REGISTRY_USERNAME\n`);

  const tmp = fs.mkdtempSync(path.join(work, 'tmp-'));
  tokenLog.length = 0;
  const push = await runWatchingArgv('bash', [script, 'push', '--password-stdin', transfer], `${LOGIN_TOKEN}\n`, skopeoEnv({ DEST_TLS_VERIFY: 'false', REGISTRY_USERNAME: LOGIN_USER, TMPDIR: tmp }));
  expect(push.stderr.split('\n').filter((l) => /fatal|error/i.test(l))).toEqual([]);
  expect(push.code).toBe(0);
  expect(push.stdout).toContain(`logged in to ${C} as ${LOGIN_USER}\n`);
  expect(push.stdout).toContain(`pushed ${C}/flyte-project/mirror/library/postgres:15-alpine (${images.pg15.digest})`);
  // The token reached the token service as the Basic password, and nowhere else: not in any
  // command line seen while the push ran, not in the output, no auth file left behind.
  expect(tokenLog.filter((t) => t.service === SERVICE_C).length).toBeGreaterThan(0);
  expect(tokenLog.filter((t) => t.service === SERVICE_C).every((t) => t.basic === `${LOGIN_USER}:${LOGIN_TOKEN}`)).toBe(true);
  expect(push.argv.some((a) => a.includes('skopeo login'))).toBe(true);
  expect(push.argv.filter((a) => a.includes(LOGIN_TOKEN))).toEqual([]);
  expect(push.stdout + push.stderr).not.toContain(LOGIN_TOKEN);
  expect(fs.readdirSync(tmp)).toEqual([]);
  expect(fs.existsSync(path.join(work, '.config/containers/auth.json'))).toBe(false);

  // Registry C holds every image under the prefix, with the source's digest.
  expect(await headDigestC('flyte-project/mirror/flyteorg/flyte-binary-release', VERSION)).toEqual({ status: 200, digest: images.binary.digest });
  expect(await headDigestC('flyte-project/mirror/flyteorg/flytecopilot-release', VERSION)).toEqual({ status: 200, digest: images.copilot.digest });
  expect(await headDigestC('flyte-project/mirror/library/postgres', '15-alpine')).toEqual({ status: 200, digest: images.pg15.digest });
  expect((await headDigestC('flyteorg/flyte-binary-release', VERSION)).status).toBe(404);
});

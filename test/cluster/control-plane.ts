/**
 * A real Kubernetes control plane for the tests, on loopback only: etcd, kube-apiserver (RBAC,
 * ServiceAccount tokens, PodSecurity admission), kube-controller-manager, kube-scheduler, and KWOK
 * standing in for the kubelets (one fake node that runs pods and serves port-forwards through its
 * PortForward resource). The binaries are built from Go modules by scripts/control-plane/build.sh
 * into a cache outside the repository; certificates are made here with openssl. helm and kubectl
 * are the real clients of .tools/ (node scripts/tools.js): kubectl of the server's own version.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { freePort, ROOT } from '../helpers';

export interface ControlPlaneOptions {
  /**
   * Name of the cluster in the kubeconfig: deploy.sh and verify.sh check it against the EKS
   * cluster an environment names.
   * @default 'test'
   */
  readonly clusterName?: string;
  /**
   * Kubernetes version of the control plane and of its kubectl: one of scripts/control-plane/versions.env.
   * @default - the jest project's `ENTERPRISE_FLYTE_KUBERNETES` (jest.config.js), else KUBERNETES_VERSION
   */
  readonly kubernetesVersion?: string;
  /**
   * The helm of .tools/ the tests and scripts run: `helm` (Helm 4) or `helm3` (the newest Helm 3).
   * @default - the jest project's `ENTERPRISE_FLYTE_HELM` (jest.config.js), else 'helm'
   */
  readonly helm?: 'helm' | 'helm3';
}

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ControlPlane {
  /** What runs: the server's version and the helm and kubectl versions, as the clients report them. */
  readonly versions: { readonly server: string; readonly helm: string; readonly kubectl: string };
  /**
   * Environment for helm, kubectl and the bundle scripts: the project's helm and kubectl first on
   * PATH, an admin (system:masters) kubeconfig whose current context is `test`, throw-away homes.
   */
  readonly env: NodeJS.ProcessEnv;
  kubectl(args: string[], options?: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string }): CommandResult;
  helm(args: string[], options?: { env?: NodeJS.ProcessEnv; cwd?: string }): CommandResult;
  /** Runs kubectl and throws with its output when it fails. */
  mustKubectl(args: string[], options?: { input?: string }): string;
  /** Polls until `check` returns true or the time runs out. */
  waitFor(what: string, check: () => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const NODE_NAME = 'kwok-node-0';
const TOOLS = path.join(ROOT, '.tools');

/** KEY=VALUE lines of scripts/control-plane/versions.env. */
export function controlPlaneVersions(): Record<string, string> {
  const text = fs.readFileSync(path.join(ROOT, 'scripts', 'control-plane', 'versions.env'), 'utf8');
  return Object.fromEntries([...text.matchAll(/^([A-Z0-9_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
}

/** Builds the binaries of a Kubernetes version if the cache does not hold them yet; returns their folder. */
export function controlPlaneBinaries(version?: string): string {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'control-plane', 'build.sh'), ...(version ? [version] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`scripts/control-plane/build.sh ${version ?? ''} failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout.trim().split('\n').pop()!;
}

/**
 * A folder for the front of PATH with `helm` and `kubectl` linked to the chosen clients of .tools/,
 * so the scripts under test find them by name. Fails, never skips, when one is missing.
 */
function clientsFolder(dir: string, kubectl: string, helm: string): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const [name, file] of [['kubectl', kubectl], ['helm', helm]]) {
    const target = path.join(TOOLS, file);
    if (!fs.existsSync(target)) throw new Error(`${target} is missing; run "node scripts/tools.js" (npm test does), which builds it`);
    fs.symlinkSync(target, path.join(bin, name));
  }
  return bin;
}

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.error) throw new Error(`openssl not found (${r.error.message}); install it with: apt-get install openssl`);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
}

/** A certificate signed by the test CA (EC P-256: quick to make, accepted by every component). */
function certificate(dir: string, name: string, subject: string, extensions: string[]): void {
  fs.writeFileSync(path.join(dir, `${name}.ext`), `${extensions.join('\n')}\n`);
  openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.crt`, '-extfile', `${name}.ext`]);
}

function makeCertificates(dir: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=enterprise-flyte-test-ca', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const client = ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth'];
  const server = (sans: string) => ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', `subjectAltName=${sans}`];
  certificate(dir, 'apiserver', '/CN=kube-apiserver', server('IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local'));
  certificate(dir, 'kwok-serving', `/CN=${NODE_NAME}`, server('IP:127.0.0.1,DNS:localhost'));
  certificate(dir, 'admin', '/O=system:masters/CN=enterprise-flyte-test-admin', client);
  certificate(dir, 'controller-manager', '/CN=system:kube-controller-manager', client);
  certificate(dir, 'scheduler', '/CN=system:kube-scheduler', client);
  // KWOK acts as the kubelet of its fake node and updates pods of every namespace.
  certificate(dir, 'kwok', '/O=system:masters/CN=kwok', client);
  certificate(dir, 'apiserver-kubelet-client', '/O=system:masters/CN=kube-apiserver-kubelet-client', client);
  openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'sa.key']);
  openssl(dir, ['ec', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
}

function kubeconfig(dir: string, user: string, server: string, clusterName: string): string {
  const file = path.join(dir, `${user}.kubeconfig`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: { server, 'certificate-authority': path.join(dir, 'ca.crt') } }],
    users: [{ name: user, user: { 'client-certificate': path.join(dir, `${user}.crt`), 'client-key': path.join(dir, `${user}.key`) } }],
    contexts: [{ name: 'test', context: { cluster: clusterName, user } }],
    'current-context': 'test',
  };
  fs.writeFileSync(file, YAML.stringify(config), { mode: 0o600 });
  return file;
}

/** GET over the admin certificate; resolves to the status code, or 0 when nothing answers yet. */
function httpsGet(dir: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = https.get(url, {
      ca: fs.readFileSync(path.join(dir, 'ca.crt')),
      cert: fs.readFileSync(path.join(dir, 'admin.crt')),
      key: fs.readFileSync(path.join(dir, 'admin.key')),
      timeout: 2000,
    }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a control plane in a fresh temporary folder; stop() ends every process and removes it. */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const pinned = controlPlaneVersions().KUBERNETES_VERSION;
  const version = options.kubernetesVersion ?? (globalThis as any).ENTERPRISE_FLYTE_KUBERNETES ?? pinned;
  const helmTool = options.helm ?? (globalThis as any).ENTERPRISE_FLYTE_HELM ?? 'helm';
  const binDir = controlPlaneBinaries(version);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-control-plane-'));
  const children: Array<{ name: string; child: ChildProcess }> = [];
  const logOf = (name: string) => path.join(dir, `${name}.log`);
  const tail = (name: string) => (fs.existsSync(logOf(name)) ? fs.readFileSync(logOf(name), 'utf8').split('\n').slice(-25).join('\n') : '(no log)');
  const start = (name: string, args: string[]) => {
    const out = fs.openSync(logOf(name), 'a');
    const child = spawn(path.join(binDir, name), args, { cwd: dir, stdio: ['ignore', out, out], env: { PATH: process.env.PATH, HOME: dir } });
    fs.closeSync(out);
    children.push({ name, child });
  };
  const stop = async () => {
    for (const { child } of [...children].reverse()) if (child.exitCode === null) child.kill('SIGTERM');
    const deadline = Date.now() + 10_000;
    while (children.some(({ child }) => child.exitCode === null && child.signalCode === null) && Date.now() < deadline) await sleep(100);
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const exited = () => children.find(({ child }) => child.exitCode !== null || child.signalCode !== null);

  try {
    makeCertificates(dir);
    const [etcdPort, peerPort, apiPort, cmPort, schedPort, kwokPort] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => freePort()));
    const server = `https://127.0.0.1:${apiPort}`;
    const clusterName = options.clusterName ?? 'test';
    const admin = kubeconfig(dir, 'admin', server, clusterName);
    for (const user of ['controller-manager', 'scheduler', 'kwok']) kubeconfig(dir, user, server, clusterName);

    start('etcd', [
      '--name=test', `--data-dir=${path.join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`, `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=test=http://127.0.0.1:${peerPort}`,
      // Test data: losing it on a crash is fine, and fsync is most of etcd's latency on this disk.
      '--unsafe-no-fsync',
    ]);
    start('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      `--tls-cert-file=${dir}/apiserver.crt`, `--tls-private-key-file=${dir}/apiserver.key`,
      `--client-ca-file=${dir}/ca.crt`,
      '--authorization-mode=Node,RBAC',
      '--enable-admission-plugins=NodeRestriction,PodSecurity',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${dir}/sa.pub`, `--service-account-signing-key-file=${dir}/sa.key`,
      '--service-cluster-ip-range=10.96.0.0/16',
      `--kubelet-client-certificate=${dir}/apiserver-kubelet-client.crt`, `--kubelet-client-key=${dir}/apiserver-kubelet-client.key`,
      '--kubelet-preferred-address-types=InternalIP',
      // The loopback address cannot be an Endpoints address: nothing in the cluster dials it.
      '--endpoint-reconciler-type=none',
      '--profiling=false',
    ]);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const dead = exited();
      if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode ?? dead.child.signalCode}):\n${tail(dead.name)}`);
      if ((await httpsGet(dir, `${server}/readyz`)).status === 200) break;
      if (Date.now() > deadline) throw new Error(`kube-apiserver not ready after 120 s:\n${tail('kube-apiserver')}`);
      await sleep(250);
    }
    start('kube-controller-manager', [
      `--kubeconfig=${dir}/controller-manager.kubeconfig`,
      '--bind-address=127.0.0.1', `--secure-port=${cmPort}`,
      `--authentication-kubeconfig=${dir}/controller-manager.kubeconfig`, `--authorization-kubeconfig=${dir}/controller-manager.kubeconfig`,
      `--service-account-private-key-file=${dir}/sa.key`, `--root-ca-file=${dir}/ca.crt`,
      `--cluster-signing-cert-file=${dir}/ca.crt`, `--cluster-signing-key-file=${dir}/ca.key`,
      '--use-service-account-credentials=true', '--leader-elect=false',
    ]);
    start('kube-scheduler', [
      `--kubeconfig=${dir}/scheduler.kubeconfig`,
      '--bind-address=127.0.0.1', `--secure-port=${schedPort}`,
      `--authentication-kubeconfig=${dir}/scheduler.kubeconfig`, `--authorization-kubeconfig=${dir}/scheduler.kubeconfig`,
      '--leader-elect=false',
    ]);

    const clients = clientsFolder(dir, version === pinned ? 'kubectl' : `kubectl-${version}`, helmTool);
    const env: NodeJS.ProcessEnv = {
      PATH: `${clients}:${process.env.PATH}`,
      HOME: dir,
      KUBECONFIG: admin,
      HELM_CACHE_HOME: `${dir}/helm/cache`,
      HELM_CONFIG_HOME: `${dir}/helm/config`,
      HELM_DATA_HOME: `${dir}/helm/data`,
    };
    const run = (bin: string, args: string[], o: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): CommandResult => {
      const r = spawnSync(path.join(clients, bin), args, { encoding: 'utf8', input: o.input, cwd: o.cwd ?? dir, env: { ...env, ...o.env }, maxBuffer: 64 * 1024 * 1024 });
      if (r.error) throw r.error;
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };
    const kubectl: ControlPlane['kubectl'] = (args, o) => run('kubectl', args, o);
    const mustKubectl = (args: string[], o: { input?: string } = {}) => {
      const r = kubectl(args, o);
      if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
      return r.stdout;
    };
    const waitFor = async (what: string, check: () => boolean, timeoutMs = 60_000) => {
      const until = Date.now() + timeoutMs;
      while (!check()) {
        const dead = exited();
        if (dead) throw new Error(`${dead.name} exited while waiting for ${what}:\n${tail(dead.name)}`);
        if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
        await sleep(300);
      }
    };

    // KWOK: its stages (copied from the kwok module by build.sh) make the node Ready and run pods;
    // its PortForward resource routes port-forwards to servers the tests start.
    const kwokDir = path.join(binDir, '..', 'kwok');
    mustKubectl(['apply', '--server-side', '-f', path.join(kwokDir, 'crds')]);
    mustKubectl(['wait', '--for=condition=Established', 'crd/portforwards.kwok.x-k8s.io', '--timeout=60s']);
    start('kwok', [
      `--kubeconfig=${dir}/kwok.kubeconfig`,
      `--config=${path.join(kwokDir, 'stages.yaml')}`,
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--node-ip=127.0.0.1', `--node-port=${kwokPort}`, `--server-address=127.0.0.1:${kwokPort}`,
      `--tls-cert-file=${dir}/kwok-serving.crt`, `--tls-private-key-file=${dir}/kwok-serving.key`,
      '--enable-crds=PortForward', '--node-lease-duration-seconds=40', '--cidr=10.244.0.0/16',
    ]);
    mustKubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: NODE_NAME, annotations: { 'kwok.x-k8s.io/node': 'fake' }, labels: { 'kubernetes.io/hostname': NODE_NAME, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' } },
      }),
    });
    const ok = (args: string[]) => kubectl(args).status === 0;
    await waitFor('the KWOK node to be Ready', () => ok(['wait', '--for=condition=Ready', `node/${NODE_NAME}`, '--timeout=1s']), 90_000);
    await waitFor('the default ServiceAccount (controller-manager)', () => ok(['get', 'serviceaccount', 'default', '-n', 'default']), 90_000);

    const helm: ControlPlane['helm'] = (args, o) => run('helm', args, o);
    const versions = {
      server: JSON.parse(mustKubectl(['version', '-o', 'json'])).serverVersion.gitVersion,
      kubectl: JSON.parse(mustKubectl(['version', '--client', '-o', 'json'])).clientVersion.gitVersion,
      helm: helm(['version', '--template', '{{.Version}}']).stdout,
    };
    // A test meant for one version must never pass on another.
    if (versions.server !== version || versions.kubectl !== version) throw new Error(`asked for Kubernetes ${version}, got server ${versions.server} and kubectl ${versions.kubectl}`);
    return { env, versions, kubectl, mustKubectl, waitFor, stop, helm };
  } catch (e) {
    await stop();
    throw e;
  }
}

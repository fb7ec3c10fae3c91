#!/usr/bin/env node
// npm run bench: wall time and peak RSS of synth, as whole processes, against a bare `node -e 0`
// measured in the same run. Prints medians (with min and max) and each figure's ratio to node.
// Usage: node scripts/bench.js [--runs N]   (default 7 runs per case, after one warm-up)
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parseArgs } = require('util');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench: --runs ${JSON.stringify(values.runs)} is not allowed; expected a positive integer`);
  process.exit(2);
}
const cli = path.join(root, 'bin', 'enterprise-flyte.js');
if (!fs.existsSync(path.join(root, 'lib', 'enterprise-flyte.js'))) {
  console.error('bench: lib/ is missing; run "npm run build" first');
  process.exit(2);
}

/** A project with `n` environments derived from config/environments/enterprise.yaml. */
function project(n) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ef-bench-${n}-`));
  const base = YAML.parse(fs.readFileSync(path.join(root, 'config/environments/enterprise.yaml'), 'utf8'));
  fs.mkdirSync(path.join(dir, 'config/environments'), { recursive: true });
  for (const extra of ['clusters', 'images.lock.json']) {
    const from = path.join(root, 'config', extra);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, 'config', extra), { recursive: true });
  }
  for (let i = 0; i < n; i++) {
    const env = { ...base, release: `flyte-${i}`, namespace: `flyte-${i}` };
    fs.writeFileSync(path.join(dir, 'config/environments', `env-${String(i).padStart(3, '0')}.yaml`), YAML.stringify(env));
  }
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), YAML.stringify({
    language: 'typescript',
    app: `node ${cli} synth`,
    output: '.cdk8s.out',
    validations: [{ package: path.join(root, 'lib', 'policy-plugin.js'), class: 'EnterpriseFlytePolicy', version: '0.1.0' }],
  }));
  return dir;
}

function measure(name, command, args, cwd) {
  const rssFile = path.join(os.tmpdir(), `ef-bench-rss-${process.pid}`);
  const env = { ...process.env, NODE_OPTIONS: `--require ${path.join(__dirname, 'bench-rss.js')}`, BENCH_RSS_FILE: rssFile, HOME: cwd };
  const times = [];
  const rss = [];
  for (let i = 0; i <= runs; i++) {
    fs.rmSync(rssFile, { force: true });
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
    if (i === 0) continue; // warm-up: file cache, and the code cache of bin/enterprise-flyte.js
    times.push(ms);
    // The largest process: for cdk8s synth, the CLI or the app it starts.
    rss.push(Math.max(...fs.readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024);
  }
  fs.rmSync(rssFile, { force: true });
  const sorted = (a) => [...a].sort((x, y) => x - y);
  const med = (a) => sorted(a)[Math.floor(a.length / 2)];
  return { name, median: med(times), min: sorted(times)[0], max: sorted(times)[times.length - 1], rss: med(rss), rssMax: sorted(rss)[rss.length - 1] };
}

// The code cache of bin/enterprise-flyte.js is written by the first run after a build; let a
// synth warm-up write it, as it would on an operator's machine.
fs.rmSync(path.join(root, 'lib', '.enterprise-flyte.js.cache'), { force: true });

const one = project(1);
const ten = project(10);
const hundred = project(100);
const results = [
  measure('node -e 0 (bare Node.js)', process.execPath, ['-e', '0'], one),
  measure('synth, 1 environment', process.execPath, [cli, 'synth'], one),
  measure('synth, 10 environments', process.execPath, [cli, 'synth'], ten),
  measure('synth, 100 environments', process.execPath, [cli, 'synth'], hundred),
  measure('cdk8s synth, 1 environment', path.join(root, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade'], one),
];
for (const dir of [one, ten, hundred]) fs.rmSync(dir, { recursive: true, force: true });

const bare = results[0].median;
const pad = (s, n) => String(s).padEnd(n);
const num = (x) => x.toFixed(0).padStart(6);
console.log(`${os.cpus().length} x ${os.cpus()[0].model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${runs} runs per case after one warm-up`);
console.log('');
console.log(`| ${pad('case', 28)} | median ms |  min ms |  max ms | x node -e 0 | peak RSS MiB (max) |`);
console.log(`| ${'-'.repeat(28)} | --------: | ------: | ------: | ----------: | -----------------: |`);
for (const r of results) {
  console.log(`| ${pad(r.name, 28)} |    ${num(r.median)} |  ${num(r.min)} |  ${num(r.max)} | ${(r.median / bare).toFixed(2).padStart(11)} | ${`${r.rss.toFixed(0)} (${r.rssMax.toFixed(0)})`.padStart(18)} |`);
}
const [, single, , many] = results;
const targets = [
  ['1 environment within 2.5x of node -e 0', single.median / bare, 2.5],
  ['100 environments within 15x of 1 environment', many.median / single.median, 15],
  ['peak RSS under 300 MiB', Math.max(...results.map((r) => r.rssMax)), 300],
];
console.log('');
for (const [what, value, limit] of targets) console.log(`${value <= limit ? 'met   ' : 'missed'} ${what}: ${value.toFixed(2)}`);

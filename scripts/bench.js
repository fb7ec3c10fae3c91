#!/usr/bin/env node
// npm run bench: wall time and peak RSS of synth, as whole processes, against a bare `node -e 0`
// and against the upstream flyte-binary chart rendered by the real `helm template` with the same
// settings, all measured in the same run. Prints medians (with min and max) and ratios.
// Usage: node scripts/bench.js [--runs N]   (default 7 rounds of every case, after one warm-up round)
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
  fs.mkdirSync(path.join(dir, 'helm-values'));
  for (let i = 0; i < n; i++) {
    const env = { ...base, release: `flyte-${i}`, namespace: `flyte-${i}` };
    fs.writeFileSync(path.join(dir, 'config/environments', `env-${String(i).padStart(3, '0')}.yaml`), YAML.stringify(env));
    fs.writeFileSync(path.join(dir, 'helm-values', `env-${String(i).padStart(3, '0')}.yaml`), YAML.stringify(upstreamValues(env)));
  }
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), YAML.stringify({
    language: 'typescript',
    app: `node ${cli} synth`,
    output: '.cdk8s.out',
    validations: [{ package: path.join(root, 'lib', 'policy-plugin.js'), class: 'EnterpriseFlytePolicy', version: '0.1.0' }],
  }));
  return dir;
}

/**
 * Values of the upstream flyte-binary chart that ask for what the environment describes: images
 * from the private registry, the external database with the mounted password file, S3 through
 * IRSA, the pull Secret on the ServiceAccount, the Ingresses with TLS, the resources. (The chart
 * has no NetworkPolicy or ServiceMonitor, and renders no CRD.)
 */
function upstreamValues(env) {
  const reg = env.registry ? `${env.registry.host}/` : '';
  const tag = env.flyte.version;
  const db = env.database;
  const ingress = env.ingress;
  return {
    deployment: {
      image: { repository: `${reg}flyteorg/flyte-binary-release`, tag, pullPolicy: 'IfNotPresent' },
      waitForDB: { image: { repository: `${reg}library/postgres`, tag: '15-alpine', pullPolicy: 'IfNotPresent' } },
      resources: env.resources,
      extraVolumes: [{ name: 'db-secret', secret: { secretName: db.passwordSecret.name } }],
      extraVolumeMounts: [{ name: 'db-secret', mountPath: '/etc/db-secret', readOnly: true }],
    },
    configuration: {
      database: { username: db.username, host: db.host, port: db.port, dbname: db.name, options: db.options, passwordPath: `/etc/db-secret/${db.passwordSecret.key}` },
      storage: {
        metadataContainer: env.storage.metadataBucket,
        userDataContainer: env.storage.userDataBucket,
        provider: 's3',
        providerConfig: { s3: { region: env.storage.region, authType: 'iam' } },
      },
      'co-pilot': { image: { repository: `${reg}flyteorg/flytecopilot-release`, tag } },
    },
    serviceAccount: {
      create: true,
      annotations: { 'eks.amazonaws.com/role-arn': env.serviceAccount.roleArn },
      imagePullSecrets: env.registry ? [{ name: env.registry.pullSecret }] : [],
    },
    ingress: ingress
      ? {
          create: true,
          host: ingress.host,
          ingressClassName: ingress.className,
          commonAnnotations: ingress.annotations ?? {},
          httpAnnotations: ingress.httpAnnotations ?? {},
          grpcAnnotations: ingress.grpcAnnotations ?? {},
          tls: ingress.tlsSecret ? [{ hosts: [ingress.host], secretName: ingress.tlsSecret }] : [],
        }
      : { create: false },
  };
}

const HELM = path.join(root, '.tools', 'helm');
const helmVersion = () => spawnSync(HELM, ['version', '--short'], { encoding: 'utf8' }).stdout.trim();
const UPSTREAM_CHART = path.resolve(root, '..', 'shared', 'reference', 'flyte-binary-v1.16.8', 'chart');
for (const [what, p, fix] of [['helm', HELM, 'run "node scripts/tools.js"'], ['the upstream chart', UPSTREAM_CHART, 'it is the shared reference copy of flyte-binary v1.16.8']]) {
  if (!fs.existsSync(p)) {
    console.error(`bench: ${what} is missing at ${p}; ${fix}`);
    process.exit(2);
  }
}

/** `helm template` of the upstream chart once per environment of the project: one process each, one after another. */
function helmTemplateAll(dir) {
  const env = { ...process.env, HOME: dir, HELM_CACHE_HOME: path.join(dir, '.helm'), HELM_CONFIG_HOME: path.join(dir, '.helm'), HELM_DATA_HOME: path.join(dir, '.helm') };
  return () => {
    for (const file of fs.readdirSync(path.join(dir, 'helm-values')).sort()) {
      const i = Number(file.slice(4, 7));
      const r = spawnSync(HELM, ['template', `flyte-${i}`, UPSTREAM_CHART, '-n', `flyte-${i}`, '-f', path.join(dir, 'helm-values', file)], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0 || !r.stdout.includes('kind: Deployment')) throw new Error(`helm template ${file} failed: ${r.stderr}`);
    }
  };
}

/** One case: each call runs it once and returns its wall time (and peak RSS for Node.js processes). */
function processCase(name, command, args, cwd) {
  const rssFile = path.join(os.tmpdir(), `ef-bench-rss-${process.pid}`);
  const env = { ...process.env, NODE_OPTIONS: `--require ${path.join(__dirname, 'bench-rss.js')}`, BENCH_RSS_FILE: rssFile, HOME: cwd };
  return {
    name,
    once() {
      fs.rmSync(rssFile, { force: true });
      const start = process.hrtime.bigint();
      const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
      // The largest process: for cdk8s synth, the CLI or the app it starts.
      const rss = Math.max(...fs.readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024;
      fs.rmSync(rssFile, { force: true });
      return { ms, rss };
    },
  };
}

/** Wall time only: helm is not a Node.js process, so the RSS probe does not apply. */
function fnCase(name, fn) {
  return {
    name,
    once() {
      const start = process.hrtime.bigint();
      fn();
      return { ms: Number(process.hrtime.bigint() - start) / 1e6 };
    },
  };
}

/**
 * Runs every case once per round, round after round, so that a machine whose load changes
 * during the run slows every case alike; the first round is a warm-up (file cache, and the code
 * cache of bin/enterprise-flyte.js).
 */
function measureAll(cases) {
  const samples = cases.map(() => ({ times: [], rss: [] }));
  for (let round = 0; round <= runs; round++) {
    cases.forEach((c, i) => {
      const r = c.once();
      if (round === 0) return;
      samples[i].times.push(r.ms);
      if (r.rss !== undefined) samples[i].rss.push(r.rss);
    });
  }
  const sorted = (a) => [...a].sort((x, y) => x - y);
  const med = (a) => sorted(a)[Math.floor(a.length / 2)];
  return cases.map((c, i) => {
    const { times, rss } = samples[i];
    return { name: c.name, median: med(times), min: sorted(times)[0], max: sorted(times)[times.length - 1], rss: rss.length ? med(rss) : undefined, rssMax: rss.length ? sorted(rss)[rss.length - 1] : undefined };
  });
}

// The code cache of bin/enterprise-flyte.js is written by the first run after a build and
// rewritten by the first synth if a lighter command wrote it; the warm-up round does both, as
// an operator's first commands would.
fs.rmSync(path.join(root, 'lib', '.enterprise-flyte.js.cache'), { force: true });

const one = project(1);
const ten = project(10);
const hundred = project(100);
const results = measureAll([
  processCase('node -e 0 (bare Node.js)', process.execPath, ['-e', '0'], one),
  // Node.js plus loading the CLI, with no synth: the floor of every synth.
  processCase('start-up only (--help)', process.execPath, [cli, '--help'], one),
  processCase('synth, 1 environment', process.execPath, [cli, 'synth'], one),
  processCase('synth, 10 environments', process.execPath, [cli, 'synth'], ten),
  processCase('synth, 100 environments', process.execPath, [cli, 'synth'], hundred),
  processCase('cdk8s synth, 1 environment', path.join(root, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade'], one),
  fnCase('helm template, 1 environment', helmTemplateAll(one)),
  fnCase('helm template, 100 envs', helmTemplateAll(hundred)),
]);
for (const dir of [one, ten, hundred]) fs.rmSync(dir, { recursive: true, force: true });

const bare = results[0].median;
const pad = (s, n) => String(s).padEnd(n);
const num = (x) => x.toFixed(0).padStart(6);
console.log(`${os.cpus().length} x ${os.cpus()[0].model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${runs} rounds of every case after one warm-up round; helm ${helmVersion()}`);
console.log('');
console.log(`| ${pad('case', 28)} | median ms |  min ms |  max ms | x node -e 0 | peak RSS MiB (max) |`);
console.log(`| ${'-'.repeat(28)} | --------: | ------: | ------: | ----------: | -----------------: |`);
for (const r of results) {
  const rss = r.rss === undefined ? 'n/a (not Node.js)' : `${r.rss.toFixed(0)} (${r.rssMax.toFixed(0)})`;
  console.log(`| ${pad(r.name, 28)} |    ${num(r.median)} |  ${num(r.min)} |  ${num(r.max)} | ${(r.median / bare).toFixed(2).padStart(11)} | ${rss.padStart(18)} |`);
}
const [, startup, single, tenEnvs, many, , helmOne, helmMany] = results;
const targets = [
  ['1 environment within 2.5x of node -e 0', single.median / bare, 2.5],
  ['100 environments within 15x of 1 environment', many.median / single.median, 15],
  ['peak RSS under 300 MiB', Math.max(...results.filter((r) => r.rssMax !== undefined).map((r) => r.rssMax)), 300],
  ['1 environment at most 1.0x helm template of the upstream chart', single.median / helmOne.median, 1.0],
  ['100 environments at most 0.1x helm template, 100 processes', many.median / helmMany.median, 0.1],
];
console.log('');
for (const [what, value, limit] of targets) console.log(`${value <= limit ? 'met   ' : 'missed'} ${what}: ${value.toFixed(2)}`);
console.log('');
console.log(`start-up alone (Node.js and loading the CLI, no synth) is ${(startup.median / helmOne.median).toFixed(2)}x helm template of 1 environment`);
console.log(`each environment beyond the first 10 adds ${((many.median - tenEnvs.median) / 90).toFixed(1)} ms (helm template: ${(helmMany.median / 100).toFixed(1)} ms per process)`);

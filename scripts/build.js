#!/usr/bin/env node
// Bundles the CLI (and the cdk8s app, which is its `synth` command) into one file: one file
// to load instead of hundreds of modules is most of the start-up time of a synth.
// `node scripts/build.js [--if-stale] [OUTDIR]`: OUTDIR (default lib/) lets a test build its own
// copy instead of racing others on lib/; --if-stale does nothing when the bundle is newer than
// every source (cdk8s.yaml runs it before each `cdk8s synth`, so a checkout never runs a stale app).
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const ifStale = args[0] === '--if-stale';
const outdir = path.resolve(args[ifStale ? 1 : 0] || path.join(root, 'lib'));

function newest(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((e) => newest(path.join(p, e))));
}
if (ifStale) {
  const built = ['enterprise-flyte.js', 'policy-plugin.js', 'cluster-lookup.js', 'ecr-repositories.js', 'bundle-sign.js', 'index.js'].map((f) => path.join(outdir, f));
  const sources = ['src', 'imports', 'package.json', 'package-lock.json'].map((f) => path.join(root, f));
  if (built.every((f) => fs.existsSync(f)) && Math.min(...built.map(newest)) > Math.max(...sources.map(newest))) process.exit(0);
}

const esbuild = require('esbuild');
esbuild.build({
  absWorkingDir: root,
  // The cdk8s validation plugin is loaded by the cdk8s CLI with require(), so it is its own file.
  entryPoints: {
    'enterprise-flyte': 'src/cli/index.ts',
    'policy-plugin': 'src/policy/plugin.ts',
    // Only `cluster lookup` needs the AWS SDK: the CLI requires this file when that command runs.
    'cluster-lookup': 'src/cli/cluster-lookup.ts',
    // Likewise the ECR client, for `images create-repositories`.
    'ecr-repositories': 'src/images/ecr-repositories.ts',
    // And OpenPGP.js, for `bundle sign`.
    'bundle-sign': 'src/cli/bundle-sign.ts',
  },
  plugins: [
    {
      // cdk8s-plus-27's typed Kubernetes API is one CommonJS module of 136 classes and 420
      // converters, which no bundler can tree-shake, and loading it all is a tenth of a synth's
      // start-up. The package embeds that module's TypeScript source in its source map: bundling
      // the source instead keeps only the classes and converters the constructs use.
      name: 'k8s-from-source',
      setup(build) {
        build.onLoad({ filter: /cdk8s-plus-27[\\/]lib[\\/]imports[\\/]k8s\.js$/ }, (args) => {
          const match = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(fs.readFileSync(args.path, 'utf8'));
          const source = match && JSON.parse(Buffer.from(match[1], 'base64').toString()).sourcesContent?.[0];
          if (!source) return { errors: [{ text: `${args.path}: no embedded TypeScript source to bundle` }] };
          // Its converters drop undefined fields with \`reduce((r, i) => ({ ...r, [k]: v }))\`, which
          // copies the object once per field: quadratic, minutes for thousands of annotations.
          // Define each field in place instead (defineProperty, like the spread, for any key).
          const spread = /\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: ([^}]*) \}\), \{\}\)/g;
          let replaced = 0;
          const linear = source.replace(spread, (_m, value) => {
            replaced++;
            return `.reduce((r: any, i: any) => (i[1] === undefined ? r : Object.defineProperty(r, i[0], { value: ${value}, enumerable: true, writable: true, configurable: true })), {})`;
          });
          if (replaced === 0 || /\.\.\.r,/.test(linear)) return { errors: [{ text: `${args.path}: the converters no longer have the expected form; check the linear rewrite` }] };
          return { contents: linear, loader: 'ts', resolveDir: path.dirname(args.path) };
        });
      },
    },
    {
      // cdk8s keeps its own copy of yaml (the same 2.x release as ours): one copy to load, not two.
      name: 'one-yaml',
      setup(build) {
        build.onResolve({ filter: /^yaml$/ }, (args) =>
          args.importer.includes(`${path.sep}node_modules${path.sep}cdk8s${path.sep}`) ? { path: require.resolve('yaml', { paths: [root] }) } : undefined,
        );
      },
    },
    {
      // kubernetes-models (the Kubernetes schemas that check tasks.namespaceObjects) is half the size
      // of the rest of the bundle: it stays a dependency, required only by an environment that has them.
      name: 'kubernetes-models-on-demand',
      setup(build) {
        build.onResolve({ filter: /^kubernetes-models\// }, (args) => ({ path: args.path, external: true }));
      },
    },
    {
      // The CycloneDX library probes optional plug-ins (XML writers, schema validators) when it
      // loads and does without them: synth writes JSON only, so they are left out of the bundle
      // (each probe finds a module that throws, as if the package were not installed).
      name: 'cyclonedx-without-plugins',
      setup(build) {
        build.onResolve({ filter: /^(ajv|ajv-formats|ajv-formats-draft2019|libxmljs2|xmlbuilder2|spdx-expression-parse)$/ }, (args) =>
          args.importer.includes(`${path.sep}@cyclonedx${path.sep}`) ? { path: args.path, namespace: 'not-bundled' } : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: 'not-bundled' }, (args) => ({ contents: `throw new Error(${JSON.stringify(`${args.path} is not bundled`)});`, loader: 'js' }));
      },
    },
    {
      // OpenPGP.js's ES module (chosen for an \`import\`) locates itself with import.meta.url, which a
      // CommonJS bundle lacks: take its CommonJS build, as require() would.
      name: 'openpgp-commonjs',
      setup(build) {
        build.onResolve({ filter: /^openpgp$/ }, () => ({ path: require.resolve('openpgp', { paths: [root] }) }));
      },
    },
    {
      name: 'cluster-lookup-on-demand',
      setup(build) {
        build.onResolve({ filter: /^\.\/cluster-lookup$/ }, () => ({ path: './cluster-lookup.js', external: true }));
        build.onResolve({ filter: /^\.\.\/images\/ecr-repositories$/ }, () => ({ path: './ecr-repositories.js', external: true }));
        build.onResolve({ filter: /^\.\/bundle-sign$/ }, () => ({ path: './bundle-sign.js', external: true }));
      },
    },
  ],
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
})
  .then(() =>
    // The construct library (package.json "main"): its dependencies stay packages, so that an app
    // and the library share one cdk8s and one constructs (a Chart must be the app's Chart class).
    esbuild.build({
      absWorkingDir: root,
      entryPoints: { index: 'src/index.ts' },
      outdir,
      bundle: true,
      packages: 'external',
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: 'linked',
      logLevel: 'warning',
    }),
  )
  .catch(() => process.exit(1));

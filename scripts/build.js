#!/usr/bin/env node
// Bundles the CLI (and the cdk8s app, which is its `synth` command) into one file: one file
// to load instead of hundreds of modules is most of the start-up time of a synth.
// `node scripts/build.js [OUTDIR]`: OUTDIR (default lib/) lets a test build its own copy
// instead of racing others on lib/.
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
esbuild.build({
  absWorkingDir: root,
  // The cdk8s validation plugin is loaded by the cdk8s CLI with require(), so it is its own file.
  entryPoints: {
    'enterprise-flyte': 'src/cli/index.ts',
    'policy-plugin': 'src/policy/plugin.ts',
    // Only `cluster lookup` needs the AWS SDK: the CLI requires this file when that command runs.
    'cluster-lookup': 'src/cli/cluster-lookup.ts',
  },
  plugins: [
    {
      name: 'cluster-lookup-on-demand',
      setup(build) {
        build.onResolve({ filter: /^\.\/cluster-lookup$/ }, () => ({ path: './cluster-lookup.js', external: true }));
      },
    },
  ],
  outdir: path.resolve(process.argv[2] || path.join(root, 'lib')),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
}).catch(() => process.exit(1));

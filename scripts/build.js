#!/usr/bin/env node
// Bundles the CLI (and the cdk8s app, which is its `synth` command) into one file: one file
// to load instead of hundreds of modules is most of the start-up time of a synth.
const esbuild = require('esbuild');

esbuild.buildSync({
  entryPoints: { 'enterprise-flyte': 'src/cli/index.ts' },
  outdir: 'lib',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
});

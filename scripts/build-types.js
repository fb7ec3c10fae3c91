#!/usr/bin/env node
// The library's type declarations (package.json "types"): `tsc` over src/index.ts with
// tsconfig.lib.json. `node scripts/build-types.js [OUTDIR]` (default lib/types); run by `prepare`,
// so `npm pack` and `npm ci` ship them. Separate from build.js: tsc takes seconds, esbuild does not.
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const outdir = path.resolve(process.argv[2] || path.join(root, 'lib', 'types'));
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.lib.json'), '--outDir', outdir], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);

#!/usr/bin/env node
// Loads the bundled CLI (lib/enterprise-flyte.js) with a V8 code cache next to it: compiling the
// bundle is most of a synth's start-up, and the cache skips it from the second run on. The cache
// only holds compiled code; V8 rejects it when the bundle changes, and it is then rewritten.
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');

const file = path.join(__dirname, '..', 'lib', 'enterprise-flyte.js');
const cacheFile = path.join(__dirname, '..', 'lib', '.enterprise-flyte.js.cache');
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  // After the run, so that the functions the run compiled are in the cache too.
  process.once('exit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      // A read-only install runs without a cache.
    }
  });
}
const mod = { exports: {}, filename: file, id: file, loaded: false };
script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));

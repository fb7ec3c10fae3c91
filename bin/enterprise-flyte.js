#!/usr/bin/env node
// Loads the bundled CLI (lib/enterprise-flyte.js) with a V8 code cache next to it: compiling the
// bundle is most of a synth's start-up, and the cache skips it from the second run on. The cache
// only holds compiled code. V8 checks only the source's length, so a rebuilt bundle of the same
// length would run stale code: the cache starts with the SHA-1 of the bundle it was made from.
// The cache holds only the functions its run compiled, so one written by `--help` lacks the
// synth's: a run that builds environments replaces a cache a lighter command wrote (next byte).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');
const { isMainThread, threadId } = require('worker_threads');

const file = path.join(__dirname, '..', 'lib', 'enterprise-flyte.js');
const cacheFile = path.join(__dirname, '..', 'lib', '.enterprise-flyte.js.cache');
const source = fs.readFileSync(file);
const digest = crypto.createHash('sha1').update(source).digest();
// Synth's worker threads build environments too.
// (`bundle sign` builds nothing: it signs the bundle a synth built.)
const builds = !isMainThread || (['synth', 'check', 'diff', 'bundle'].includes(process.argv[2]) && process.argv[3] !== 'sign') ? 1 : 0;
let cachedData;
let cachedBuilds = 0;
try {
  const cache = fs.readFileSync(cacheFile);
  if (cache.subarray(0, digest.length).equals(digest)) {
    cachedBuilds = cache[digest.length];
    cachedData = cache.subarray(digest.length + 1);
  }
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(source.toString('utf8')), { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected || cachedBuilds < builds) {
  // After the run, so that the functions the run compiled are in the cache too.
  process.once('exit', () => {
    try {
      // Synth's worker threads share the process id: the thread id keeps their files apart.
      const tmp = `${cacheFile}.${process.pid}.${threadId}`;
      fs.writeFileSync(tmp, Buffer.concat([digest, Buffer.from([builds]), script.createCachedData()]));
      fs.renameSync(tmp, cacheFile);
    } catch {
      // A read-only install runs without a cache.
    }
  });
}
const mod = { exports: {}, filename: file, id: file, loaded: false };
script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));

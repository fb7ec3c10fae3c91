/** Type errors are caught by `tsc --noEmit` in `npm test`; jest only transpiles. */
const fs = require('fs');
const path = require('path');

const versions = Object.fromEntries(
  [...fs.readFileSync(path.join(__dirname, 'scripts', 'control-plane', 'versions.env'), 'utf8').matchAll(/^([A-Z0-9_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]),
);
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
};
// The control plane's version and Helm 4 run every test. The server-side apply, Pod Security and RBAC
// tests also run against the newest and oldest minors of the compatibility table, and the operator's
// lifecycle also with the newest Helm 3 (test/cluster/control-plane.ts reads the globals).
const CLUSTER = ['manifests', 'rbac', 'task-namespaces'].map((f) => `<rootDir>/test/cluster/${f}.test.ts`);
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...base, displayName: `kubernetes ${versions.KUBERNETES_VERSION}, helm 4`, roots: ['<rootDir>/test'] },
    ...[versions.KUBERNETES_NEWEST_VERSION, versions.KUBERNETES_OLDEST_VERSION].map((v) => ({
      ...base,
      displayName: `kubernetes ${v}`,
      testMatch: CLUSTER,
      globals: { ENTERPRISE_FLYTE_KUBERNETES: v },
    })),
    { ...base, displayName: 'helm 3', testMatch: ['<rootDir>/test/cluster/lifecycle.test.ts'], globals: { ENTERPRISE_FLYTE_HELM: 'helm3' } },
  ],
};

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { clientName, clientVersionChecks, OLDEST_HELM, OLDEST_KUBECTL } from '../../src/bundle/client-versions';
import { SUPPORTED_RANGE } from '../../src/eks/compatibility';
import { SCRIPT_EXIT } from '../../src/bundle/shell';
import { ensureTools, HELM3, KUBECTL, removeTmpDirs, tmpDir } from './fixture';

beforeAll(ensureTools);
afterAll(removeTmpDirs);

/**
 * Runs the checks with programs that print the given versions the way helm (`version --template`)
 * and kubectl (`version --client -o json`) do; the real clients run in deploy-script.test.ts.
 */
function check(helmVersion: string, kubectlVersion: string) {
  const bin = tmpDir('ef-clients-');
  fs.writeFileSync(path.join(bin, 'helm'), `#!/bin/sh\nprintf '%s' '${helmVersion}'\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\nprintf '{\\n  "clientVersion": {\\n    "gitVersion": "%s",\\n  }\\n}\\n' '${kubectlVersion}'\n`, { mode: 0o755 });
  const script = `set -euo pipefail\ndie() { printf '%s\\n' "$2" >&2; exit "$1"; }\nHELM=${bin}/helm KUBECTL=${bin}/kubectl\n${clientVersionChecks()}echo "$ROLLBACK_FLAG"\n`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('client versions', () => {
  test('the oldest kubectl is one minor below the oldest supported cluster', () => {
    expect(OLDEST_KUBECTL).toEqual({ major: 1, minor: SUPPORTED_RANGE.min - 1 });
    expect(clientName('kubectl', OLDEST_KUBECTL)).toBe(`kubectl 1.${SUPPORTED_RANGE.min - 1}`);
    expect(clientName('helm', OLDEST_HELM)).toBe('Helm 3.21');
  });

  test.each([
    ['v3.21.0', '--atomic'],
    ['v3.22.1', '--atomic'],
    ['v4.0.0', '--rollback-on-failure'],
    ['v4.3.2+gabc', '--rollback-on-failure'],
  ])('helm %s passes and undoes failures with %s', (version, flag) => {
    expect(check(version, 'v1.31.0')).toEqual({ status: 0, stdout: `${flag}\n`, stderr: '' });
  });

  test.each([
    ['v3.20.14', 'v1.34.4', 'helm v3.20.14'],
    ['v2.17.0', 'v1.34.4', 'helm v2.17.0'],
    ['v4.3.2', 'v1.30.9', 'kubectl v1.30.9'],
    ['v4.3.2', 'v0.99.0', 'kubectl v0.99.0'],
  ])('helm %s with kubectl %s: %s is refused with exit CLIENT', (helm, kubectl, named) => {
    const r = check(helm, kubectl);
    expect(r.status).toBe(SCRIPT_EXIT.CLIENT);
    expect(r.stderr).toMatch(new RegExp(`^${named.replace(/\./g, '\\.')} \\(".*"\\) is older than the oldest supported, [^\\n]+\\n$`));
  });

  test('the versions of the real clients the tests use are read', () => {
    const script = `set -euo pipefail\ndie() { printf '%s\\n' "$2" >&2; exit "$1"; }\nHELM=${HELM3} KUBECTL=${KUBECTL}\n${clientVersionChecks()}echo "$helm_version $kubectl_version $ROLLBACK_FLAG"\n`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^v3\.\d+\.\d+ v1\.\d+\.\d+ --atomic\n$/);
  });
});

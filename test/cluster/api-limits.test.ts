/**
 * The limits src/synth/api-limits.ts enforces are the API server's own: each object just within
 * a limit is accepted by a real kube-apiserver (server-side dry run), and the same object just
 * over it is refused.
 */
import { manifestYaml } from '../../src/synth/manifests';
import { LIMIT_CASES } from '../synth/api-limit-cases';
import { ControlPlane, startControlPlane } from './control-plane';

let cp: ControlPlane;
beforeAll(async () => {
  cp = await startControlPlane();
  cp.mustKubectl(['create', 'namespace', 'n']);
}, 300_000);
afterAll(() => cp?.stop());

describe('Kubernetes limits, against a real API server', () => {
  test.each(LIMIT_CASES.map((c) => [c.what, c] as const))('%s: within is accepted, one over is refused', (_what, c) => {
    const apply = (o: unknown) => cp.kubectl(['apply', '--dry-run=server', '--server-side', '--field-manager=test', '-f', '-'], { input: manifestYaml(o as never) });
    const within = apply(c.within);
    expect(within.stderr).toBe('');
    expect(within.status).toBe(0);
    const over = apply(c.over);
    expect(over.status).not.toBe(0);
    expect(over.stderr).toMatch(/is invalid|Too long|must (have|be) no more than|must not have more than|Required value/);
  });
});

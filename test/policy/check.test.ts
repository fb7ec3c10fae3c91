import { checkPolicy, formatViolation } from '../../src/policy/check';

const pod = (image: string) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' },
  spec: { automountServiceAccountToken: false, securityContext: { runAsNonRoot: true, runAsUser: 1, runAsGroup: 1, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'c', image, livenessProbe: {}, readinessProbe: {}, resources: { requests: { cpu: '1', memory: '1' }, limits: { cpu: '1', memory: '1' } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } }] },
});

describe('checkPolicy', () => {
  const objects = [pod('public.example/a:1'), { ...pod('public.example/b:1'), metadata: { name: 'q', namespace: 'n' } }] as any[];
  const ctx = { registry: 'mirror.example', inventory: ['public.example/a:1', 'public.example/b:1'] };

  test('without waivers every finding is a violation', () => {
    const r = checkPolicy(objects, ctx);
    expect(r.violations.map((v) => `${v.rule} ${v.object}`)).toEqual(['image-registry Pod/p', 'image-registry Pod/q']);
    expect(r.waived).toEqual([]);
  });

  test('a waiver for a rule covers every object, with its reason', () => {
    const r = checkPolicy(objects, ctx, [{ rule: 'image-registry', reason: 'lab cluster pulls from the public mirror' }]);
    expect(r.violations).toEqual([]);
    expect(r.waived.map((w) => `${w.object}: ${w.reason}`)).toEqual(['Pod/p: lab cluster pulls from the public mirror', 'Pod/q: lab cluster pulls from the public mirror']);
  });

  test('a waiver for one object covers only that object', () => {
    const r = checkPolicy(objects, ctx, [{ rule: 'image-registry', object: 'Pod/q', reason: 'vendor image, mirrored by hand' }]);
    expect(r.violations.map((v) => v.object)).toEqual(['Pod/p']);
    expect(r.waived.map((v) => v.object)).toEqual(['Pod/q']);
  });

  test('waivers that match nothing are reported; unknown rules are errors', () => {
    const stale = { rule: 'image-tag', reason: 'left over from an old release' };
    expect(checkPolicy(objects, ctx, [stale]).unusedWaivers).toEqual([stale]);
    expect(() => checkPolicy(objects, ctx, [{ rule: 'image-regsitry', reason: 'typo in the rule id here' }])).toThrow(
      'policy.waivers: rule "image-regsitry" does not exist; expected one of run-as-non-root,',
    );
  });

  test('formatViolation names rule, object, field, problem and fix', () => {
    const [v] = checkPolicy(objects, ctx).violations;
    expect(formatViolation(v)).toBe(
      '[image-registry] Pod/p spec.containers[c].image: image "public.example/a:1" is not in mirror.example; fix: set registry.host in the environment file so every image is mirrored there',
    );
  });
});

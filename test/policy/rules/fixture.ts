import { checkPolicy } from '../../../src/policy/check';
import { objectsOf, validInput } from '../../helpers';

/** Our own objects for an environment: these pass every rule. */
export const good = () => objectsOf({ ...validInput(), networkPolicy: { enabled: true }, metrics: { serviceMonitor: { enabled: true } } }) as any[];
export const ctxOf = (objects: any[]) => {
  const d = objects.find((o) => o.kind === 'Deployment');
  const pod = d.spec.template.spec;
  const images = [...pod.containers, ...pod.initContainers].map((c: any) => c.image);
  images.push('mirror.corp.example:5443/flyteorg/flytecopilot-release:v9.8.7');
  return { registry: 'mirror.corp.example:5443', inventory: images };
};
export const deployment = (objects: any[]) => objects.find((o) => o.kind === 'Deployment');
export const flyte = (objects: any[]) => deployment(objects).spec.template.spec.containers[0];
export const init = (objects: any[]) => deployment(objects).spec.template.spec.initContainers[0];

/** The inventory and registry of the untouched objects: fixtures change objects, not the inventory. */
export const CTX = ctxOf(good());
export const lines = (objects: any[], ctx = CTX) => checkPolicy(objects, ctx).violations.map((v) => `[${v.rule}] ${v.object} ${v.field}: ${v.message}`);
const OUTPUT_FINDING = { rule: 'credential-in-output', object: 'chart/values.yaml', field: 'pod.annotations.corp.io/db-password', message: 'a key that names a secret (corp.io/db-password) with a value (the value is not shown)', fix: 'keep it in a Secret' };
const contextFor = (rule: string) => (rule === 'credential-in-output' ? { ...CTX, outputFindings: [OUTPUT_FINDING] } : CTX);

/**
 * Breaks one rule on our objects with `breakIt`, which returns the expected violation (rule,
 * object, field, message), and checks that it is reported, and only that.
 */
export function expectOnly(rule: string, breakIt: (o: any[]) => string | string[]): void {
  const objects = good();
  const expected = breakIt(objects);
  expect(lines(objects, contextFor(rule))).toEqual(Array.isArray(expected) ? expected : [expected]);
}

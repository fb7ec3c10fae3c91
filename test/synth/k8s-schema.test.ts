/** Every synthesised object validates against the Kubernetes OpenAPI schemas of kubernetes-models. */
import { generate } from '../../src/synth/synth';
import { parseAll } from '../../src/synth/yaml';
import { modelClass, ROOT } from '../helpers';

describe('Kubernetes schema validation', () => {
  test('every object of every committed environment is valid', async () => {
    const { files } = await generate(ROOT);
    const manifests = files.filter((f) => /\/manifests\/.*\.yaml$/.test(f.path));
    expect(manifests.length).toBeGreaterThan(20);
    let validated = 0;
    for (const file of manifests) {
      for (const obj of parseAll(String(file.content)) as any[]) {
        const Model = modelClass(obj.apiVersion, obj.kind);
        if (!Model) continue;
        expect(() => new Model(obj).validate()).not.toThrow();
        validated++;
      }
    }
    expect(validated).toBe(manifests.length);
  });

  test('the validator rejects a broken object (it is not vacuous)', () => {
    const Deployment = modelClass('apps/v1', 'Deployment')!;
    const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'x', ports: [{ containerPort: 'http' }] }] } } } };
    expect(() => new Deployment(broken).validate()).toThrow(/containerPort must be integer/);
  });
});

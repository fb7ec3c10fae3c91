import { buildEnvironment, SynthContext } from '../../src/synth/model';
import { specOf, validInput } from '../helpers';

const ctxOf = (lock: Record<string, string> = {}) => {
  const warnings: string[] = [];
  const ctx: SynthContext = { root: '.', lock, warn: (m) => warnings.push(m) };
  return { ctx, warnings };
};
const envOf = (name: string, input: unknown) => ({ name, file: `config/environments/${name}.yaml`, spec: specOf(input) });

describe('buildEnvironment', () => {
  test('builds the construct tree of the environment and its sorted objects', () => {
    const { ctx } = ctxOf();
    const env = envOf('e1', validInput());
    const model = buildEnvironment(env, ctx);
    expect(model.env).toBe(env);
    expect(model.chart.node.id).toBe('e1');
    expect(model.chart.spec).toBe(env.spec);
    expect(model.objects.map((o) => `${o.kind}/${o.metadata.name}`)[0]).toBe('Namespace/ns-a');
    expect(model.objects.map((o) => o.kind).slice(-1)).toEqual(['Deployment']);
  });

  test('the lock of the context pins the images', () => {
    const digest = `sha256:${'4'.repeat(64)}`;
    const model = buildEnvironment(envOf('e1', validInput()), ctxOf({ 'docker.io/library/postgres:15-alpine': digest }).ctx);
    const d = model.objects.find((o) => o.kind === 'Deployment') as any;
    expect(d.spec.template.spec.initContainers[0].image).toBe(`mirror.corp.example:5443/library/postgres:15-alpine@${digest}`);
  });
});

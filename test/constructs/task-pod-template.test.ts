import { App, Chart } from 'cdk8s';
import { CaBundle } from '../../src/constructs/ca-bundle';
import { TaskPodTemplate, TaskPodTemplateProps } from '../../src/constructs/task-pod-template';
import { chartObjects } from '../../src/synth/manifests';
import { modelClass } from '../helpers';

function render(props: Partial<TaskPodTemplateProps> & { ca?: { configMap?: string; secret?: string; key: string } } = {}) {
  const chart = new Chart(new App({ outdir: '.' }), 'c', { disableResourceNameHashes: true });
  const { ca, ...rest } = props;
  const caBundle = ca ? new CaBundle(chart, 'Ca', { ...ca, purpose: 'trusted' }) : undefined;
  new TaskPodTemplate(chart, 'Tpl', { name: 'tpl-x', namespace: 'ns-x', placeholderImage: 'reg.x/copilot:v1', caBundle, ...rest });
  return chartObjects(chart) as any[];
}

describe('TaskPodTemplate', () => {
  test('restricted: pod and "default" container security contexts, the given user', () => {
    const [t] = render({ restricted: { runAsUser: 4242 }, labels: { l: 'v' } });
    expect(t).toEqual({
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'tpl-x', namespace: 'ns-x', labels: { l: 'v' } },
      template: {
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 4242, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'default',
            image: 'reg.x/copilot:v1',
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          }],
        },
      },
    });
  });

  test('a CA bundle: mounted into every container from the ConfigMap (or Secret) of the task\'s namespace, optional', () => {
    const [t] = render({ ca: { configMap: 'corp-ca', key: 'ca.pem' } });
    expect(t.template.spec.securityContext).toBeUndefined();
    expect(t.template.spec.containers[0].securityContext).toBeUndefined();
    expect(t.template.spec.containers[0].volumeMounts).toEqual([{ name: 'ca-bundle', mountPath: '/etc/ssl/flyte-ca', readOnly: true }]);
    expect(t.template.spec.volumes).toEqual([{ name: 'ca-bundle', configMap: { name: 'corp-ca', defaultMode: 0o444, items: [{ key: 'ca.pem', path: 'ca-bundle.crt' }], optional: true } }]);
    const [s] = render({ ca: { secret: 'corp-ca-s', key: 'k' }, restricted: { runAsUser: 1000 } });
    expect(s.template.spec.volumes).toEqual([{ name: 'ca-bundle', secret: { secretName: 'corp-ca-s', defaultMode: 0o444, items: [{ key: 'k', path: 'ca-bundle.crt' }], optional: true } }]);
  });

  test('is a valid PodTemplate for the Kubernetes schema', () => {
    const [t] = render({ restricted: { runAsUser: 1000 }, ca: { configMap: 'c', key: 'k' } });
    const Model = modelClass(t.apiVersion, t.kind)!;
    expect(() => new Model(t).validate()).not.toThrow();
  });

  test.each([
    [{ restricted: { runAsUser: 0 } }, 'c/Tpl: restricted.runAsUser: 0 is not allowed; expected a non-root user id from 1 to 2147483647'],
    [{ restricted: { runAsUser: 1.5 } }, 'c/Tpl: restricted.runAsUser: 1.5 is not allowed'],
    [{}, 'c/Tpl: expected restricted, caBundle or both (an empty template changes nothing)'],
    [{ restricted: { runAsUser: 1 }, name: 'Bad Name' }, 'c/Tpl: name: "Bad Name" is not allowed'],
  ])('refuses %j', (props, message) => {
    expect(() => render(props as any)).toThrow(message);
  });
});

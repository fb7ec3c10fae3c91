import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { PodContainer } from '../../../src/constructs/pod/container';
import { PodTemplate } from '../../../src/constructs/pod/pod-template';
import { PodVolume } from '../../../src/constructs/pod/volume';
import { chartObjects } from '../../../src/synth/manifests';
import { modelClass } from '../../helpers';

const owner = () => new Construct(new Chart(new App({ outdir: '.' }), 'env-p', { disableResourceNameHashes: true }), 'Owner');
const scratch = (name: string, size = '1Mi') => PodVolume.emptyDir(name, { sizeLimit: size });

describe('PodTemplate', () => {
  test('a mount brings its volume: the pod gets every volume its containers mount', () => {
    const pod = new PodTemplate(owner());
    const data = scratch('data-p');
    pod.addContainer({ name: 'main-p', image: 'r.p.example/main:1' }).mount('/data-p', data);
    const spec = pod.toKube();
    expect(spec.volumes).toEqual([data.toKube()]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'data-p', mountPath: '/data-p' }]);
  });

  test('the same volume mounted twice, in two containers, and added explicitly is one volume', () => {
    const pod = new PodTemplate(owner());
    const shared = scratch('shared-p');
    pod.addVolume(shared);
    pod.addVolume(shared);
    pod.addContainer({ name: 'a-p', image: 'r.p.example/a:1' }).mount('/a-p', shared);
    pod.addInitContainer({ name: 'b-p', image: 'r.p.example/b:1' }).mount('/b-p', shared, { readOnly: true });
    expect(pod.toKube().volumes).toEqual([shared.toKube()]);
  });

  test('a second, different volume of the same name is refused, naming the construct path', () => {
    const pod = new PodTemplate(owner());
    pod.addVolume(scratch('config-p', '1Mi'));
    expect(() => pod.addVolume(scratch('config-p', '2Mi'))).toThrow(
      'env-p/Owner: volumes: "config-p" names two different volumes; expected one volume per name (mount the same volume to share it)',
    );
  });

  test('also when the different volume arrives through a mount (even one equal in content)', () => {
    const pod = new PodTemplate(owner());
    pod.addContainer({ name: 'a-p', image: 'r.p.example/a:1' }).mount('/a-p', scratch('tmp-p'));
    pod.addInitContainer({ name: 'b-p', image: 'r.p.example/b:1' }).mount('/b-p', scratch('tmp-p'));
    expect(() => pod.toKube()).toThrow(/^env-p\/Owner: volumes: "tmp-p" names two different volumes/);
  });

  test('volumes in the order added, then the ones first met in the mounts (containers, then init containers)', () => {
    const pod = new PodTemplate(owner());
    const [x, y, z, w] = ['x-p', 'y-p', 'z-p', 'w-p'].map((n) => scratch(n));
    pod.addVolume(y);
    pod.addVolume(x);
    pod.addInitContainer({ name: 'init-p', image: 'r.p.example/i:1' }).mount('/w', w);
    const main = pod.addContainer({ name: 'main-p', image: 'r.p.example/m:1' });
    main.mount('/z', z);
    main.mount('/x', x);
    expect(pod.toKube().volumes!.map((v) => v.name)).toEqual(['y-p', 'x-p', 'z-p', 'w-p']);
    expect(pod.volumes.map((v) => v.name)).toEqual(['y-p', 'x-p', 'z-p', 'w-p']);
  });

  test('containers and init containers keep their order; a container name may be used once in the pod', () => {
    const pod = new PodTemplate(owner());
    pod.addInitContainer({ name: 'first-p', image: 'r.p.example/1:1' });
    pod.addInitContainer(new PodContainer({ name: 'second-p', image: 'r.p.example/2:1' }));
    pod.addContainer({ name: 'main-p', image: 'r.p.example/m:1' });
    const spec = pod.toKube();
    expect(spec.initContainers!.map((c) => c.name)).toEqual(['first-p', 'second-p']);
    expect(spec.containers.map((c) => c.name)).toEqual(['main-p']);
    expect(() => pod.addContainer({ name: 'first-p', image: 'r.p.example/x:1' })).toThrow('env-p/Owner: containers: "first-p" names two containers; expected one container per name');
  });

  test('one mount per path in a container', () => {
    const pod = new PodTemplate(owner());
    const c = pod.addContainer({ name: 'main-p', image: 'r.p.example/m:1' });
    c.mount('/same-p', scratch('a-p'));
    c.mount('/same-p', scratch('b-p'));
    expect(() => pod.toKube()).toThrow('env-p/Owner: containers.main-p.volumeMounts: "/same-p" is mounted twice; expected one mount per path');
  });

  test('no init containers and no volumes render as absent fields; the result is a valid Kubernetes Pod', () => {
    const scope = owner();
    const pod = new PodTemplate(scope);
    expect(pod.toKube()).toEqual({ containers: [], initContainers: undefined, volumes: undefined });
    const main = pod.addContainer({ name: 'main-p', image: 'r.p.example/m:1' });
    main.mount('/cache-p', scratch('cache-p', '9Mi'));
    pod.addInitContainer({ name: 'init-p', image: 'r.p.example/i:1' });
    new k8s.KubePod(scope, 'Pod', { metadata: { name: 'pod-p' }, spec: pod.toKube() });
    const [rendered] = chartObjects(scope.node.scope as Chart) as any[];
    expect(rendered.spec.volumes).toEqual([{ name: 'cache-p', emptyDir: { sizeLimit: '9Mi' } }]);
    const Model = modelClass('v1', 'Pod')!;
    expect(() => new Model(rendered).validate()).not.toThrow();
  });
});

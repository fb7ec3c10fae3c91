import { PodContainer } from '../../../src/constructs/pod/container';
import { IStorage, PodVolume } from '../../../src/constructs/pod/volume';

const spec = { name: 'app-c', image: 'registry.c.example/app:1.2.3', args: ['run-c'] };

describe('PodContainer', () => {
  test('renders the spec it was given, without volumeMounts when nothing is mounted', () => {
    const c = new PodContainer(spec);
    expect(c.name).toBe('app-c');
    expect(c.toKube()).toEqual(spec);
    expect(c.toKube()).not.toHaveProperty('volumeMounts', expect.anything());
  });

  test('mount asks the storage for its volume, and the mount carries it', () => {
    const volume = PodVolume.emptyDir('data-c', { sizeLimit: '5Mi' });
    let asked = 0;
    const storage: IStorage = { asVolume: () => (asked++, volume) };
    const mount = new PodContainer(spec).mount('/var/data-c', storage, { readOnly: true });
    expect(asked).toBe(1);
    expect(mount).toEqual({ path: '/var/data-c', volume, readOnly: true });
    expect(mount.volume).toBe(volume);
  });

  test('volumeMounts in the order mounted, named after their volumes; readOnly only where asked', () => {
    const c = new PodContainer(spec);
    const a = PodVolume.emptyDir('a-c', { sizeLimit: '1Mi' });
    const b = PodVolume.fromKube({ name: 'b-c', secret: { secretName: 's-c' } });
    c.mount('/z-c', a);
    c.addMount({ path: '/y-c', volume: b, readOnly: true }, { path: '/x-c', volume: a });
    expect(c.toKube().volumeMounts).toEqual([
      { name: 'a-c', mountPath: '/z-c' },
      { name: 'b-c', mountPath: '/y-c', readOnly: true },
      { name: 'a-c', mountPath: '/x-c' },
    ]);
    expect(c.mounts.map((m) => m.path)).toEqual(['/z-c', '/y-c', '/x-c']);
  });

  test('mounts is a copy: changing it changes nothing', () => {
    const c = new PodContainer(spec);
    (c.mounts as unknown[]).push({ path: '/nope', volume: PodVolume.emptyDir('n', { sizeLimit: '1Mi' }) });
    expect(c.toKube().volumeMounts).toBeUndefined();
  });
});

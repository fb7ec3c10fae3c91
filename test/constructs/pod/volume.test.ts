import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { PodVolume } from '../../../src/constructs/pod/volume';

describe('PodVolume', () => {
  test('emptyDir: a scratch folder of at most sizeLimit, in memory when asked', () => {
    expect(PodVolume.emptyDir('scratch-v', { sizeLimit: '17Mi' }).toKube()).toEqual({ name: 'scratch-v', emptyDir: { sizeLimit: k8s.Quantity.fromString('17Mi') } });
    expect(PodVolume.emptyDir('keys-v', { sizeLimit: '3Mi', medium: 'Memory' }).toKube()).toEqual({ name: 'keys-v', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('3Mi') } });
  });

  test('projected: the sources in order, with the default mode when given', () => {
    const sources = [{ configMap: { name: 'cm-v' } }, { secret: { name: 'sec-v', items: [{ key: 'k-v', path: 'p-v' }] } }];
    expect(PodVolume.projected('folder-v', sources, { defaultMode: 0o440 }).toKube()).toEqual({ name: 'folder-v', projected: { defaultMode: 0o440, sources } });
    expect(PodVolume.projected('plain-v', sources).toKube().projected?.defaultMode).toBeUndefined();
  });

  test('fromKube keeps any other source as given; the name is the volume\'s', () => {
    const spec = { name: 'cert-v', secret: { secretName: 'tls-v', defaultMode: 0o400 } };
    const v = PodVolume.fromKube(spec);
    expect(v.name).toBe('cert-v');
    expect(v.toKube()).toEqual(spec);
  });

  test('a volume is its own storage: asVolume returns the same object (mounting it twice mounts one volume)', () => {
    const v = PodVolume.emptyDir('same-v', { sizeLimit: '1Mi' });
    expect(v.asVolume()).toBe(v);
  });
});

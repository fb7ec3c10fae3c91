import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

/** Something a container can mount: it hands out the volume that holds it (as cdk8s-plus's `IStorage`). */
export interface IStorage {
  asVolume(): PodVolume;
}

/**
 * A volume of a pod, by name. Containers mount it (`PodContainer.mount`), and the mount carries
 * it: the pod gets every volume its containers mount. Two different volumes may not share a name;
 * the same volume may be mounted any number of times.
 */
export class PodVolume implements IStorage {
  /** A scratch folder on the node's disk, or in memory (`medium: 'Memory'`), of at most `sizeLimit`. */
  public static emptyDir(name: string, options: { readonly sizeLimit: string; readonly medium?: 'Memory' }): PodVolume {
    return new PodVolume({ name, emptyDir: { medium: options.medium, sizeLimit: k8s.Quantity.fromString(options.sizeLimit) } });
  }

  /** Files of ConfigMaps and Secrets in one folder. */
  public static projected(name: string, sources: k8s.VolumeProjection[], options: { readonly defaultMode?: number } = {}): PodVolume {
    return new PodVolume({ name, projected: { defaultMode: options.defaultMode, sources } });
  }

  /** A volume of any other source, in the Kubernetes shape. */
  public static fromKube(volume: k8s.Volume): PodVolume {
    return new PodVolume(volume);
  }

  public readonly name: string;

  private constructor(private readonly volume: k8s.Volume) {
    this.name = volume.name;
  }

  public asVolume(): PodVolume {
    return this;
  }

  /** The `volumes[]` entry of the pod spec. */
  public toKube(): k8s.Volume {
    return this.volume;
  }
}

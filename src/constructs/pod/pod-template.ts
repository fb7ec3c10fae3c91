import type { IConstruct } from 'constructs';
import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { propsError } from '../errors';
import { ContainerSpec, PodContainer } from './container';
import { IStorage, PodVolume } from './volume';

/** The parts of a pod spec a `PodTemplate` assembles. */
export type PodParts = Required<Pick<k8s.PodSpec, 'containers'>> & Pick<k8s.PodSpec, 'initContainers' | 'volumes'>;

/**
 * The containers and volumes of a pod, assembled from parts as cdk8s-plus assembles a Pod: each
 * mount carries its volume, so the pod gets the volumes its containers mount; the same volume
 * may be mounted many times, but two different volumes may not share a name (the API server would
 * refuse the pod, or worse, a mount would get the wrong files). Volumes are listed in the order they
 * were added, then those first met in the containers' mounts. Errors name the path of `scope`, the
 * construct that renders the pod.
 */
export class PodTemplate {
  private readonly _containers: PodContainer[] = [];
  private readonly _initContainers: PodContainer[] = [];
  private readonly _volumes = new Map<string, PodVolume>();

  constructor(private readonly scope: IConstruct) {}

  public get containers(): readonly PodContainer[] {
    return [...this._containers];
  }

  public get initContainers(): readonly PodContainer[] {
    return [...this._initContainers];
  }

  public get volumes(): readonly PodVolume[] {
    return [...this._volumes.values()];
  }

  public addContainer(container: PodContainer | ContainerSpec): PodContainer {
    return this.add(this._containers, container);
  }

  /** Init containers run one after another, in the order added, before the containers start. */
  public addInitContainer(container: PodContainer | ContainerSpec): PodContainer {
    return this.add(this._initContainers, container);
  }

  /** Adds the volume of `storage`; the same volume again is fine, another volume of its name is refused. */
  public addVolume(storage: IStorage): PodVolume {
    const volume = storage.asVolume();
    const existing = this._volumes.get(volume.name);
    if (existing !== undefined && existing !== volume) {
      throw propsError(this.scope, 'volumes', `${JSON.stringify(volume.name)} names two different volumes; expected one volume per name (mount the same volume to share it)`);
    }
    this._volumes.set(volume.name, volume);
    return volume;
  }

  /** `containers`, `initContainers` and `volumes` of the pod spec. */
  public toKube(): PodParts {
    for (const container of [...this._containers, ...this._initContainers]) {
      const paths = new Set<string>();
      for (const mount of container.mounts) {
        if (paths.has(mount.path)) throw propsError(this.scope, `containers.${container.name}.volumeMounts`, `${JSON.stringify(mount.path)} is mounted twice; expected one mount per path`);
        paths.add(mount.path);
        this.addVolume(mount.volume);
      }
    }
    const volumes = this.volumes.map((v) => v.toKube());
    return {
      containers: this._containers.map((c) => c.toKube()),
      initContainers: this._initContainers.length > 0 ? this._initContainers.map((c) => c.toKube()) : undefined,
      volumes: volumes.length > 0 ? volumes : undefined,
    };
  }

  private add(list: PodContainer[], container: PodContainer | ContainerSpec): PodContainer {
    const c = container instanceof PodContainer ? container : new PodContainer(container);
    if ([...this._containers, ...this._initContainers].some((other) => other.name === c.name)) {
      throw propsError(this.scope, 'containers', `${JSON.stringify(c.name)} names two containers; expected one container per name`);
    }
    list.push(c);
    return c;
  }
}

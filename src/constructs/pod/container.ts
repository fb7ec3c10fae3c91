import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { IStorage, PodVolume } from './volume';

/** A mount that carries its volume: a pod with the container gets the volume too. */
export interface PodMount {
  /** Where the volume appears in the container. */
  readonly path: string;
  readonly volume: PodVolume;
  /** @default false */
  readonly readOnly?: boolean;
}

/** Everything of a Kubernetes container but its mounts, which `PodContainer` keeps with their volumes. */
export type ContainerSpec = Omit<k8s.Container, 'volumeMounts'>;

/** A container of a pod, with mounts that carry their volumes (as cdk8s-plus's `Container.mount`). */
export class PodContainer {
  public readonly name: string;
  private readonly spec: ContainerSpec;
  private readonly _mounts: PodMount[] = [];

  constructor(spec: ContainerSpec) {
    this.spec = spec;
    this.name = spec.name;
  }

  /** The mounts, in the order they were added (the order of `volumeMounts`). */
  public get mounts(): readonly PodMount[] {
    return [...this._mounts];
  }

  /** Mounts the volume of `storage` at `path`. */
  public mount(path: string, storage: IStorage, options: { readonly readOnly?: boolean } = {}): PodMount {
    const mount: PodMount = { path, volume: storage.asVolume(), readOnly: options.readOnly };
    this._mounts.push(mount);
    return mount;
  }

  /** Adds mounts handed out by the parts that own them (a CA bundle, a password). */
  public addMount(...mounts: PodMount[]): void {
    this._mounts.push(...mounts);
  }

  /** The `containers[]` entry of the pod spec. */
  public toKube(): k8s.Container {
    const volumeMounts = this._mounts.map((m) => ({ name: m.volume.name, mountPath: m.path, readOnly: m.readOnly }));
    return { ...this.spec, volumeMounts: volumeMounts.length > 0 ? volumeMounts : undefined };
  }
}

import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_SUBDOMAIN, SECRET_KEY } from '../config/formats';
import { fileSourceIssue } from '../config/container-rules';
import { assertProp, propsError } from './errors';
import type { PodMount } from './pod/container';
import { IStorage, PodVolume } from './pod/volume';

/** Where each bundle is mounted: a folder of its own (never over the image's /etc/ssl/certs). */
export const CA_BUNDLE_PATHS = {
  /** The trusted CAs of the binary (SSL_CERT_FILE, AWS_CA_BUNDLE). */
  trusted: { volume: 'ca-bundle', dir: '/etc/ssl/flyte-ca', file: 'ca-bundle.crt' },
  /** The CAs of the database server (libpq sslrootcert). */
  database: { volume: 'db-ca-bundle', dir: '/etc/ssl/flyte-db-ca', file: 'root.crt' },
} as const;

export interface CaBundleProps {
  /**
   * ConfigMap that holds the PEM file (exactly one of configMap and secret).
   * @default - the Secret
   */
  readonly configMap?: string;
  /**
   * Secret that holds the PEM file (exactly one of configMap and secret).
   * @default - the ConfigMap
   */
  readonly secret?: string;
  /** Key of the PEM file in the ConfigMap or Secret. */
  readonly key: string;
  /** Which bundle: the binary's trusted CAs, or the database server's CAs. */
  readonly purpose: keyof typeof CA_BUNDLE_PATHS;
}

/**
 * A CA bundle from an operator's ConfigMap or Secret, projected read-only to a fixed file so the
 * settings that name it (SSL_CERT_FILE, AWS_CA_BUNDLE, sslrootcert) never depend on the key.
 * Renders no object: the ConfigMap or Secret is the operator's.
 */
export class CaBundle extends Construct implements IStorage {
  /** The mounted file. */
  public readonly path: string;
  public readonly source: { readonly kind: 'ConfigMap' | 'Secret'; readonly name: string; readonly key: string };
  /** The bundle's folder, read-only, carrying its volume: what a container mounts. */
  public readonly mount: PodMount;
  /**
   * The same folder for pods in namespaces that may lack the ConfigMap or Secret (task pods): the
   * volume is optional, so a missing source leaves the folder empty instead of keeping the pod from starting.
   */
  public readonly optionalMount: PodMount;

  constructor(scope: Construct, id: string, props: CaBundleProps) {
    super(scope, id);
    const problem = fileSourceIssue(props);
    if (problem) throw propsError(this, undefined, problem);
    const name = (props.configMap ?? props.secret)!;
    assertProp(this, props.configMap !== undefined ? 'configMap' : 'secret', name, DNS_SUBDOMAIN);
    assertProp(this, 'key', props.key, SECRET_KEY);
    const place = CA_BUNDLE_PATHS[props.purpose];
    this.path = `${place.dir}/${place.file}`;
    this.source = { kind: props.configMap !== undefined ? 'ConfigMap' : 'Secret', name, key: props.key };
    this.mount = { path: place.dir, volume: caVolume(place, this.source, undefined), readOnly: true };
    this.optionalMount = { path: place.dir, volume: caVolume(place, this.source, true), readOnly: true };
  }

  public asVolume(): PodVolume {
    return this.mount.volume;
  }

  /** The rendered volume (`mount` carries it). */
  public get volume(): k8s.Volume {
    return this.asVolume().toKube();
  }

  /** The rendered mount. */
  public get volumeMount(): k8s.VolumeMount {
    return { name: this.mount.volume.name, mountPath: this.mount.path, readOnly: true };
  }
}

/** Certificates are public: 0444. Unless optional, a missing ConfigMap, Secret or key keeps the pod from starting. */
function caVolume(place: (typeof CA_BUNDLE_PATHS)[keyof typeof CA_BUNDLE_PATHS], source: CaBundle['source'], optional: true | undefined): PodVolume {
  const items = [{ key: source.key, path: place.file }];
  return PodVolume.fromKube(
    source.kind === 'ConfigMap'
      ? { name: place.volume, configMap: { name: source.name, defaultMode: 0o444, items, optional } }
      : { name: place.volume, secret: { secretName: source.name, defaultMode: 0o444, items, optional } },
  );
}

import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_LABEL, DNS_SUBDOMAIN, DURATION, SECRET_KEY } from '../config/formats';
import { DB_PASSWORD_FILE, FLYTE_PATHS } from './flyte-config';
import { syncedSecret } from './referenced-secret';
import type { PodMount } from './pod/container';
import { IStorage, PodVolume } from './pod/volume';
import { assertProp, propsError } from './errors';

/** Where the password Secret comes from, when an operator does not create it by hand. */
export interface ExternalSecretSourceProps {
  /** Name of the External Secrets Operator store that reads AWS Secrets Manager. */
  readonly storeName: string;
  /** @default 'ClusterSecretStore' */
  readonly storeKind?: 'SecretStore' | 'ClusterSecretStore';
  /** Name or ARN of the secret in AWS Secrets Manager. */
  readonly remoteKey: string;
  /**
   * JSON property of the secret value that holds the password.
   * @default - the whole secret value is the password
   */
  readonly property?: string;
  /** @default '1h' */
  readonly refreshInterval?: string;
}

export interface DatabasePasswordProps {
  /** Name of the Secret, in the pod's namespace, that holds the password. */
  readonly secretName: string;
  /** Key of the password in that Secret. */
  readonly key: string;
  /** Namespace of the Secret (and of the ExternalSecret, when there is one). */
  readonly namespace: string;
  /**
   * Sync the Secret from AWS Secrets Manager with an ExternalSecret.
   * @default - the Secret already exists (created by an operator)
   */
  readonly externalSecret?: ExternalSecretSourceProps;
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/**
 * The database password, mounted from a Secret. Only the Secret's name and key are rendered,
 * and, in the external-secret mode, where the External Secrets Operator reads it: never the
 * value. The one key is projected to a fixed file so Flyte's `passwordPath` never changes.
 */
export class DatabasePassword extends Construct implements IStorage {
  public readonly secretName: string;
  public readonly key: string;
  /** The file Flyte reads the password from (`database.postgres.passwordPath`). */
  public readonly passwordPath = `${FLYTE_PATHS.dbSecret}/${DB_PASSWORD_FILE}`;
  /** The password's folder, read-only, carrying its volume: what the Flyte container mounts. */
  public readonly mount: PodMount;

  constructor(scope: Construct, id: string, props: DatabasePasswordProps) {
    super(scope, id);
    assertProp(this, 'secretName', props.secretName, DNS_SUBDOMAIN);
    assertProp(this, 'key', props.key, SECRET_KEY);
    assertProp(this, 'namespace', props.namespace, DNS_LABEL);
    this.secretName = props.secretName;
    this.key = props.key;
    // 0440: readable by the pod's group (fsGroup) only.
    const volume = PodVolume.fromKube({ name: 'db-secret', secret: { secretName: props.secretName, defaultMode: 0o440, items: [{ key: props.key, path: DB_PASSWORD_FILE }] } });
    this.mount = { path: FLYTE_PATHS.dbSecret, volume, readOnly: true };

    const source = props.externalSecret;
    if (source) {
      assertProp(this, 'externalSecret.storeName', source.storeName, DNS_SUBDOMAIN);
      if (source.refreshInterval !== undefined) assertProp(this, 'externalSecret.refreshInterval', source.refreshInterval, DURATION);
      if (!/^[A-Za-z0-9/_+=.@:-]{1,2048}$/.test(source.remoteKey)) {
        throw propsError(this, 'externalSecret.remoteKey', `${JSON.stringify(source.remoteKey)} is not allowed; expected a Secrets Manager secret name or ARN`);
      }
      syncedSecret(this, 'ExternalSecret', {
        secretName: props.secretName,
        namespace: props.namespace,
        keys: [{ key: props.key, property: source.property }],
        sync: source,
        labels: props.labels,
      });
    }
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

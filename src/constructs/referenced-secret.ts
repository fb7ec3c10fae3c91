import { Construct } from 'constructs';
import { DNS_LABEL, DNS_SUBDOMAIN, DURATION, SECRET_KEY } from '../config/formats';
import {
  ExternalSecret, ExternalSecretSpecSecretStoreRefKind, ExternalSecretSpecTargetCreationPolicy, ExternalSecretSpecTargetDeletionPolicy,
} from '../../imports/external-secrets.io';
import { assertProp, propsError } from './errors';

const REMOTE_KEY = /^[A-Za-z0-9/_+=.@:-]{1,2048}$/;
const PROPERTY = /^[A-Za-z0-9_.-]{1,256}$/;

/** One key of the synced Secret and where its value comes from. */
export interface SyncedKey {
  /** Key in the Kubernetes Secret. */
  readonly key: string;
  /**
   * JSON property of the Secrets Manager value.
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * Wraps the value into a text, for example a configuration file: an External Secrets template
   * where "{{ .value" starts an expression over it ("{{ .value }}", "{{ .value | b64enc }}").
   * @default - the value as it is
   */
  readonly template?: string;
}

/** Where the External Secrets Operator reads the values. */
export interface SecretSyncProps {
  /** Name of the External Secrets Operator store that reads AWS Secrets Manager. */
  readonly storeName: string;
  /** @default 'ClusterSecretStore' */
  readonly storeKind?: 'SecretStore' | 'ClusterSecretStore';
  /** Name or ARN of the secret in AWS Secrets Manager. */
  readonly remoteKey: string;
  /** @default '1h' */
  readonly refreshInterval?: string;
}

export interface ReferencedSecretProps {
  /** Name of the Secret in `namespace`. */
  readonly secretName: string;
  readonly namespace: string;
  /** The keys the pod reads (each is checked before deploying, or synced). */
  readonly keys: readonly SyncedKey[];
  /**
   * Sync the Secret from AWS Secrets Manager with an ExternalSecret.
   * @default - the Secret already exists (created by an operator)
   */
  readonly sync?: SecretSyncProps;
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/**
 * A Secret the release reads but never writes: only its name and keys are rendered, and, when
 * it is synced, the ExternalSecret that tells the External Secrets Operator where the values
 * are. No value ever appears in the output.
 */
export class ReferencedSecret extends Construct {
  public readonly secretName: string;
  public readonly keys: readonly string[];
  /** True when an ExternalSecret creates the Secret (it cannot be checked before the install). */
  public readonly synced: boolean;

  constructor(scope: Construct, id: string, props: ReferencedSecretProps) {
    super(scope, id);
    assertProp(this, 'secretName', props.secretName, DNS_SUBDOMAIN);
    assertProp(this, 'namespace', props.namespace, DNS_LABEL);
    if (props.keys.length === 0) throw propsError(this, 'keys', '[] is not allowed; expected at least one key');
    for (const k of props.keys) assertProp(this, 'keys', k.key, SECRET_KEY);
    if (new Set(props.keys.map((k) => k.key)).size !== props.keys.length) {
      throw propsError(this, 'keys', `${JSON.stringify(props.keys.map((k) => k.key))} is not allowed; expected distinct keys`);
    }
    this.secretName = props.secretName;
    this.keys = props.keys.map((k) => k.key);
    this.synced = props.sync !== undefined;

    const sync = props.sync;
    if (!sync) return;
    assertProp(this, 'sync.storeName', sync.storeName, DNS_SUBDOMAIN);
    if (sync.refreshInterval !== undefined) assertProp(this, 'sync.refreshInterval', sync.refreshInterval, DURATION);
    if (!REMOTE_KEY.test(sync.remoteKey)) {
      throw propsError(this, 'sync.remoteKey', `${JSON.stringify(sync.remoteKey)} is not allowed; expected a Secrets Manager secret name or ARN`);
    }
    for (const k of props.keys) {
      if (k.property !== undefined && !PROPERTY.test(k.property)) {
        throw propsError(this, 'keys property', `${JSON.stringify(k.property)} is not allowed; expected a JSON property name: letters, digits, "_", "." or "-"`);
      }
    }
    syncedSecret(this, 'ExternalSecret', { secretName: props.secretName, namespace: props.namespace, keys: props.keys, sync, labels: props.labels });
  }
}

/**
 * The ExternalSecret that makes the External Secrets Operator own `secretName` and fill `keys`
 * from one Secrets Manager secret (shared with DatabasePassword). Formats are checked by callers.
 */
export function syncedSecret(scope: Construct, id: string, props: { secretName: string; namespace: string; keys: readonly SyncedKey[]; sync: SecretSyncProps; labels?: Record<string, string> }): ExternalSecret {
  const { sync, keys } = props;
  const templated = keys.some((k) => k.template !== undefined);
  // With a template the operator renders every key from it: values are fetched under neutral names.
  const fetched = (i: number) => (templated ? `value${i}` : keys[i].key);
  return new ExternalSecret(scope, id, {
    metadata: { name: props.secretName, namespace: props.namespace, labels: props.labels },
    spec: {
      refreshInterval: sync.refreshInterval ?? '1h',
      secretStoreRef: {
        name: sync.storeName,
        kind: sync.storeKind === 'SecretStore' ? ExternalSecretSpecSecretStoreRefKind.SECRET_STORE : ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE,
      },
      // The operator owns the Secret: it is created, updated and deleted with the ExternalSecret.
      target: {
        name: props.secretName,
        creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
        deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
        template: templated
          ? { data: Object.fromEntries(keys.map((k, i) => [k.key, (k.template ?? '{{ .value }}').split('{{ .value ').join(`{{ .${fetched(i)} `)])) }
          : undefined,
      },
      data: keys.map((k, i) => ({ secretKey: fetched(i), remoteRef: { key: sync.remoteKey, property: k.property } })),
    },
  });
}

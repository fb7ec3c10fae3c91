import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_SUBDOMAIN, SECRET_KEY } from '../config/formats';
import { fileSourceIssue } from '../config/container-rules';
import { assertProp, propsError } from './errors';

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
export class CaBundle extends Construct {
  /** The mounted file. */
  public readonly path: string;
  public readonly source: { readonly kind: 'ConfigMap' | 'Secret'; readonly name: string; readonly key: string };
  private readonly place: (typeof CA_BUNDLE_PATHS)[keyof typeof CA_BUNDLE_PATHS];

  constructor(scope: Construct, id: string, props: CaBundleProps) {
    super(scope, id);
    const problem = fileSourceIssue(props);
    if (problem) throw propsError(this, undefined, problem);
    const name = (props.configMap ?? props.secret)!;
    assertProp(this, props.configMap !== undefined ? 'configMap' : 'secret', name, DNS_SUBDOMAIN);
    assertProp(this, 'key', props.key, SECRET_KEY);
    this.place = CA_BUNDLE_PATHS[props.purpose];
    this.path = `${this.place.dir}/${this.place.file}`;
    this.source = { kind: props.configMap !== undefined ? 'ConfigMap' : 'Secret', name, key: props.key };
  }

  public get volume(): k8s.Volume {
    // Certificates are public: 0444. A missing ConfigMap, Secret or key keeps the pod from starting.
    const items = [{ key: this.source.key, path: this.place.file }];
    return this.source.kind === 'ConfigMap'
      ? { name: this.place.volume, configMap: { name: this.source.name, defaultMode: 0o444, items } }
      : { name: this.place.volume, secret: { secretName: this.source.name, defaultMode: 0o444, items } };
  }

  public get volumeMount(): k8s.VolumeMount {
    return { name: this.place.volume, mountPath: this.place.dir, readOnly: true };
  }
}

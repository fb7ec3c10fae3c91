import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { assertFormat, DNS_SUBDOMAIN, SECRET_KEY } from '../config/formats';
import { DB_PASSWORD_FILE, FLYTE_PATHS } from './flyte-config';

export interface DatabasePasswordProps {
  /** Name of the Secret, in the pod's namespace, that holds the password. */
  readonly secretName: string;
  /** Key of the password in that Secret. */
  readonly key: string;
}

/**
 * The database password, mounted from an existing Secret. Only the Secret's name and key are
 * rendered; the Secret itself is created by an operator (or a secret-store integration).
 * The one key is projected to a fixed file name so Flyte's `passwordPath` does not depend on it.
 */
export class DatabasePassword extends Construct {
  public readonly secretName: string;
  public readonly key: string;
  /** The file Flyte reads the password from (`database.postgres.passwordPath`). */
  public readonly passwordPath = `${FLYTE_PATHS.dbSecret}/${DB_PASSWORD_FILE}`;

  constructor(scope: Construct, id: string, props: DatabasePasswordProps) {
    super(scope, id);
    assertFormat('DatabasePassword secretName', props.secretName, DNS_SUBDOMAIN);
    assertFormat('DatabasePassword key', props.key, SECRET_KEY);
    this.secretName = props.secretName;
    this.key = props.key;
  }

  public get volume(): k8s.Volume {
    return {
      name: 'db-secret',
      // 0440: readable by the pod's group (fsGroup) only.
      secret: { secretName: this.secretName, defaultMode: 0o440, items: [{ key: this.key, path: DB_PASSWORD_FILE }] },
    };
  }

  public get volumeMount(): k8s.VolumeMount {
    return { name: 'db-secret', mountPath: FLYTE_PATHS.dbSecret, readOnly: true };
  }
}

import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_LABEL, DNS_SUBDOMAIN } from '../config/formats';
import { assertProp, propsError } from './errors';

export interface FlyteSecretsRoleProps {
  /** `<release>-flyte-binary`; names the Role and its binding. */
  readonly fullName: string;
  /** The release namespace: the only one whose Secrets the binary touches. */
  readonly namespace: string;
  readonly serviceAccountName: string;
  /**
   * The Secrets the binary reads and updates, by name: the webhook certificate Secret and, with
   * authentication, the Secret of the authorization server's generated keys.
   */
  readonly secretNames: readonly string[];
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/**
 * The binary's rights on Secrets, in the release namespace only (v1.16.8 touches no other):
 * - flytepropeller/pkg/webhook/init_cert.go (createWebhookSecret): Create the webhook certificate
 *   Secret in POD_NAMESPACE; on AlreadyExists, Get it and Update it when keys are missing;
 * - flyteadmin/auth/create_secrets.go (persistSecrets, `flyte secrets create` of the
 *   gen-admin-auth-secret init container): Create the admin-auth Secret in POD_NAMESPACE; on
 *   AlreadyExists, Get it and Update it with the keys it lacks.
 * Get and update are limited to those names. Create cannot be: the API server authorizes a create
 * before the object has a name (its request names the collection), so a `resourceNames` rule never
 * matches it. The create right lets the binary add new Secrets to its own namespace, never read one.
 */
export class FlyteSecretsRole extends Construct {
  public static rules(secretNames: readonly string[]): k8s.PolicyRule[] {
    return [
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: [...secretNames], verbs: ['get', 'update'] },
    ];
  }

  constructor(scope: Construct, id: string, props: FlyteSecretsRoleProps) {
    super(scope, id);
    assertProp(this, 'fullName', props.fullName, DNS_SUBDOMAIN);
    assertProp(this, 'namespace', props.namespace, DNS_LABEL);
    assertProp(this, 'serviceAccountName', props.serviceAccountName, DNS_SUBDOMAIN);
    if (props.secretNames.length === 0) throw propsError(this, 'secretNames', '[] is not allowed; expected the webhook Secret\'s name at least');
    for (const n of props.secretNames) assertProp(this, 'secretNames', n, DNS_SUBDOMAIN);
    const name = `${props.fullName}-secrets`;
    new k8s.KubeRole(this, 'Resource', {
      metadata: { name, namespace: props.namespace, labels: props.labels },
      rules: FlyteSecretsRole.rules(props.secretNames),
    });
    new k8s.KubeRoleBinding(this, 'Binding', {
      metadata: { name, namespace: props.namespace, labels: props.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace: props.namespace }],
    });
  }
}

import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_LABEL, DNS_SUBDOMAIN, IAM_ROLE_ARN } from '../config/formats';
import { assertProp, propsError } from './errors';

/**
 * How the pods of a ServiceAccount get their IAM role on EKS:
 * - `irsa`: IAM roles for service accounts, the role named in an annotation;
 * - `podIdentity`: EKS Pod Identity, the role named in an association made through the EKS API
 *   (no annotation; needs the eks-pod-identity-agent add-on).
 */
export type AwsCredentials = 'irsa' | 'podIdentity';

export interface IrsaServiceAccountProps {
  readonly name: string;
  readonly namespace: string;
  /** IAM role the pods of this ServiceAccount assume through IRSA. */
  readonly roleArn: string;
  /**
   * Secrets to pull images with (names only; the Secrets are created at deploy time).
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Ask the EKS pod identity webhook for the regional STS endpoint, which is the one reachable
   * through a VPC endpoint in an isolated network.
   * @default true
   */
  readonly stsRegionalEndpoints?: boolean;
  /** @default - none */
  readonly labels?: Record<string, string>;
  /**
   * IRSA annotations, or none for EKS Pod Identity (whose association names `roleArn`).
   * @default 'irsa'
   */
  readonly credentials?: AwsCredentials;
}

/**
 * A ServiceAccount whose pods assume an IAM role: annotated for IAM Roles for Service Accounts
 * (IRSA), or plain for EKS Pod Identity. Its API token is not mounted by default: pods that need
 * the Kubernetes API opt in.
 */
export class IrsaServiceAccount extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly roleArn: string;
  public readonly credentials: AwsCredentials;

  constructor(scope: Construct, id: string, props: IrsaServiceAccountProps) {
    super(scope, id);
    assertProp(this, 'name', props.name, DNS_SUBDOMAIN);
    assertProp(this, 'namespace', props.namespace, DNS_LABEL);
    assertProp(this, 'roleArn', props.roleArn, IAM_ROLE_ARN);
    for (const s of props.imagePullSecrets ?? []) assertProp(this, 'imagePullSecrets', s, DNS_SUBDOMAIN);
    this.name = props.name;
    this.namespace = props.namespace;
    this.roleArn = props.roleArn;
    const credentials = props.credentials ?? 'irsa';
    if (credentials !== 'irsa' && credentials !== 'podIdentity') {
      throw propsError(this, 'credentials', `${JSON.stringify(credentials)} is not allowed; expected "irsa" or "podIdentity"`);
    }
    this.credentials = credentials;

    const annotations: Record<string, string> = {};
    if (credentials === 'irsa') {
      annotations['eks.amazonaws.com/role-arn'] = props.roleArn;
      if (props.stsRegionalEndpoints ?? true) annotations['eks.amazonaws.com/sts-regional-endpoints'] = 'true';
    }
    const pullSecrets = props.imagePullSecrets ?? [];
    new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels, annotations: credentials === 'irsa' ? annotations : undefined },
      automountServiceAccountToken: false,
      imagePullSecrets: pullSecrets.length > 0 ? pullSecrets.map((name) => ({ name })) : undefined,
    });
  }
}

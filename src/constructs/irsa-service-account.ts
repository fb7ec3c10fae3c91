import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { assertFormat, DNS_LABEL, DNS_SUBDOMAIN, IAM_ROLE_ARN } from '../config/formats';

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
}

/**
 * A ServiceAccount annotated for IAM Roles for Service Accounts (IRSA). Its API token is not
 * mounted by default: pods that need the Kubernetes API opt in.
 */
export class IrsaServiceAccount extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: IrsaServiceAccountProps) {
    super(scope, id);
    assertFormat('IrsaServiceAccount name', props.name, DNS_SUBDOMAIN);
    assertFormat('IrsaServiceAccount namespace', props.namespace, DNS_LABEL);
    assertFormat('IrsaServiceAccount roleArn', props.roleArn, IAM_ROLE_ARN);
    for (const s of props.imagePullSecrets ?? []) assertFormat('IrsaServiceAccount imagePullSecrets', s, DNS_SUBDOMAIN);
    this.name = props.name;
    this.namespace = props.namespace;
    this.roleArn = props.roleArn;

    const annotations: Record<string, string> = { 'eks.amazonaws.com/role-arn': props.roleArn };
    if (props.stsRegionalEndpoints ?? true) annotations['eks.amazonaws.com/sts-regional-endpoints'] = 'true';
    const pullSecrets = props.imagePullSecrets ?? [];
    new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels, annotations },
      automountServiceAccountToken: false,
      imagePullSecrets: pullSecrets.length > 0 ? pullSecrets.map((name) => ({ name })) : undefined,
    });
  }
}

import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { NAMESPACE } from '../config/formats';
import { assertProp } from './errors';

/** Pod Security Admission labels for the "restricted" standard (also applied by the bundle's deploy.sh). */
export const POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'v1.27',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

export interface RestrictedNamespaceProps {
  readonly name: string;
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/** A Namespace whose pods must meet the "restricted" Pod Security Standard (enforced, audited, warned). */
export class RestrictedNamespace extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: RestrictedNamespaceProps) {
    super(scope, id);
    assertProp(this, 'name', props.name, NAMESPACE);
    this.name = props.name;
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          ...POD_SECURITY_LABELS,
        },
      },
    });
  }
}

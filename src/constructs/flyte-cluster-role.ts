import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { assertFormat, DNS_LABEL, DNS_SUBDOMAIN } from '../config/formats';

export interface FlyteClusterRoleProps {
  /** `<release>-flyte-binary`; names the role, the binding and the webhook configuration. */
  readonly fullName: string;
  readonly serviceAccountName: string;
  readonly serviceAccountNamespace: string;
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/**
 * What the Flyte binary needs cluster-wide, reviewed rule by rule against the v1.16.8 source
 * (README "RBAC"). Compared with the upstream chart it cannot create CRDs (the FlyteWorkflow
 * CRD ships with the release), may touch only its own MutatingWebhookConfiguration after
 * creating it, and may not delete events.
 */
export class FlyteClusterRole extends Construct {
  public static rules(fullName: string): k8s.PolicyRule[] {
    return [
      // Cluster resource manager: one namespace (with quota, service account, secrets) per project-domain.
      { apiGroups: [''], resources: ['namespaces', 'resourcequotas', 'secrets', 'serviceaccounts'], verbs: ['create', 'get', 'list', 'patch', 'update'] },
      // Propeller runs and cleans up task pods; the webhook reads its own pod.
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
      // Propeller's event recorder.
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch', 'update'] },
      // Default pod templates for tasks.
      { apiGroups: [''], resources: ['podtemplates'], verbs: ['get', 'list', 'watch'] },
      // Admin creates workflows, propeller executes them, garbage collection deletes them.
      { apiGroups: ['flyte.lyft.com'], resources: ['flyteworkflows'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'post', 'update', 'watch'] },
      // The secret-injection webhook registers itself at start-up: create, then get and update its own object.
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['create'] },
      {
        apiGroups: ['admissionregistration.k8s.io'],
        resources: ['mutatingwebhookconfigurations'],
        resourceNames: [`${fullName}-webhook`],
        verbs: ['get', 'update'],
      },
    ];
  }

  public readonly name: string;

  constructor(scope: Construct, id: string, props: FlyteClusterRoleProps) {
    super(scope, id);
    assertFormat('FlyteClusterRole fullName', props.fullName, DNS_SUBDOMAIN);
    assertFormat('FlyteClusterRole serviceAccountName', props.serviceAccountName, DNS_SUBDOMAIN);
    assertFormat('FlyteClusterRole serviceAccountNamespace', props.serviceAccountNamespace, DNS_LABEL);
    this.name = `${props.fullName}-cluster-role`;
    new k8s.KubeClusterRole(this, 'Resource', {
      metadata: { name: this.name, labels: props.labels },
      rules: FlyteClusterRole.rules(props.fullName),
    });
    new k8s.KubeClusterRoleBinding(this, 'Binding', {
      metadata: { name: `${props.fullName}-cluster-role-binding`, labels: props.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.name },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace: props.serviceAccountNamespace }],
    });
  }
}

import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_LABEL, DNS_SUBDOMAIN } from '../config/formats';
import { pluginRules } from './task-plugin-rbac';
import { assertProp } from './errors';

export interface FlyteClusterRoleProps {
  /** `<release>-flyte-binary`; names the role, the binding and the webhook configuration. */
  readonly fullName: string;
  readonly serviceAccountName: string;
  readonly serviceAccountNamespace: string;
  /**
   * Core-group resources the cluster-resource templates create in each project-domain namespace
   * (beyond namespaces, resourcequotas and serviceaccounts, which it always may).
   * @default - none
   */
  readonly templatedResources?: readonly string[];
  /**
   * Rules for what the cluster-resource templates create outside the core group (for example the
   * Spark driver's RoleBinding, and `bind` on the one ClusterRole it names).
   * @default - none
   */
  readonly templatedRules?: readonly k8s.PolicyRule[];
  /**
   * Enabled task plugins: each CRD-based one adds the rights its controller uses on its resource.
   * @default - none
   */
  readonly plugins?: readonly string[];
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
  public static rules(fullName: string, options: { templatedResources?: readonly string[]; templatedRules?: readonly k8s.PolicyRule[]; plugins?: readonly string[] } = {}): k8s.PolicyRule[] {
    // No secrets: no template creates one, and the binary's own Secrets are in a namespaced Role
    // (FlyteSecretsRole); a cluster-wide rule would let it read every Secret of the cluster.
    const base = ['namespaces', 'resourcequotas', 'serviceaccounts'];
    const templated = [...base, ...(options.templatedResources ?? []).filter((r) => !base.includes(r))].sort();
    return [
      // Cluster resource manager: one namespace (with quota, service account) per project-domain,
      // created, then read and patched when it exists (flyteadmin/pkg/clusterresource/controller.go).
      { apiGroups: [''], resources: templated, verbs: ['create', 'get', 'list', 'patch', 'update'] },
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
      // What the templates create outside the core group (task-namespaces.ts).
      ...(options.templatedRules ?? []),
      // Custom resources of the enabled CRD-based task plugins (task-plugin-rbac.ts).
      ...pluginRules(options.plugins ?? []),
    ];
  }

  public readonly name: string;

  constructor(scope: Construct, id: string, props: FlyteClusterRoleProps) {
    super(scope, id);
    assertProp(this, 'fullName', props.fullName, DNS_SUBDOMAIN);
    assertProp(this, 'serviceAccountName', props.serviceAccountName, DNS_SUBDOMAIN);
    assertProp(this, 'serviceAccountNamespace', props.serviceAccountNamespace, DNS_LABEL);
    this.name = `${props.fullName}-cluster-role`;
    new k8s.KubeClusterRole(this, 'Resource', {
      metadata: { name: this.name, labels: props.labels },
      rules: FlyteClusterRole.rules(props.fullName, { templatedResources: props.templatedResources, templatedRules: props.templatedRules, plugins: props.plugins }),
    });
    new k8s.KubeClusterRoleBinding(this, 'Binding', {
      metadata: { name: `${props.fullName}-cluster-role-binding`, labels: props.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.name },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace: props.serviceAccountNamespace }],
    });
  }
}

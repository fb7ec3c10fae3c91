import { sortKeys } from '../synth/stable-json';
import { toYaml } from '../synth/yaml';
import type { ClusterFacts } from './cluster-facts';

export interface KubeconfigOptions {
  /**
   * Namespace of the context, so that `kubectl` commands land in Flyte's namespace.
   * @default - no namespace: kubectl's default
   */
  readonly namespace?: string;
}

/**
 * A kubeconfig for the cluster, as `aws eks update-kubeconfig` writes it: the API server and its
 * CA from the cached facts, and `aws eks get-token` as exec credential plugin, so the file holds
 * no secret. Entries are named by the cluster ARN like AWS's own.
 */
export function kubeconfig(facts: ClusterFacts, options: KubeconfigOptions = {}): Record<string, unknown> {
  const name = facts.arn;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: facts.endpoint, 'certificate-authority-data': facts.certificateAuthorityData } }],
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'aws',
            args: ['--region', facts.region, 'eks', 'get-token', '--cluster-name', facts.name, '--output', 'json'],
          },
        },
      },
    ],
    contexts: [{ name, context: { cluster: name, user: name, namespace: options.namespace } }],
    'current-context': name,
    preferences: {},
  };
}

/** The kubeconfig as YAML with sorted keys (the order `kubectl config view` prints). */
export function kubeconfigYaml(facts: ClusterFacts, options: KubeconfigOptions = {}): string {
  return toYaml(sortKeys(kubeconfig(facts, options)));
}

import { UserError } from '../errors';
import type { EnvironmentModel, SynthContext } from '../synth/environment';
import type { OutputFile } from '../synth/output-dir';
import { stableJson } from '../synth/stable-json';
import { clusterFactsFile, readClusterFacts } from './cluster-facts';
import { checkCompatibility } from './compatibility';
import { assertRoleInCluster, irsaTrustPolicy, s3PermissionsPolicy, secretsManagerReadPolicy } from './iam-policies';
import { kubeconfigYaml } from './kubeconfig';

/**
 * The files of `dist/<env>/` derived from the cached facts of the environment's EKS cluster
 * (`eks.cluster`): IAM policy documents and a kubeconfig. None without `eks`. Reads only
 * `config/clusters/<cluster>.json`; never calls AWS.
 */
export function eksFiles(model: EnvironmentModel, ctx: SynthContext): OutputFile[] {
  const { spec, file } = model.env;
  if (!spec.eks) return [];
  const facts = readClusterFacts(ctx.root, spec.eks.cluster, { usedBy: `eks.cluster in ${file}` });
  const factsFile = clusterFactsFile(facts.name);
  const sa = model.chart.serviceAccount;

  try {
    assertRoleInCluster(sa.roleArn, facts);
  } catch (e) {
    throw new UserError(`${file}: serviceAccount.roleArn: ${(e as Error).message} (${factsFile})`);
  }
  const compat = checkCompatibility(model.objects, facts.kubernetesVersion);
  if (compat.errors.length > 0) {
    const more = compat.errors.length > 1 ? ` (and ${compat.errors.length - 1} more)` : '';
    throw new UserError(`${file}: EKS cluster ${facts.name} (${factsFile}): ${compat.errors[0]}${more}`);
  }
  for (const w of compat.warnings) ctx.warn(`${model.env.name}: ${w}`);
  if (spec.storage.region !== facts.region) {
    ctx.warn(
      `${model.env.name}: storage.region ${spec.storage.region} differs from the region of EKS cluster ${facts.name} (${facts.region}); an isolated VPC reaches S3 only in its own region through its gateway endpoint`,
    );
  }

  const files: OutputFile[] = [
    { path: 'iam/trust-policy.json', content: stableJson(irsaTrustPolicy(facts, { namespace: sa.namespace, name: sa.name })) },
    { path: 'iam/permissions-policy.json', content: stableJson(s3PermissionsPolicy(facts.partition, [spec.storage.metadataBucket, spec.storage.userDataBucket])) },
    { path: 'kubeconfig.yaml', content: kubeconfigYaml(facts, { namespace: spec.namespace }) },
  ];
  const password = spec.database.passwordSecret;
  const external = password.externalSecret;
  if (password.source === 'externalSecret' && external) {
    let policy;
    try {
      policy = secretsManagerReadPolicy(facts, external.remoteKey);
    } catch (e) {
      throw new UserError(`${file}: database.passwordSecret.externalSecret.remoteKey: ${(e as Error).message}`);
    }
    files.push({ path: 'iam/secrets-manager-policy.json', content: stableJson(policy) });
  }
  return files;
}

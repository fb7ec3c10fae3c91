import { UserError } from '../errors';
import type { EnvironmentModel, SynthContext } from '../synth/model';
import type { OutputFile } from '../synth/output-dir';
import { stableJson } from '../synth/stable-json';
import { clusterFactsFile, readClusterFacts } from './cluster-facts';
import { checkCompatibility } from './compatibility';
import { domainRole } from '../config/task-rules';
import { SPARK_SERVICE_ACCOUNT } from '../constructs/task-namespaces';
import {
  irsaTrustPolicy, PodIdentityAssociation, podIdentityTrustPolicy, roleAccount, s3PermissionsPolicy, secretsManagerReadPolicy, taskPermissionsPolicy,
  taskTrustPolicy,
} from './iam-policies';
import { iamSizeFinding } from './iam-limits';
import { kubeconfigYaml } from './kubeconfig';

/** The EKS add-on that serves EKS Pod Identity credentials on each node. */
export const POD_IDENTITY_AGENT = 'eks-pod-identity-agent';

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
  const podIdentity = spec.serviceAccount.credentials === 'podIdentity';

  // A role of another account is trusted through an OIDC provider that account must hold.
  const accountOf = (field: string, arn: string) => {
    let account: string;
    try {
      account = roleAccount(arn, facts);
    } catch (e) {
      throw new UserError(`${file}: ${field}: ${(e as Error).message} (${factsFile})`);
    }
    if (account !== facts.account && podIdentity) {
      throw new UserError(
        `${file}: ${field}: ${arn} is in account ${account}, not in the account of EKS cluster ${facts.name} (${facts.account}); an EKS Pod Identity association names a role of the cluster's account (use serviceAccount.credentials "irsa" for a role of another account)`,
      );
    }
    if (account !== facts.account) {
      ctx.warn(
        `${model.env.name}: ${field} ${arn} is in account ${account}, not in the account of EKS cluster ${facts.name} (${facts.account}); its trust policy names the OIDC provider ${facts.oidcIssuer.replace(/^https:\/\//, '')} in account ${account}: create that provider there (aws iam create-open-id-connect-provider) before deploying`,
      );
    }
    return account;
  };
  const backendAccount = accountOf('serviceAccount.roleArn', sa.roleArn);
  if (podIdentity) {
    // A warning, not an error: the agent may also be installed without the EKS add-on (its Helm chart).
    const agent = POD_IDENTITY_AGENT;
    if (facts.addons === undefined) {
      ctx.warn(`${model.env.name}: serviceAccount.credentials is podIdentity, and ${factsFile} does not say whether EKS cluster ${facts.name} has the ${agent} add-on (the look-up could not call eks:ListAddons); allow it and run "cluster lookup" again`);
    } else if (!facts.addons.includes(agent)) {
      ctx.warn(`${model.env.name}: serviceAccount.credentials is podIdentity, but EKS cluster ${facts.name} has no ${agent} add-on (${factsFile}), without which pods get no credentials; install it ("aws eks create-addon --cluster-name ${facts.name} --addon-name ${agent}") and run "cluster lookup" again`);
    }
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

  const trust = podIdentity ? podIdentityTrustPolicy(facts, [sa.namespace], sa.name) : irsaTrustPolicy(facts, { namespace: sa.namespace, name: sa.name }, backendAccount);
  const association = (namespace: string, serviceAccount: string, roleArn: string): OutputFile => ({
    path: `iam/pod-identity-association${namespace === sa.namespace && serviceAccount === sa.name ? '' : `-${namespace}${serviceAccount === 'default' ? '' : `-${serviceAccount}`}`}.json`,
    content: stableJson({ clusterName: facts.name, namespace, serviceAccount, roleArn } satisfies PodIdentityAssociation),
  });
  const files: OutputFile[] = [
    { path: 'iam/trust-policy.json', content: stableJson(trust) },
    ...(podIdentity ? [association(sa.namespace, sa.name, sa.roleArn)] : []),
    { path: 'iam/permissions-policy.json', content: stableJson(s3PermissionsPolicy(facts.partition, [spec.storage.metadataBucket, spec.storage.userDataBucket])) },
    ...taskRoleFiles(model, (field, arn) => accountOf(field, arn), facts, podIdentity ? association : undefined),
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
  for (const f of files) {
    const finding = iamSizeFinding(f.path, String(f.content));
    if (finding.error) throw new UserError(`${file}: ${finding.error}`);
    if (finding.warning) ctx.warn(`${model.env.name}: ${finding.warning}`);
  }
  return files;
}

/**
 * `iam/task-trust-policy.json` for the shared task role (tasks.roleArn) and
 * `iam/task-trust-policy-<domain>[-<domain>...].json` for each other role a domain names, each
 * naming exactly the `default` ServiceAccounts of its domains' declared project namespaces; and
 * `iam/task-permissions-policy.json`, which every task role gets. None without task roles.
 * With `association` (EKS Pod Identity) the trust policies are Pod Identity's, and each
 * project-domain namespace gets its association file.
 */
function taskRoleFiles(
  model: EnvironmentModel,
  accountOf: (field: string, arn: string) => string,
  facts: Parameters<typeof taskTrustPolicy>[0] & Parameters<typeof podIdentityTrustPolicy>[0],
  association?: (namespace: string, serviceAccount: string, roleArn: string) => OutputFile,
): OutputFile[] {
  const spec = model.env.spec;
  const byRole = new Map<string, string[]>();
  for (const d of spec.domains) {
    const arn = domainRole(spec, d);
    if (arn !== undefined) byRole.set(arn, [...(byRole.get(arn) ?? []), d]);
  }
  if (byRole.size === 0) return [];
  const files: OutputFile[] = [];
  for (const [arn, domains] of byRole) {
    const shared = arn === spec.tasks?.roleArn;
    const field = shared ? 'tasks.roleArn' : `tasks.domains.${domains[0]}.roleArn`;
    const namespaces = spec.projects.flatMap((p) => domains.map((d) => `${p.name}-${d}`));
    const laterDomains = spec.tasks?.trustLaterProjects ? domains : undefined;
    const providerAccount = accountOf(field, arn);
    // Spark drivers and executors run as the "spark" ServiceAccount of each namespace (task-namespaces.ts).
    const accounts = spec.plugins?.enabled.includes('spark') ? ['default', SPARK_SERVICE_ACCOUNT] : ['default'];
    const policy = association
      ? podIdentityTrustPolicy(facts, namespaces, accounts.length === 1 ? accounts[0] : accounts, { laterNamespaces: laterDomains?.map((d) => `*-${d}`) })
      : taskTrustPolicy(facts, namespaces, { providerAccount, laterDomains, serviceAccounts: accounts });
    files.push({ path: `iam/task-trust-policy${shared ? '' : `-${domains.join('-')}`}.json`, content: stableJson(policy) });
    if (association) files.push(...namespaces.flatMap((ns) => accounts.map((a) => association(ns, a, arn))));
  }
  files.push({ path: 'iam/task-permissions-policy.json', content: stableJson(taskPermissionsPolicy(facts.partition, [spec.storage.metadataBucket, spec.storage.userDataBucket])) });
  return files;
}

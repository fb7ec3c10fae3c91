import * as fs from 'fs';
import * as YAML from 'yaml';
import { EXIT, UserError } from '../../src/errors';
import type { ClusterFacts } from '../../src/eks/cluster-facts';
import { generate } from '../../src/synth/generate';
import { tmpProject, validInput } from '../helpers';
import { EXAMPLE_CA_DATA } from './stub-eks';

function facts(name: string, partition: string, region: string, account: string, version: string, oidcId: string): ClusterFacts {
  const dns = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return {
    name,
    arn: `arn:${partition}:eks:${region}:${account}:cluster/${name}`,
    partition,
    account,
    region,
    kubernetesVersion: version,
    endpoint: `https://${oidcId}.gr7.${region}.eks.${dns}`,
    certificateAuthorityData: EXAMPLE_CA_DATA,
    oidcIssuer: `https://oidc.eks.${region}.${dns}/id/${oidcId}`,
    status: 'ACTIVE',
    lookedUpAt: '2025-03-04T05:06:07Z',
  };
}

const GOV = facts('acme-prod', 'aws-us-gov', 'us-gov-west-1', '123456789012', '1.34', 'EXAMPLED539D4633E53DE1B71EXAMPLE');
const CN = facts('Acme_CN', 'aws-cn', 'cn-north-1', '210987654321', '1.33', '0123456789ABCDEF0123456789ABCDEF');

/** Two environments on two clusters that differ in every fact, and one without EKS. */
function project(edit: (envs: Record<string, any>) => void = () => {}, clusters: ClusterFacts[] = [GOV, CN]): string {
  const envs: Record<string, any> = {
    gov: validInput({
      release: 'rel-gov',
      namespace: 'ns-gov',
      storage: { provider: 's3', region: 'us-gov-west-1', metadataBucket: 'gov-meta', userDataBucket: 'gov-user' },
      serviceAccount: { roleArn: 'arn:aws-us-gov:iam::123456789012:role/flyte-gov' },
      eks: { cluster: 'acme-prod' },
    }),
    china: validInput({
      release: 'rel-cn',
      namespace: 'ns-cn',
      storage: { provider: 's3', region: 'cn-north-1', metadataBucket: 'cn-meta', userDataBucket: 'cn-user' },
      serviceAccount: { roleArn: 'arn:aws-cn:iam::210987654321:role/teams/flyte-cn' },
      eks: { cluster: 'Acme_CN' },
    }),
    plain: validInput(),
  };
  edit(envs);
  const extra: Record<string, string> = {};
  for (const c of clusters) extra[`config/clusters/${c.name}.json`] = JSON.stringify(c);
  return tmpProject(envs, extra);
}

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

async function synthFiles(root: string) {
  roots.push(root);
  const result = await generate(root);
  const byPath = new Map(result.files.map((f) => [f.path, f.content.toString()]));
  return { result, byPath, json: (p: string) => JSON.parse(byPath.get(p)!) };
}

async function synthError(root: string): Promise<UserError> {
  roots.push(root);
  try {
    await generate(root);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected synth to fail');
}

describe('EKS files of each environment', () => {
  test('the trust policy of each environment uses its own cluster\'s partition, account, issuer and ServiceAccount', async () => {
    const { json } = await synthFiles(project());
    const gov = json('gov/iam/trust-policy.json').Statement[0];
    expect(gov.Principal.Federated).toBe('arn:aws-us-gov:iam::123456789012:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE');
    expect(gov.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(gov.Condition).toEqual({
      StringEquals: {
        'oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub': 'system:serviceaccount:ns-gov:rel-gov-flyte-binary',
        'oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud': 'sts.amazonaws.com',
      },
    });
    const cn = json('china/iam/trust-policy.json').Statement[0];
    expect(cn.Principal.Federated).toBe('arn:aws-cn:iam::210987654321:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/0123456789ABCDEF0123456789ABCDEF');
    expect(cn.Condition.StringEquals['oidc.eks.cn-north-1.amazonaws.com.cn/id/0123456789ABCDEF0123456789ABCDEF:sub']).toBe('system:serviceaccount:ns-cn:rel-cn-flyte-binary');
    expect(cn.Condition.StringEquals['oidc.eks.cn-north-1.amazonaws.com.cn/id/0123456789ABCDEF0123456789ABCDEF:aud']).toBe('sts.amazonaws.com');
    for (const env of ['gov', 'china']) expect(JSON.stringify(json(`${env}/iam/trust-policy.json`))).not.toMatch(/StringLike|[*?]/);
  });

  test('the ServiceAccount in the trust policy is the one in the manifests', async () => {
    const { byPath, json } = await synthFiles(project());
    const sa = YAML.parse(byPath.get('gov/manifests/05-serviceaccount-rel-gov-flyte-binary.yaml')!);
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws-us-gov:iam::123456789012:role/flyte-gov');
    const sub = Object.entries(json('gov/iam/trust-policy.json').Statement[0].Condition.StringEquals).find(([k]) => k.endsWith(':sub'))![1];
    expect(sub).toBe(`system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}`);
  });

  test('the permissions policy covers exactly the environment\'s buckets, in its partition', async () => {
    const { json } = await synthFiles(project());
    const gov = json('gov/iam/permissions-policy.json');
    expect(gov.Statement.map((s: any) => s.Resource)).toEqual([
      ['arn:aws-us-gov:s3:::gov-meta', 'arn:aws-us-gov:s3:::gov-user'],
      ['arn:aws-us-gov:s3:::gov-meta/*', 'arn:aws-us-gov:s3:::gov-user/*'],
    ]);
    expect(gov.Statement.map((s: any) => s.Action)).toEqual(['s3:ListBucket', ['s3:DeleteObject', 's3:GetObject', 's3:PutObject']]);
    const cn = json('china/iam/permissions-policy.json');
    expect(cn.Statement[0].Resource).toEqual(['arn:aws-cn:s3:::cn-meta', 'arn:aws-cn:s3:::cn-user']);
  });

  test('the kubeconfig is the cluster\'s, in the environment\'s namespace', async () => {
    const { byPath } = await synthFiles(project());
    const kc = YAML.parse(byPath.get('china/kubeconfig.yaml')!);
    expect(kc.clusters[0].cluster.server).toBe('https://0123456789ABCDEF0123456789ABCDEF.gr7.cn-north-1.eks.amazonaws.com.cn');
    expect(kc.contexts[0].context.namespace).toBe('ns-cn');
    expect(kc.users[0].user.exec.args).toEqual(['--region', 'cn-north-1', 'eks', 'get-token', '--cluster-name', 'Acme_CN', '--output', 'json']);
  });

  test('an environment without eks gets no IAM files or kubeconfig', async () => {
    const { byPath } = await synthFiles(project());
    const eksPaths = (env: string) => [...byPath.keys()].filter((p) => p.startsWith(`${env}/iam/`) || p === `${env}/kubeconfig.yaml`).sort();
    expect(eksPaths('plain')).toEqual([]);
    expect(eksPaths('gov')).toEqual(['gov/iam/permissions-policy.json', 'gov/iam/trust-policy.json', 'gov/kubeconfig.yaml']);
    expect(byPath.has('plain/manifests/05-serviceaccount-rel-a-flyte-binary.yaml')).toBe(true);
  });

  test('the files are the same bytes on every run; lookedUpAt changes nothing', async () => {
    const a = (await synthFiles(project())).byPath;
    const b = (await synthFiles(project(() => {}, [{ ...GOV, lookedUpAt: '2030-01-01T00:00:00Z' }, CN]))).byPath;
    expect([...b.entries()]).toEqual([...a.entries()]);
    expect(a.get('gov/iam/trust-policy.json')!.endsWith('}\n')).toBe(true);
  });

  test('snapshots', async () => {
    const { byPath } = await synthFiles(project());
    for (const p of ['gov/iam/trust-policy.json', 'gov/iam/permissions-policy.json', 'china/iam/trust-policy.json', 'china/kubeconfig.yaml']) {
      expect(byPath.get(p)).toMatchSnapshot(p);
    }
  });
});

describe('Secrets Manager policy for the External Secrets store', () => {
  test('written when externalSecret and eks are both set: read of that one secret only', async () => {
    const root = project((envs) => {
      envs.gov.database.passwordSecret.source = 'externalSecret';
      envs.gov.database.passwordSecret.externalSecret = { storeName: 'aws-secrets', remoteKey: 'flyte/gov/db' };
    });
    const { byPath, json } = await synthFiles(root);
    const doc = json('gov/iam/secrets-manager-policy.json');
    expect(doc.Statement).toHaveLength(1);
    expect(doc.Statement[0].Effect).toBe('Allow');
    expect(doc.Statement[0].Action).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(doc.Statement[0].Resource).toBe('arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:flyte/gov/db-??????');
    expect(byPath.has('china/iam/secrets-manager-policy.json')).toBe(false);
    expect(byPath.get('gov/iam/secrets-manager-policy.json')).toMatchSnapshot();
  });

  test('a remoteKey ARN is used as it is', async () => {
    const arn = 'arn:aws-cn:secretsmanager:cn-northwest-1:210987654321:secret:flyte-db-AbCdEf';
    const { json } = await synthFiles(project((envs) => {
      envs.china.database.passwordSecret.source = 'externalSecret';
      envs.china.database.passwordSecret.externalSecret = { storeName: 'aws-secrets', remoteKey: arn };
    }));
    expect(json('china/iam/secrets-manager-policy.json').Statement[0].Resource).toBe(arn);
  });

  test('not written without eks (the partition and account are unknown)', async () => {
    const { byPath } = await synthFiles(project((envs) => {
      envs.plain.database.passwordSecret.source = 'externalSecret';
      envs.plain.database.passwordSecret.externalSecret = { storeName: 'aws-secrets', remoteKey: 'flyte/db' };
    }));
    expect([...byPath.keys()].some((p) => p.includes('secrets-manager'))).toBe(false);
  });

  test('a remoteKey ARN of another partition is a synth error', async () => {
    const e = await synthError(project((envs) => {
      envs.gov.database.passwordSecret.source = 'externalSecret';
      envs.gov.database.passwordSecret.externalSecret = { storeName: 'aws-secrets', remoteKey: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' };
    }));
    expect(e.message).toBe(
      'config/environments/gov.yaml: database.passwordSecret.externalSecret.remoteKey: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" is in partition aws but the cluster is in aws-us-gov; use a secret of the cluster\'s partition',
    );
  });
});

describe('task role IAM documents', () => {
  const tasks = (envs: Record<string, any>) => {
    envs.gov.projects = [{ name: 'pa' }, { name: 'pb' }];
    envs.gov.domains = ['dev', 'stage', 'prod'];
    envs.gov.tasks = {
      roleArn: 'arn:aws-us-gov:iam::123456789012:role/tasks-gov',
      domains: { prod: { roleArn: 'arn:aws-us-gov:iam::777788889999:role/tasks-gov-prod' } },
    };
  };
  const subjects = (policy: any) => Object.entries(policy.Statement[0].Condition.StringEquals).find(([k]) => k.endsWith(':sub'))![1];

  test('one trust policy per role naming exactly the declared ServiceAccounts of its domains, and one permissions policy', async () => {
    const { byPath, json, result } = await synthFiles(project(tasks));
    expect([...byPath.keys()].filter((p) => p.startsWith('gov/iam/task-')).sort()).toEqual([
      'gov/iam/task-permissions-policy.json', 'gov/iam/task-trust-policy-prod.json', 'gov/iam/task-trust-policy.json',
    ]);
    expect(subjects(json('gov/iam/task-trust-policy.json'))).toEqual([
      'system:serviceaccount:pa-dev:default', 'system:serviceaccount:pa-stage:default', 'system:serviceaccount:pb-dev:default', 'system:serviceaccount:pb-stage:default',
    ]);
    expect(subjects(json('gov/iam/task-trust-policy-prod.json'))).toEqual(['system:serviceaccount:pa-prod:default', 'system:serviceaccount:pb-prod:default']);
    // The production role is in another account: its provider is there, and synth says so.
    expect(json('gov/iam/task-trust-policy-prod.json').Statement[0].Principal.Federated).toMatch(/^arn:aws-us-gov:iam::777788889999:oidc-provider\//);
    expect(json('gov/iam/task-trust-policy.json').Statement[0].Principal.Federated).toMatch(/^arn:aws-us-gov:iam::123456789012:oidc-provider\//);
    expect(result.warnings.filter((w) => w.includes('777788889999'))).toHaveLength(1);
    expect(result.warnings.find((w) => w.includes('777788889999'))).toMatch(/^gov: tasks\.domains\.prod\.roleArn arn:aws-us-gov:iam::777788889999:role\/tasks-gov-prod is in account 777788889999/);
    expect(json('gov/iam/task-permissions-policy.json').Statement.map((s: any) => s.Resource)).toEqual([
      ['arn:aws-us-gov:s3:::gov-meta', 'arn:aws-us-gov:s3:::gov-user'],
      ['arn:aws-us-gov:s3:::gov-meta/*', 'arn:aws-us-gov:s3:::gov-user/*'],
    ]);
    for (const f of ['task-trust-policy.json', 'task-trust-policy-prod.json']) expect(JSON.stringify(json(`gov/iam/${f}`))).not.toMatch(/StringLike|\*/);
    // No task role, no task IAM document.
    expect([...byPath.keys()].filter((p) => p.startsWith('china/iam/task-'))).toEqual([]);
  });

  test('with the spark plugin the "spark" ServiceAccount of each namespace is trusted too (the driver and executors run as it)', async () => {
    const { json } = await synthFiles(project((envs) => {
      tasks(envs);
      envs.gov.plugins = { enabled: ['container', 'spark'], defaultForTaskTypes: { spark: 'spark' } };
      envs.gov.tasks.trustLaterProjects = true;
    }));
    expect(subjects(json('gov/iam/task-trust-policy-prod.json'))).toEqual([
      'system:serviceaccount:pa-prod:default', 'system:serviceaccount:pa-prod:spark', 'system:serviceaccount:pb-prod:default', 'system:serviceaccount:pb-prod:spark',
    ]);
    expect(Object.values(json('gov/iam/task-trust-policy-prod.json').Statement[1].Condition.StringLike)).toEqual([['system:serviceaccount:*-prod:default', 'system:serviceaccount:*-prod:spark']]);
  });

  test('trustLaterProjects adds the documented pattern for each role\'s own domains', async () => {
    const { json } = await synthFiles(project((envs) => {
      tasks(envs);
      envs.gov.tasks.trustLaterProjects = true;
    }));
    const later = (f: string) => json(`gov/iam/${f}`).Statement[1].Condition.StringLike;
    expect(Object.values(later('task-trust-policy.json'))).toEqual([['system:serviceaccount:*-dev:default', 'system:serviceaccount:*-stage:default']]);
    expect(Object.values(later('task-trust-policy-prod.json'))).toEqual([['system:serviceaccount:*-prod:default']]);
  });
});

describe('EKS Pod Identity (serviceAccount.credentials: podIdentity)', () => {
  const podIdentity = (envs: Record<string, any>) => {
    envs.gov.serviceAccount.credentials = 'podIdentity';
    envs.gov.projects = [{ name: 'pa' }, { name: 'pb' }];
    envs.gov.domains = ['dev', 'prod'];
    envs.gov.tasks = {
      roleArn: 'arn:aws-us-gov:iam::123456789012:role/tasks-gov',
      domains: { prod: { roleArn: 'arn:aws-us-gov:iam::123456789012:role/tasks-gov-prod' } },
    };
  };

  test('trust policies for pods.eks.amazonaws.com, restricted by session tags to this cluster, namespace and ServiceAccount', async () => {
    const { json } = await synthFiles(project(podIdentity));
    const flyte = json('gov/iam/trust-policy.json').Statement;
    expect(flyte.map((st: any) => [st.Principal.Service, st.Action.join(' ')])).toEqual([['pods.eks.amazonaws.com', 'sts:AssumeRole sts:TagSession']]);
    expect(flyte[0].Condition).toEqual({
      StringEquals: {
        'aws:RequestTag/eks-cluster-arn': 'arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/acme-prod',
        'aws:RequestTag/kubernetes-namespace': ['ns-gov'],
        'aws:RequestTag/kubernetes-service-account': 'rel-gov-flyte-binary',
      },
    });
    const tasks = json('gov/iam/task-trust-policy.json').Statement[0];
    expect(tasks.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
    expect(tasks.Condition.StringEquals['aws:RequestTag/kubernetes-namespace']).toEqual(['pa-dev', 'pb-dev']);
    expect(tasks.Condition.StringEquals['aws:RequestTag/kubernetes-service-account']).toBe('default');
    expect(json('gov/iam/task-trust-policy-prod.json').Statement[0].Condition.StringEquals['aws:RequestTag/kubernetes-namespace']).toEqual(['pa-prod', 'pb-prod']);
    // IRSA's OIDC provider appears nowhere.
    expect(JSON.stringify(json('gov/iam/trust-policy.json'))).not.toContain('oidc');
  });

  test('with the spark plugin: the task roles trust both ServiceAccounts, each namespace gets a spark association of its own file', async () => {
    const { byPath, json } = await synthFiles(project((envs) => {
      podIdentity(envs);
      envs.gov.plugins = { enabled: ['container', 'spark'], defaultForTaskTypes: { spark: 'spark' } };
    }));
    expect(json('gov/iam/task-trust-policy.json').Statement[0].Condition.StringEquals['aws:RequestTag/kubernetes-service-account']).toEqual(['default', 'spark']);
    expect(json('gov/iam/pod-identity-association-pa-prod-spark.json')).toEqual({
      clusterName: 'acme-prod', namespace: 'pa-prod', serviceAccount: 'spark', roleArn: 'arn:aws-us-gov:iam::123456789012:role/tasks-gov-prod',
    });
    expect([...byPath.keys()].filter((p) => p.startsWith('gov/iam/pod-identity-association-pa-prod')).sort()).toEqual(['gov/iam/pod-identity-association-pa-prod-spark.json', 'gov/iam/pod-identity-association-pa-prod.json']);
  });

  test('one association per ServiceAccount, in the shape of CreatePodIdentityAssociation', async () => {
    const { byPath, json } = await synthFiles(project(podIdentity));
    expect([...byPath.keys()].filter((p) => p.startsWith('gov/iam/pod-identity-')).sort()).toEqual([
      'gov/iam/pod-identity-association-pa-dev.json', 'gov/iam/pod-identity-association-pa-prod.json',
      'gov/iam/pod-identity-association-pb-dev.json', 'gov/iam/pod-identity-association-pb-prod.json', 'gov/iam/pod-identity-association.json',
    ]);
    expect(json('gov/iam/pod-identity-association.json')).toEqual({
      clusterName: 'acme-prod', namespace: 'ns-gov', serviceAccount: 'rel-gov-flyte-binary', roleArn: 'arn:aws-us-gov:iam::123456789012:role/flyte-gov',
    });
    expect(json('gov/iam/pod-identity-association-pb-prod.json')).toEqual({
      clusterName: 'acme-prod', namespace: 'pb-prod', serviceAccount: 'default', roleArn: 'arn:aws-us-gov:iam::123456789012:role/tasks-gov-prod',
    });
    // IRSA environments get none.
    expect([...byPath.keys()].filter((p) => p.includes('pod-identity'))).toEqual([...byPath.keys()].filter((p) => p.startsWith('gov/iam/pod-identity')));
  });

  test('no role annotation on the Flyte ServiceAccount or in the task namespace templates', async () => {
    const { byPath } = await synthFiles(project(podIdentity));
    const sa = YAML.parse(byPath.get('gov/manifests/05-serviceaccount-rel-gov-flyte-binary.yaml')!);
    expect(sa.metadata.annotations).toBeUndefined();
    const gov = [...byPath.entries()].filter(([p]) => p.startsWith('gov/manifests/')).map(([, c]) => c).join('\n');
    expect(gov).not.toContain('eks.amazonaws.com/role-arn');
    expect(gov).not.toContain('tasks-gov');
    // The chart exposes no role value that nothing would use.
    expect(byPath.get('gov/chart/values.yaml')).not.toContain('roleArn');
  });

  test('trustLaterProjects: a StringLike statement on the namespaces of later projects', async () => {
    const { json } = await synthFiles(project((envs) => {
      podIdentity(envs);
      envs.gov.tasks.trustLaterProjects = true;
    }));
    const later = json('gov/iam/task-trust-policy-prod.json').Statement[1];
    expect(later.Sid).toBe('AssumeFromLaterNamespaces');
    expect(later.Condition.StringLike).toEqual({ 'aws:RequestTag/kubernetes-namespace': ['*-prod'] });
    expect(later.Condition.StringEquals).toEqual({
      'aws:RequestTag/eks-cluster-arn': 'arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/acme-prod',
      'aws:RequestTag/kubernetes-service-account': 'default',
    });
  });

  test('the eks-pod-identity-agent add-on: a warning when the facts lack it or cannot tell, none when it is there', async () => {
    const agentWarning = (w: readonly string[]) => w.filter((x) => x.includes('eks-pod-identity-agent'));
    const unknown = await synthFiles(project(podIdentity));
    expect(agentWarning(unknown.result.warnings)).toEqual([
      'gov: serviceAccount.credentials is podIdentity, and config/clusters/acme-prod.json does not say whether EKS cluster acme-prod has the eks-pod-identity-agent add-on (the look-up could not call eks:ListAddons); allow it and run "cluster lookup" again',
    ]);
    const without = await synthFiles(project(podIdentity, [{ ...GOV, addons: ['coredns', 'vpc-cni'] }, CN]));
    expect(agentWarning(without.result.warnings)).toEqual([
      'gov: serviceAccount.credentials is podIdentity, but EKS cluster acme-prod has no eks-pod-identity-agent add-on (config/clusters/acme-prod.json), without which pods get no credentials; install it ("aws eks create-addon --cluster-name acme-prod --addon-name eks-pod-identity-agent") and run "cluster lookup" again',
    ]);
    const withAgent = await synthFiles(project(podIdentity, [{ ...GOV, addons: ['coredns', 'eks-pod-identity-agent'] }, CN]));
    expect(agentWarning(withAgent.result.warnings)).toEqual([]);
    // IRSA environments are not concerned.
    expect(agentWarning((await synthFiles(project())).result.warnings)).toEqual([]);
  });

  test('a role of another account is a synth error (an association names a role of the cluster\'s account)', async () => {
    const e = await synthError(project((envs) => {
      podIdentity(envs);
      envs.gov.tasks.domains.prod.roleArn = 'arn:aws-us-gov:iam::777788889999:role/tasks-gov-prod';
    }));
    expect(e.message).toBe(
      'config/environments/gov.yaml: tasks.domains.prod.roleArn: arn:aws-us-gov:iam::777788889999:role/tasks-gov-prod is in account 777788889999, not in the account of EKS cluster acme-prod (123456789012); an EKS Pod Identity association names a role of the cluster\'s account (use serviceAccount.credentials "irsa" for a role of another account)',
    );
    expect(e.exitCode).toBe(EXIT.INPUT);
  });
});

describe('synth errors and warnings from the cached facts', () => {
  test('a missing cache file tells the user to run the look-up', async () => {
    const e = await synthError(project(() => {}, [CN]));
    expect(e.message).toBe(
      'config/clusters/acme-prod.json: no cached facts for EKS cluster "acme-prod" (named by eks.cluster in config/environments/gov.yaml); run "npx enterprise-flyte cluster lookup --name acme-prod --region <region>" on a machine that can reach the EKS API, then commit the file',
    );
    expect(e.exitCode).toBe(EXIT.INPUT);
  });

  test('a backend role in another account of the partition is accepted with a warning; its trust policy names the provider there', async () => {
    const { result, json } = await synthFiles(project((envs) => {
      envs.gov.serviceAccount.roleArn = 'arn:aws-us-gov:iam::999988887777:role/flyte-gov';
    }));
    expect(json('gov/iam/trust-policy.json').Statement[0].Principal.Federated).toBe('arn:aws-us-gov:iam::999988887777:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE');
    expect(result.warnings).toContain(
      'gov: serviceAccount.roleArn arn:aws-us-gov:iam::999988887777:role/flyte-gov is in account 999988887777, not in the account of EKS cluster acme-prod (123456789012); its trust policy names the OIDC provider oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE in account 999988887777: create that provider there (aws iam create-open-id-connect-provider) before deploying',
    );
  });

  test('a role in another partition is a synth error', async () => {
    const e = await synthError(project((envs) => {
      envs.china.serviceAccount.roleArn = 'arn:aws:iam::210987654321:role/flyte-cn';
    }));
    expect(e.message).toBe('config/environments/china.yaml: serviceAccount.roleArn: "arn:aws:iam::210987654321:role/flyte-cn" is in partition aws but EKS cluster "Acme_CN" is in partition aws-cn; use a role of the cluster\'s partition (config/clusters/Acme_CN.json)');
    expect(e.exitCode).toBe(EXIT.INPUT);
  });

  test('task roles in another partition are a synth error too', async () => {
    const e = await synthError(project((envs) => {
      envs.china.tasks = { roleArn: 'arn:aws:iam::210987654321:role/tasks-cn' };
    }));
    expect(e.message).toBe('config/environments/china.yaml: tasks.roleArn: "arn:aws:iam::210987654321:role/tasks-cn" is in partition aws but EKS cluster "Acme_CN" is in partition aws-cn; use a role of the cluster\'s partition (config/clusters/Acme_CN.json)');
  });

  test('a cluster that removed or does not yet serve an API in use fails the synth', async () => {
    const e = await synthError(project(() => {}, [{ ...GOV, kubernetesVersion: '1.15' }, CN]));
    expect(e.message).toBe(
      'config/environments/gov.yaml: EKS cluster acme-prod (config/clusters/acme-prod.json): CustomResourceDefinition apiextensions.k8s.io/v1 is served from Kubernetes 1.16 only, and the cluster runs 1.15; upgrade the cluster',
    );
    expect(e.exitCode).toBe(EXIT.INPUT);
    // With an Ingress as well, the first problem is named and the others counted.
    const e2 = await synthError(project((envs) => {
      envs.gov.ingress = { host: 'flyte.gov.example', className: 'nginx' };
    }, [{ ...GOV, kubernetesVersion: '1.15' }, CN]));
    expect(e2.message).toMatch(/: CustomResourceDefinition apiextensions\.k8s\.io\/v1 is served from Kubernetes 1\.16 only, and the cluster runs 1\.15; upgrade the cluster \(and 1 more\)$/);
  });

  test('a version outside the tested range and a bucket region unlike the cluster\'s are warnings', async () => {
    const { result, byPath } = await synthFiles(project((envs) => {
      envs.china.storage.region = 'cn-northwest-1';
    }, [{ ...GOV, kubernetesVersion: '1.31' }, CN]));
    expect(byPath.has('gov/iam/trust-policy.json')).toBe(true);
    // Other modules warn too (unpinned images); these are the EKS ones.
    expect(result.warnings.filter((w) => !w.includes('not pinned by digest'))).toEqual([
      'china: storage.region cn-northwest-1 differs from the region of EKS cluster Acme_CN (cn-north-1); an isolated VPC reaches S3 only in its own region through its gateway endpoint',
      'gov: the cluster runs Kubernetes 1.31, outside 1.32-1.37 that EKS supports and the manifests are checked against; check them with "kubectl apply --dry-run=server" before deploying',
    ]);
  });

  test('a cluster name that EKS does not allow is refused by the environment schema', async () => {
    const e = await synthError(project((envs) => {
      envs.gov.eks.cluster = 'acme.prod';
    }));
    expect(e.message).toBe('config/environments/gov.yaml: eks.cluster: "acme.prod" is not allowed; expected an EKS cluster name: 1-100 letters, digits, "-" and "_", starting with a letter or digit');
  });
});

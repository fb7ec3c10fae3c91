import type { ClusterFacts } from './cluster-facts';

/** An IAM policy document (the subset these generators write). */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal?: { readonly Federated: string } | { readonly Service: string };
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** The issuer as IAM names it in provider ARNs and condition keys: without "https://". */
export function issuerHostPath(facts: Pick<ClusterFacts, 'oidcIssuer'>): string {
  return facts.oidcIssuer.replace(/^https:\/\//, '');
}

/**
 * ARN of the IAM OIDC identity provider that IRSA needs for the cluster's issuer, in the
 * cluster's account or, for a role of another account, in that account.
 */
export function oidcProviderArn(facts: Pick<ClusterFacts, 'partition' | 'account' | 'oidcIssuer'>, account: string = facts.account): string {
  return `arn:${facts.partition}:iam::${account}:oidc-provider/${issuerHostPath(facts)}`;
}

export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/**
 * Trust policy of an IRSA role: only the tokens the cluster issues to this one ServiceAccount,
 * for the STS audience, may assume it. Exact `StringEquals` on both keys, never `StringLike`:
 * a wildcard would let other service accounts of the cluster take the role.
 */
export function irsaTrustPolicy(facts: Pick<ClusterFacts, 'partition' | 'account' | 'oidcIssuer'>, sa: ServiceAccountRef, providerAccount?: string): PolicyDocument {
  const issuer = issuerHostPath(facts);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AssumeFromServiceAccount',
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn(facts, providerAccount) },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuer}:aud`]: 'sts.amazonaws.com',
            [`${issuer}:sub`]: `system:serviceaccount:${sa.namespace}:${sa.name}`,
          },
        },
      },
    ],
  };
}

/**
 * What Flyte needs of its buckets: list each bucket, and read, write and delete the objects in
 * it. No bucket-level writes, no ACLs, no other bucket.
 */
export function s3PermissionsPolicy(partition: string, buckets: readonly string[]): PolicyDocument {
  const unique = [...new Set(buckets)];
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ListFlyteBuckets',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: unique.map((b) => `arn:${partition}:s3:::${b}`),
      },
      {
        Sid: 'ReadWriteFlyteObjects',
        Effect: 'Allow',
        Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        Resource: unique.map((b) => `arn:${partition}:s3:::${b}/*`),
      },
    ],
  };
}

const SECRET_ARN = /^arn:(aws(?:-[a-z]+)*):secretsmanager:([a-z0-9-]+):([0-9]{12}):secret:[A-Za-z0-9/_+=.@-]+$/;

/**
 * The Secrets Manager ARN an External Secrets `remoteKey` names. A name matches the ARN of the
 * secret, whose name AWS suffixes with "-" and 6 random characters (hence "-??????", which is
 * exactly 6 characters, unlike "*"); an ARN is used as it is.
 * Throws a one-line message for an ARN that is not a secret's or is in another partition.
 */
export function secretArn(facts: Pick<ClusterFacts, 'partition' | 'account' | 'region'>, remoteKey: string): string {
  if (remoteKey.startsWith('arn:')) {
    const m = SECRET_ARN.exec(remoteKey);
    if (!m) throw new Error(`${JSON.stringify(remoteKey)} is not allowed; expected a secret name or "arn:<partition>:secretsmanager:<region>:<account>:secret:<name>"`);
    if (m[1] !== facts.partition) throw new Error(`${JSON.stringify(remoteKey)} is in partition ${m[1]} but the cluster is in ${facts.partition}; use a secret of the cluster's partition`);
    return remoteKey;
  }
  return `arn:${facts.partition}:secretsmanager:${facts.region}:${facts.account}:secret:${remoteKey}-??????`;
}

/** Read access to the one secret that holds the database password, for the External Secrets role. */
export function secretsManagerReadPolicy(facts: Pick<ClusterFacts, 'partition' | 'account' | 'region'>, remoteKey: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadDatabasePasswordSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: secretArn(facts, remoteKey),
      },
    ],
  };
}

const ROLE_ARN = /^arn:(aws(?:-[a-z]+)*):iam::([0-9]{12}):role\//;

/**
 * The account of a role the cluster's pods assume. A role of another account of the same
 * partition is accepted (its trust policy names an OIDC provider for the cluster's issuer in
 * that account); another partition cannot trust the cluster at all. Throws a one-line message.
 */
export function roleAccount(roleArn: string, facts: Pick<ClusterFacts, 'partition' | 'account' | 'name'>): string {
  const m = ROLE_ARN.exec(roleArn);
  if (!m) throw new Error(`${JSON.stringify(roleArn)} is not an IAM role ARN`);
  if (m[1] !== facts.partition) {
    throw new Error(
      `${JSON.stringify(roleArn)} is in partition ${m[1]} but EKS cluster ${JSON.stringify(facts.name)} is in partition ${facts.partition}; use a role of the cluster's partition`,
    );
  }
  return m[2];
}

/**
 * Trust policy of a task role: the `default` ServiceAccount of exactly the given project-domain
 * namespaces (`StringEquals`, a list of subjects), for the STS audience. Only when
 * `laterDomains` is given, a second statement lets the `default` ServiceAccount of any
 * `*-<domain>` namespace assume it, for projects created after synth (StringLike).
 */
export function taskTrustPolicy(
  facts: Pick<ClusterFacts, 'partition' | 'account' | 'oidcIssuer'>,
  namespaces: readonly string[],
  options: {
    readonly providerAccount?: string;
    readonly laterDomains?: readonly string[];
    /** ServiceAccounts of each namespace that run tasks (`spark` for Spark drivers and executors). @default ['default'] */
    readonly serviceAccounts?: readonly string[];
  } = {},
): PolicyDocument {
  const issuer = issuerHostPath(facts);
  const principal = { Federated: oidcProviderArn(facts, options.providerAccount) };
  const accounts = options.serviceAccounts ?? ['default'];
  const subjects = (ns: string) => accounts.map((a) => `system:serviceaccount:${ns}:${a}`);
  const statements: PolicyStatement[] = [
    {
      Sid: 'AssumeFromDeclaredProjects',
      Effect: 'Allow',
      Principal: principal,
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com', [`${issuer}:sub`]: [...namespaces].sort().flatMap(subjects) } },
    },
  ];
  if (options.laterDomains && options.laterDomains.length > 0) {
    statements.push({
      Sid: 'AssumeFromLaterProjects',
      Effect: 'Allow',
      Principal: principal,
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com' },
        StringLike: { [`${issuer}:sub`]: [...options.laterDomains].sort().flatMap((d) => subjects(`*-${d}`)) },
      },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The service principal of EKS Pod Identity, which assumes the role for the pod. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/**
 * Trust policy of a role used through EKS Pod Identity: only EKS Pod Identity, and only for pods
 * of this cluster whose namespace and ServiceAccount are listed. Pod Identity sets these as
 * session tags when it assumes the role, so `StringEquals` on the request tags restricts the role
 * even if another association in the account names it. With `laterNamespaces` (patterns such as
 * `*-production`), a second statement admits namespaces created after synth (StringLike).
 */
export function podIdentityTrustPolicy(
  facts: Pick<ClusterFacts, 'arn'>,
  namespaces: readonly string[],
  serviceAccount: string | readonly string[],
  options: { readonly laterNamespaces?: readonly string[] } = {},
): PolicyDocument {
  const statement = (Sid: string, namespaceCondition: Record<string, Record<string, string | string[]>>): PolicyStatement => ({
    Sid,
    Effect: 'Allow',
    Principal: { Service: POD_IDENTITY_PRINCIPAL },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: {
      ...namespaceCondition,
      StringEquals: {
        'aws:RequestTag/eks-cluster-arn': facts.arn,
        'aws:RequestTag/kubernetes-service-account': typeof serviceAccount === 'string' ? serviceAccount : [...serviceAccount],
        ...namespaceCondition.StringEquals,
      },
    },
  });
  const statements = [statement('AssumeFromPodIdentity', { StringEquals: { 'aws:RequestTag/kubernetes-namespace': [...namespaces].sort() } })];
  if (options.laterNamespaces && options.laterNamespaces.length > 0) {
    statements.push(statement('AssumeFromLaterNamespaces', { StringLike: { 'aws:RequestTag/kubernetes-namespace': [...options.laterNamespaces].sort() } }));
  }
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * One EKS Pod Identity association, in the shape of the CreatePodIdentityAssociation request, so
 * that `aws eks create-pod-identity-association --cli-input-json file://<file>` creates it.
 */
export interface PodIdentityAssociation {
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
}

/**
 * What task pods need of the buckets: list both, read and write objects (task inputs and
 * outputs live in the metadata bucket, raw data in the user-data bucket). No delete: tasks never
 * remove data; Flyte itself does, with the backend role.
 */
export function taskPermissionsPolicy(partition: string, buckets: readonly string[]): PolicyDocument {
  const unique = [...new Set(buckets)];
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ListFlyteBuckets', Effect: 'Allow', Action: 's3:ListBucket', Resource: unique.map((b) => `arn:${partition}:s3:::${b}`) },
      { Sid: 'ReadWriteTaskData', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: unique.map((b) => `arn:${partition}:s3:::${b}/*`) },
    ],
  };
}

import {
  irsaTrustPolicy,
  oidcProviderArn,
  podIdentityTrustPolicy,
  roleAccount,
  s3PermissionsPolicy,
  secretArn,
  secretsManagerReadPolicy,
  taskPermissionsPolicy,
  taskTrustPolicy,
} from '../../src/eks/iam-policies';

const GOV = {
  name: 'acme-prod',
  partition: 'aws-us-gov',
  account: '123456789012',
  region: 'us-gov-west-1',
  oidcIssuer: 'https://oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
};
const COM = {
  name: 'flyte-enterprise',
  partition: 'aws',
  account: '111122223333',
  region: 'eu-central-1',
  oidcIssuer: 'https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF',
};

describe('irsaTrustPolicy', () => {
  test.each([
    [GOV, { namespace: 'flyte', name: 'flyte-backend-flyte-binary' },
      'arn:aws-us-gov:iam::123456789012:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
      'oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', 'system:serviceaccount:flyte:flyte-backend-flyte-binary'],
    [COM, { namespace: 'ml-platform', name: 'rel-b-flyte-binary' },
      'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF',
      'oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF', 'system:serviceaccount:ml-platform:rel-b-flyte-binary'],
  ])('trusts only the ServiceAccount, through the cluster\'s OIDC provider (%#)', (facts, sa, provider, issuer, sub) => {
    const doc = irsaTrustPolicy(facts, sa);
    expect(doc.Version).toBe('2012-10-17');
    expect(doc.Statement).toHaveLength(1);
    const st = doc.Statement[0];
    expect(st.Effect).toBe('Allow');
    expect(st.Principal).toEqual({ Federated: provider });
    expect(st.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(Object.keys(st.Condition!)).toEqual(['StringEquals']);
    expect(st.Condition!.StringEquals).toEqual({ [`${issuer}:sub`]: sub, [`${issuer}:aud`]: 'sts.amazonaws.com' });
    expect(st.Resource).toBeUndefined();
    // No wildcard anywhere: a "*" or "?" in a StringEquals would be a literal, and StringLike is not used.
    expect(JSON.stringify(doc)).not.toMatch(/[*?]|StringLike|https:\/\//);
  });

  test('oidcProviderArn drops the scheme of the issuer', () => {
    expect(oidcProviderArn(COM)).toBe('arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF');
  });

  test('snapshot', () => {
    expect(irsaTrustPolicy(GOV, { namespace: 'flyte', name: 'flyte-backend-flyte-binary' })).toMatchSnapshot();
  });
});

describe('s3PermissionsPolicy', () => {
  test('lists the two buckets and reads, writes and deletes their objects, nothing else', () => {
    const doc = s3PermissionsPolicy('aws-us-gov', ['meta-bucket-a', 'user-bucket-a']);
    expect(doc.Version).toBe('2012-10-17');
    expect(doc.Statement).toHaveLength(2);
    const [list, objects] = doc.Statement;
    expect(list.Effect).toBe('Allow');
    expect(list.Action).toBe('s3:ListBucket');
    expect(list.Resource).toEqual(['arn:aws-us-gov:s3:::meta-bucket-a', 'arn:aws-us-gov:s3:::user-bucket-a']);
    expect(objects.Effect).toBe('Allow');
    expect(objects.Action).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(objects.Resource).toEqual(['arn:aws-us-gov:s3:::meta-bucket-a/*', 'arn:aws-us-gov:s3:::user-bucket-a/*']);
    // The only wildcard is the object path inside each bucket.
    const actions = doc.Statement.flatMap((s) => [s.Action].flat());
    expect(actions.every((a) => !a.includes('*'))).toBe(true);
    expect(JSON.stringify(doc).match(/\*/g)).toHaveLength(2);
    expect(doc.Statement.every((s) => s.Principal === undefined && s.Condition === undefined)).toBe(true);
  });

  test('one bucket for both purposes is listed once', () => {
    const doc = s3PermissionsPolicy('aws', ['same-bucket', 'same-bucket']);
    expect(doc.Statement[0].Resource).toEqual(['arn:aws:s3:::same-bucket']);
    expect(doc.Statement[1].Resource).toEqual(['arn:aws:s3:::same-bucket/*']);
  });

  test('snapshot', () => {
    expect(s3PermissionsPolicy('aws', ['acme-flyte-metadata', 'acme-flyte-userdata'])).toMatchSnapshot();
  });
});

describe('secretsManagerReadPolicy', () => {
  test('a secret name: the ARN in the cluster\'s partition, region and account, with exactly six suffix characters', () => {
    const doc = secretsManagerReadPolicy(GOV, 'flyte/db-password');
    expect(doc.Statement).toHaveLength(1);
    const st = doc.Statement[0];
    expect(st.Effect).toBe('Allow');
    expect(st.Action).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(st.Resource).toBe('arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:flyte/db-password-??????');
  });

  test('an ARN is used as it is', () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:444455556666:secret:shared/flyte-db-AbCdEf';
    expect(secretsManagerReadPolicy(COM, arn).Statement[0].Resource).toBe(arn);
    expect(secretArn(COM, arn)).toBe(arn);
  });

  test('an ARN of another partition or of something else is refused', () => {
    expect(() => secretArn(GOV, 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf')).toThrow(
      '"arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf" is in partition aws but the cluster is in aws-us-gov; use a secret of the cluster\'s partition',
    );
    expect(() => secretArn(GOV, 'arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/x')).toThrow(
      '"arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/x" is not allowed; expected a secret name or "arn:<partition>:secretsmanager:<region>:<account>:secret:<name>"',
    );
  });

  test('snapshot', () => {
    expect(secretsManagerReadPolicy(COM, 'prod/flyte/db')).toMatchSnapshot();
  });
});

describe('roleAccount', () => {
  test('a role of the cluster\'s account and partition, with a path: the cluster\'s account', () => {
    expect(roleAccount('arn:aws-us-gov:iam::123456789012:role/svc/flyte', GOV)).toBe('123456789012');
  });
  test('a role of another account of the same partition is accepted: its account', () => {
    expect(roleAccount('arn:aws-us-gov:iam::999988887777:role/flyte', GOV)).toBe('999988887777');
  });
  test('refuses another partition with the same account id', () => {
    expect(() => roleAccount('arn:aws:iam::123456789012:role/flyte', GOV)).toThrow(
      '"arn:aws:iam::123456789012:role/flyte" is in partition aws but EKS cluster "acme-prod" is in partition aws-us-gov; use a role of the cluster\'s partition',
    );
  });
  test('refuses what is not a role', () => {
    expect(() => roleAccount('arn:aws-us-gov:iam::123456789012:user/flyte', GOV)).toThrow('"arn:aws-us-gov:iam::123456789012:user/flyte" is not an IAM role ARN');
  });
});

describe('taskTrustPolicy', () => {
  const issuer = 'oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
  test('exactly the default ServiceAccounts of the given namespaces, StringEquals, sorted', () => {
    expect(taskTrustPolicy(COM, ['p2-dev', 'p1-dev'])).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'AssumeFromDeclaredProjects',
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${issuer}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com', [`${issuer}:sub`]: ['system:serviceaccount:p1-dev:default', 'system:serviceaccount:p2-dev:default'] } },
      }],
    });
  });

  test('the provider of another account, and the opt-in pattern for later projects as its own statement', () => {
    const policy = taskTrustPolicy(COM, ['p1-prod'], { providerAccount: '444455556666', laterDomains: ['prod'] });
    expect(policy.Statement.map((s) => (s.Principal as { Federated: string }).Federated)).toEqual([`arn:aws:iam::444455556666:oidc-provider/${issuer}`, `arn:aws:iam::444455556666:oidc-provider/${issuer}`]);
    expect(policy.Statement[1]).toEqual({
      Sid: 'AssumeFromLaterProjects',
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::444455556666:oidc-provider/${issuer}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${issuer}:sub`]: ['system:serviceaccount:*-prod:default'] } },
    });
    expect(JSON.stringify(taskTrustPolicy(COM, ['p1-prod']))).not.toMatch(/StringLike|\*/);
  });
});

describe('podIdentityTrustPolicy', () => {
  const facts = { arn: 'arn:aws-cn:eks:cn-north-1:210987654321:cluster/cn-one' };

  test('EKS Pod Identity may assume and tag, only for the listed namespaces and ServiceAccount of this cluster', () => {
    expect(podIdentityTrustPolicy(facts, ['ns-b', 'ns-a'], 'sa-x')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AssumeFromPodIdentity',
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:RequestTag/eks-cluster-arn': 'arn:aws-cn:eks:cn-north-1:210987654321:cluster/cn-one',
              'aws:RequestTag/kubernetes-namespace': ['ns-a', 'ns-b'],
              'aws:RequestTag/kubernetes-service-account': 'sa-x',
            },
          },
        },
      ],
    });
  });

  test('later namespaces: a second statement with StringLike on the namespace only', () => {
    const policy = podIdentityTrustPolicy(facts, ['p-dev'], 'default', { laterNamespaces: ['*-dev'] });
    expect(policy.Statement).toHaveLength(2);
    expect(policy.Statement[1]).toEqual({
      Sid: 'AssumeFromLaterNamespaces',
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringLike: { 'aws:RequestTag/kubernetes-namespace': ['*-dev'] },
        StringEquals: { 'aws:RequestTag/eks-cluster-arn': 'arn:aws-cn:eks:cn-north-1:210987654321:cluster/cn-one', 'aws:RequestTag/kubernetes-service-account': 'default' },
      },
    });
    expect(podIdentityTrustPolicy(facts, ['p-dev'], 'default', { laterNamespaces: [] }).Statement).toHaveLength(1);
  });
});

describe('taskPermissionsPolicy', () => {
  test('list both buckets, read and write their objects, never delete', () => {
    expect(taskPermissionsPolicy('aws-cn', ['m-b', 'u-b', 'm-b'])).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ListFlyteBuckets', Effect: 'Allow', Action: 's3:ListBucket', Resource: ['arn:aws-cn:s3:::m-b', 'arn:aws-cn:s3:::u-b'] },
        { Sid: 'ReadWriteTaskData', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws-cn:s3:::m-b/*', 'arn:aws-cn:s3:::u-b/*'] },
      ],
    });
  });
});

/**
 * Size limits IAM puts on the policy documents synth writes (IAM and AWS STS quotas,
 * docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). IAM counts characters
 * without white space, so the documents' indentation does not count.
 */

/** "Role trust policy length": the default quota of an account, which AWS raises on request. */
export const TRUST_POLICY_DEFAULT_QUOTA = 2048;
/** The most the "Role trust policy length" quota can be raised to: CreateRole refuses more. */
export const TRUST_POLICY_MAX = 4096;
/** All inline policies of one role together (not adjustable): PutRolePolicy refuses more. */
export const INLINE_POLICIES_MAX = 10240;

/** A document's size as IAM counts it: characters other than white space. */
export function iamSize(document: string): number {
  let n = 0;
  for (let i = 0; i < document.length; i++) {
    const c = document.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) n++;
  }
  return n;
}

export interface IamSizeFinding {
  /** Refused: AWS cannot accept it whatever the account's quotas. */
  readonly error?: string;
  /** Accepted by AWS only once the account's quota is raised. */
  readonly warning?: string;
}

/**
 * What IAM would say of the document written at `file` (`iam/trust-policy.json`,
 * `iam/task-trust-policy*.json` are trust policies; other `iam/*-policy.json` files are inline
 * permissions of one role). Trust policies between the default quota and the maximum are a
 * warning, not an error: the account's quota may have been raised already, which synth cannot see.
 */
export function iamSizeFinding(file: string, document: string): IamSizeFinding {
  const size = iamSize(document);
  const fix = 'give domains roles of their own (tasks.domains.<domain>.roleArn): each role\'s policy then names only its domains\' namespaces';
  if (/^iam\/(task-)?trust-policy[^/]*\.json$/.test(file)) {
    if (size > TRUST_POLICY_MAX) {
      return { error: `${file} is ${size} characters (white space aside), over the ${TRUST_POLICY_MAX} IAM allows in a role trust policy even with its "Role trust policy length" quota raised; ${fix}` };
    }
    if (size > TRUST_POLICY_DEFAULT_QUOTA) {
      return { warning: `${file} is ${size} characters (white space aside), over IAM's default "Role trust policy length" quota of ${TRUST_POLICY_DEFAULT_QUOTA}; raise it in Service Quotas (up to ${TRUST_POLICY_MAX}) before creating the role, or ${fix}` };
    }
    return {};
  }
  if (/^iam\/[^/]*policy\.json$/.test(file) && size > INLINE_POLICIES_MAX) {
    return { error: `${file} is ${size} characters (white space aside), over the ${INLINE_POLICIES_MAX} IAM allows for the inline policies of a role` };
  }
  return {};
}

import { DescribeClusterCommand, EKSClient, ListAddonsCommand } from '@aws-sdk/client-eks';
import { compareStrings } from '../synth/compare';
import { AWS_REGION, EKS_CLUSTER_NAME, matches } from '../config/formats';
import { EXIT, UserError } from '../errors';
import { boundAnswers, boundedFailure } from './bounded-answer';
import { ACCESS_DENIED, BAD_CREDENTIALS, EXPIRED, NETWORK, oneLine, THROTTLING, TLS } from './aws-errors';
import { DescribedCluster, isCertificateAuthorityData, isHttpsUrl, kubernetesMinor, parseClusterArn } from './cluster-facts';

export interface DescribeClusterOptions {
  /** Name of the EKS cluster. */
  readonly name: string;
  /**
   * Region of the cluster.
   * @default - the SDK's chain: AWS_REGION, then the region of the AWS profile
   */
  readonly region?: string;
  /**
   * How long one attempt may take to connect and to answer; the SDK's standard retry strategy
   * makes up to 3 attempts.
   * @default 10
   */
  readonly timeoutSeconds?: number;
}

/** Default time one attempt may take. */
export const DEFAULT_TIMEOUT_SECONDS = 10;

/**
 * Calls EKS `DescribeCluster` with the SDK's standard credential, region and endpoint chain
 * (profiles, AWS_REGION, AWS_ENDPOINT_URL_EKS) and retry strategy, and returns the facts synth
 * needs. Every failure is a one-line `UserError`: exit 2 when the input or set-up is wrong,
 * exit 3 when the service or the network failed.
 */
export async function describeCluster(options: DescribeClusterOptions): Promise<DescribedCluster> {
  const { name } = options;
  if (!matches(EKS_CLUSTER_NAME, name)) throw new UserError(`--name: ${JSON.stringify(name)} is not allowed; expected ${EKS_CLUSTER_NAME.allowed}`);
  if (options.region !== undefined && !matches(AWS_REGION, options.region)) {
    throw new UserError(`--region: ${JSON.stringify(options.region)} is not allowed; expected ${AWS_REGION.allowed}`);
  }
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!(timeoutSeconds > 0 && timeoutSeconds <= 600)) {
    throw new UserError(`--timeout-seconds: ${JSON.stringify(timeoutSeconds)} is not allowed; expected a number of seconds above 0 and at most 600`);
  }
  const ms = Math.round(timeoutSeconds * 1000);
  const client = new EKSClient({
    region: options.region,
    // Without throwOnRequestTimeout the handler only logs a warning and waits for ever.
    requestHandler: { connectionTimeout: ms, requestTimeout: ms, throwOnRequestTimeout: true },
  });
  try {
    let region: string;
    try {
      region = await client.config.region();
    } catch {
      throw new UserError('no AWS region: pass --region or set AWS_REGION (or a region in the AWS profile)');
    }
    if (!matches(AWS_REGION, region)) throw new UserError(`region ${JSON.stringify(region)} (from AWS_REGION or the AWS profile) is not allowed; expected ${AWS_REGION.allowed}`);

    const bounded = boundAnswers(client, { service: 'EKS', endpointVariable: 'AWS_ENDPOINT_URL_EKS', answerIs: 'a cluster description', timeoutSeconds });
    let answer: unknown;
    try {
      answer = (await client.send(new DescribeClusterCommand({ name }))).cluster;
    } catch (e) {
      throw boundedFailure(e) ?? lookupFailure(e, { name, region, endpoint: bounded.endpoint(), timeoutSeconds });
    }
    const endpoint = bounded.endpoint();
    const facts = factsFromCluster(answer, { name, region, endpoint });
    const addons = await installedAddons(client, { name, region, endpoint, timeoutSeconds });
    return addons === undefined ? facts : { ...facts, addons };
  } finally {
    client.destroy();
  }
}

/** Most add-ons read: EKS offers a few dozen. */
const MAX_ADDONS = 1000;

/**
 * The names of the cluster's EKS add-ons (ListAddons, every page), sorted; undefined when the
 * credentials may not call eks:ListAddons, so that the look-up still works with the permission
 * it always needed (synth then says it cannot tell).
 */
async function installedAddons(client: EKSClient, ctx: LookupContext): Promise<string[] | undefined> {
  const names = new Set<string>();
  let nextToken: string | undefined;
  try {
    do {
      const out = await client.send(new ListAddonsCommand({ clusterName: ctx.name, maxResults: 100, nextToken }));
      for (const a of out.addons ?? []) {
        if (typeof a !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,99}$/.test(a)) throw malformed(ctx, `add-on name ${JSON.stringify(a).slice(0, 120)} is not one EKS gives`);
        names.add(a);
      }
      nextToken = out.nextToken ?? undefined;
    } while (nextToken && names.size < MAX_ADDONS);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const bounded = boundedFailure(e);
    if (bounded) throw bounded;
    if (ACCESS_DENIED.has((e as { name?: string }).name ?? '')) return undefined;
    throw lookupFailure(e, ctx);
  }
  return [...names].sort(compareStrings);
}

/** What the look-up asked for and where, for messages. */
export interface LookupContext {
  readonly name: string;
  readonly region: string;
  /** Scheme, host and port the request went to. */
  readonly endpoint: string;
  readonly timeoutSeconds?: number;
}

function malformed(ctx: Pick<LookupContext, 'name' | 'endpoint'>, what: string): UserError {
  return new UserError(`EKS answered with a malformed description of cluster ${JSON.stringify(ctx.name)}: ${what}; run again, and check that ${ctx.endpoint} is the EKS API`, EXIT.SERVICE);
}

/** Checks the `cluster` of a DescribeCluster answer and keeps the facts synth needs. */
export function factsFromCluster(cluster: unknown, ctx: Pick<LookupContext, 'name' | 'region' | 'endpoint'>): DescribedCluster {
  if (cluster === null || typeof cluster !== 'object' || Array.isArray(cluster)) throw malformed(ctx, 'no cluster object in the answer');
  const c = cluster as Record<string, any>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const show = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v).slice(0, 120));

  if (c.name !== ctx.name) throw malformed(ctx, `name is ${show(c.name)}, expected ${JSON.stringify(ctx.name)}`);
  const arn = parseClusterArn(str(c.arn) ?? '');
  if (!arn) throw malformed(ctx, `arn is ${show(c.arn)}, expected "arn:<partition>:eks:<region>:<account>:cluster/<name>"`);
  if (arn.name !== ctx.name || arn.region !== ctx.region) throw malformed(ctx, `arn ${JSON.stringify(c.arn)} is not cluster ${JSON.stringify(ctx.name)} in ${ctx.region}`);

  const status = str(c.status);
  if (!status) throw malformed(ctx, `status is ${show(c.status)}`);
  if (status !== 'ACTIVE') {
    throw new UserError(`EKS cluster ${JSON.stringify(ctx.name)} is ${status}, not ACTIVE; wait until it is ACTIVE ("aws eks wait cluster-active --name ${ctx.name}") and run again`);
  }
  const issuer = c.identity?.oidc?.issuer;
  if (issuer === undefined || issuer === null || issuer === '') {
    throw new UserError(
      `EKS cluster ${JSON.stringify(ctx.name)} has no OIDC issuer, so IAM roles for service accounts (IRSA) cannot work; check the cluster ("aws eks describe-cluster --name ${ctx.name} --query cluster.identity") and run again`,
    );
  }
  if (typeof issuer !== 'string' || !isHttpsUrl(issuer, { path: true })) throw malformed(ctx, `identity.oidc.issuer is ${show(issuer)}, expected an https:// URL`);
  const version = str(c.version);
  if (!version || kubernetesMinor(version) === undefined) throw malformed(ctx, `version is ${show(c.version)}, expected "1.<minor>"`);
  const apiEndpoint = str(c.endpoint);
  if (!apiEndpoint || !isHttpsUrl(apiEndpoint, { path: false })) throw malformed(ctx, `endpoint is ${show(c.endpoint)}, expected an https:// URL`);
  const ca = str(c.certificateAuthority?.data);
  if (!ca || !isCertificateAuthorityData(ca)) throw malformed(ctx, `certificateAuthority.data is ${ca ? 'not base64 of a PEM certificate' : 'missing'}`);

  return {
    name: ctx.name,
    arn: c.arn,
    partition: arn.partition,
    account: arn.account,
    region: arn.region,
    kubernetesVersion: version,
    endpoint: apiEndpoint,
    certificateAuthorityData: ca,
    oidcIssuer: issuer,
    status: 'ACTIVE',
  };
}

/** Turns an error of the SDK into the one-line message of its failure class. */
export function lookupFailure(error: unknown, ctx: LookupContext): Error {
  const e = (error ?? {}) as { name?: string; code?: string; message?: string; $fault?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
  const name = e.name ?? '';
  const code = e.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts ?? 1;
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  const msg = oneLine(e.message);
  const cluster = JSON.stringify(ctx.name);

  if (name === 'ResourceNotFoundException') {
    return new UserError(`EKS cluster ${cluster} not found in ${ctx.region} for the account of these credentials; check --name, --region and AWS_PROFILE`);
  }
  if (EXPIRED.has(name)) {
    return new UserError(`the AWS credentials have expired (${name}); refresh them (for example "aws sso login" or a new session token) and run again`);
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new UserError(`the AWS credentials were rejected (${name}: ${msg}); check AWS_PROFILE or AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN`);
  }
  if (ACCESS_DENIED.has(name)) {
    return new UserError(`access denied to eks:DescribeCluster on cluster ${cluster} (${msg}); use credentials whose IAM policy allows eks:DescribeCluster on it`);
  }
  if (name === 'CredentialsProviderError') {
    return new UserError(`no usable AWS credentials (${msg}); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance or pod role is available`);
  }
  if (THROTTLING.has(name) || status === 429) {
    return new UserError(`EKS kept throttling the request (${name || `HTTP ${status}`}) after ${tries}; wait a minute and run again`, EXIT.SERVICE);
  }
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || name === 'RequestTimeout') {
    const within = ctx.timeoutSeconds !== undefined ? ` within ${ctx.timeoutSeconds}s` : '';
    return new UserError(
      `the EKS API at ${ctx.endpoint} did not answer${within} (${tries}); check the network path to it (proxy, VPC endpoint, AWS_ENDPOINT_URL_EKS) or raise --timeout-seconds`,
      EXIT.SERVICE,
    );
  }
  if (code === 'ERR_INVALID_URL') {
    return new UserError(`the EKS endpoint is not a URL (${msg}); check AWS_ENDPOINT_URL_EKS, or endpoint_url in the AWS profile`);
  }
  if (TLS.test(code)) {
    return new UserError(`the TLS certificate of ${ctx.endpoint} is not trusted (${code}); if a proxy re-signs traffic, point NODE_EXTRA_CA_CERTS at its CA file`);
  }
  if (NETWORK.has(code)) {
    return new UserError(`could not reach the EKS API at ${ctx.endpoint} (${code}, ${tries}); check the network path to it (DNS, proxy, VPC endpoint, AWS_ENDPOINT_URL_EKS)`, EXIT.SERVICE);
  }
  // A body the SDK could not parse (for example an HTML page from a proxy).
  if (name === 'SyntaxError' || /Deserialization error/.test(e.message ?? '')) {
    return malformed(ctx, `the body is not the JSON EKS sends (HTTP ${status ?? '?'})`);
  }
  if (status !== undefined && status >= 500) {
    return new UserError(`EKS failed (${name || 'error'}, HTTP ${status}) after ${tries}: ${msg}; run again later`, EXIT.SERVICE);
  }
  if (e.$fault === 'client' || (status !== undefined && status >= 400)) {
    return new UserError(`EKS refused the request (${name}${status ? `, HTTP ${status}` : ''}: ${msg}); check --name, --region and the credentials`);
  }
  if (e.$fault === 'server') return new UserError(`EKS failed (${name}) after ${tries}: ${msg}; run again later`, EXIT.SERVICE);
  return error instanceof Error ? error : new Error(String(error));
}

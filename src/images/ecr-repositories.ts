import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { ECR_HOST, ecrRegistry } from '../config/formats';
import { boundAnswers, boundedFailure } from '../eks/bounded-answer';
import { ACCESS_DENIED, BAD_CREDENTIALS, EXPIRED, NETWORK, oneLine, THROTTLING, TLS } from '../eks/aws-errors';
import { EXIT, UserError } from '../errors';

export interface CreateRepositoriesOptions {
  /** The ECR registry host, `<account>.dkr.ecr.<region>.amazonaws.com`: gives account and region. */
  readonly server: string;
  /** Repository names inside the registry (path prefix included), each created when missing. */
  readonly repositories: readonly string[];
  /**
   * How long one attempt may take to connect and to answer.
   * @default 10
   */
  readonly timeoutSeconds?: number;
}

/** What happened to one repository. */
export interface RepositoryOutcome {
  readonly repository: string;
  readonly created: boolean;
}

/**
 * Creates each missing repository with ECR `CreateRepository` in the registry's own account and
 * region (from the host), with the SDK's credential and endpoint chain (AWS_ENDPOINT_URL_ECR, an
 * interface VPC endpoint or a test server) and retry strategy. An existing repository is left as
 * it is. Every failure is a one-line UserError: exit 2 for set-up, exit 3 for service or network.
 */
export async function createRepositories(options: CreateRepositoriesOptions): Promise<RepositoryOutcome[]> {
  const registry = ecrRegistry(options.server);
  if (!registry) throw new UserError(`${JSON.stringify(options.server)} is not an ECR registry; expected ${ECR_HOST.allowed} (other registries create repositories on push, or in their own console)`);
  const timeoutSeconds = options.timeoutSeconds ?? 10;
  const ms = Math.round(timeoutSeconds * 1000);
  const client = new ECRClient({
    region: registry.region,
    requestHandler: { connectionTimeout: ms, requestTimeout: ms, throwOnRequestTimeout: true },
  });
  boundAnswers(client, { service: 'ECR', endpointVariable: 'AWS_ENDPOINT_URL_ECR', answerIs: 'a CreateRepository answer', timeoutSeconds });
  const outcomes: RepositoryOutcome[] = [];
  try {
    for (const repository of options.repositories) {
      try {
        await client.send(new CreateRepositoryCommand({ registryId: registry.account, repositoryName: repository }));
        outcomes.push({ repository, created: true });
      } catch (e) {
        if ((e as { name?: string }).name === 'RepositoryAlreadyExistsException') outcomes.push({ repository, created: false });
        else throw ecrFailure(e, { server: options.server, repository });
      }
    }
  } finally {
    client.destroy();
  }
  return outcomes;
}

/** The one-line message of a failed CreateRepository. */
export function ecrFailure(error: unknown, ctx: { readonly server: string; readonly repository: string }): Error {
  const e = (error ?? {}) as { name?: string; code?: string; message?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? '';
  // The SDK wraps a socket error ("AWS SDK error wrapper"); its code is on the cause.
  const code = e.code ?? (e as { cause?: { code?: string } }).cause?.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const msg = oneLine(e.message);
  const what = `creating ECR repository ${ctx.repository} in ${ctx.server}`;
  const bounded = boundedFailure(error);
  if (bounded) return new UserError(`${what}: ${bounded.message}`, bounded.exitCode);
  if (EXPIRED.has(name)) return new UserError(`${what}: the AWS credentials have expired (${name}); refresh them and run again`);
  if (BAD_CREDENTIALS.has(name)) return new UserError(`${what}: the AWS credentials were rejected (${name}: ${msg}); check AWS_PROFILE or AWS_ACCESS_KEY_ID`);
  if (ACCESS_DENIED.has(name)) return new UserError(`${what}: access denied (${msg}); allow ecr:CreateRepository on the repository to these credentials`);
  if (name === 'CredentialsProviderError') return new UserError(`${what}: no usable AWS credentials (${msg}); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
  if (name === 'InvalidParameterException' || name === 'LimitExceededException') return new UserError(`${what}: ECR refused it (${name}: ${msg})`);
  if (THROTTLING.has(name) || status === 429) return new UserError(`${what}: ECR kept throttling the request (${name || 'HTTP 429'}); wait a minute and run again`, EXIT.SERVICE);
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || name === 'RequestTimeout') {
    return new UserError(`${what}: the ECR API did not answer in time; check the network path to it (proxy, VPC endpoint, AWS_ENDPOINT_URL_ECR) or raise --timeout-seconds`, EXIT.SERVICE);
  }
  if (code === 'ERR_INVALID_URL') return new UserError(`${what}: the ECR endpoint is not a URL (${msg}); check AWS_ENDPOINT_URL_ECR`);
  if (TLS.test(code)) return new UserError(`${what}: the TLS certificate of the ECR API is not trusted (${code}); if a proxy re-signs traffic, point NODE_EXTRA_CA_CERTS at its CA file`);
  if (NETWORK.has(code)) return new UserError(`${what}: could not reach the ECR API (${code}); check the network path to it (DNS, proxy, VPC endpoint, AWS_ENDPOINT_URL_ECR)`, EXIT.SERVICE);
  if (name === 'SyntaxError' || /Deserialization error/.test(e.message ?? '')) return new UserError(`${what}: the answer is not the JSON ECR sends (HTTP ${status ?? '?'}); check that the endpoint is the ECR API`, EXIT.SERVICE);
  if ((status !== undefined && status >= 500) || e.$fault === 'server') return new UserError(`${what}: ECR failed (${name || 'error'}${status ? `, HTTP ${status}` : ''}: ${msg}); run again later`, EXIT.SERVICE);
  if (e.$fault === 'client' || (status !== undefined && status >= 400)) return new UserError(`${what}: ECR refused the request (${name}${status ? `, HTTP ${status}` : ''}: ${msg})`);
  return error instanceof Error ? error : new Error(String(error));
}

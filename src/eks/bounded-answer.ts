import { Readable, Transform } from 'stream';
import type { MiddlewareStack } from '@smithy/types';
import { EXIT, UserError } from '../errors';

/** Largest answer read from an AWS API: the answers these commands read are a few KiB. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export interface BoundedAnswersOptions {
  /** The service, for messages: `EKS`. */
  readonly service: string;
  /** The variable that points the SDK at another endpoint, for messages: `AWS_ENDPOINT_URL_EKS`. */
  readonly endpointVariable: string;
  /** What a real answer is, for the message about a huge one: `a cluster description`. */
  readonly answerIs: string;
  /** How long an answer may take to arrive once its headers have. */
  readonly timeoutSeconds: number;
}

/** What boundAnswers tells about the client's requests. */
export interface BoundedClient {
  /** Scheme, host and port the latest request went to, to name it when something fails. */
  endpoint(): string;
}

const BOUNDED = Symbol('enterprise-flyte bounded answer');

/**
 * Bounds every answer `client` reads, in size (MAX_ANSWER_BYTES) and in time (`timeoutSeconds`
 * from its headers): the SDK's timeouts are idle timeouts, so a body that trickles in never
 * trips them, and it reads any size into memory. A failure is a UserError that `boundedFailure`
 * finds however the SDK wrapped it.
 */
export function boundAnswers(client: { readonly middlewareStack: MiddlewareStack<any, any> }, options: BoundedAnswersOptions): BoundedClient {
  let endpoint = `the ${options.service} endpoint`;
  client.middlewareStack.add(
    (next) => async (args) => {
      const r = args.request as { protocol?: string; hostname?: string; port?: number };
      if (r.hostname) endpoint = `${r.protocol ?? 'https:'}//${r.hostname}${r.port ? `:${r.port}` : ''}`;
      return next(args);
    },
    { step: 'build', name: 'enterpriseFlyteRememberEndpoint' },
  );
  // Between the handler and the parser.
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const response = out.response as { body?: unknown };
      if (response.body instanceof Readable) response.body = boundedBody(response.body, { ...options, endpoint });
      return out;
    },
    { step: 'deserialize', priority: 'low', name: 'enterpriseFlyteBoundedBody' },
  );
  return { endpoint: () => endpoint };
}

function boundedBody(body: Readable, ctx: BoundedAnswersOptions & { readonly endpoint: string }): Readable {
  let size = 0;
  const fail = (message: string) => {
    // The SDK appends to the message of an error it wraps: keep the original under BOUNDED.
    const e = Object.assign(new UserError(message, EXIT.SERVICE), { [BOUNDED]: message });
    out.destroy(e);
    body.destroy();
  };
  const api = `the ${ctx.service} API at ${ctx.endpoint}`;
  const timer = setTimeout(
    () => fail(`${api} did not finish its answer within ${ctx.timeoutSeconds}s; check the network path to it (proxy, VPC endpoint, ${ctx.endpointVariable}) or raise --timeout-seconds`),
    Math.round(ctx.timeoutSeconds * 1000),
  );
  const out = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) {
        done();
        fail(`${api} answered more than ${MAX_ANSWER_BYTES} bytes, far more than ${ctx.answerIs}; check that it is the ${ctx.service} API`);
        return;
      }
      done(null, chunk);
    },
    flush(done) {
      clearTimeout(timer);
      done();
    },
  });
  out.on('close', () => clearTimeout(timer));
  body.on('error', (e) => out.destroy(e));
  return body.pipe(out);
}

/** The UserError of a bounded answer, however the SDK wrapped it; undefined for any other error. */
export function boundedFailure(e: unknown): UserError | undefined {
  for (let x = e as { cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as { cause?: unknown } | undefined, i++) {
    const message = (x as Record<symbol, unknown>)[BOUNDED];
    if (typeof message === 'string') return new UserError(message, EXIT.SERVICE);
  }
  return undefined;
}

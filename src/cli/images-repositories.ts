import { registryServer } from '../config/formats';
import { loadEnvironment } from '../config/load';
import { UserError } from '../errors';
import type * as Ecr from '../images/ecr-repositories';
import { ImageReference } from '../images/reference';
import { compareStrings } from '../synth/compare';
import { buildEnvironment } from '../synth/model';
import { parseFlags, timeoutSecondsFlag } from './flags';
import type { Io } from './io';

/**
 * `enterprise-flyte images create-repositories --env NAME [--timeout-seconds S]`: creates, in the
 * environment's ECR registry, every repository its images are pushed to that does not exist yet
 * (ECR refuses a push to a missing repository). Run where the ECR API is reachable with AWS
 * credentials, before `mirror-images.sh push`.
 */
export async function imagesRepositoriesCommand(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags('images create-repositories', argv, { env: { type: 'string' }, 'timeout-seconds': { type: 'string' } });
  if (flags.env === undefined) throw new UserError('images create-repositories: --env is missing; pass the environment whose ECR repositories to create, for example --env prod');
  const timeoutSeconds = timeoutSecondsFlag(flags['timeout-seconds'], 10);
  const env = loadEnvironment(io.cwd, flags.env);
  if (!env.spec.registry) throw new UserError(`${env.file}: registry: not set; create-repositories needs an ECR registry.host`);
  let images;
  try {
    images = buildEnvironment(env, { root: io.cwd, lock: {}, warn: () => undefined }).chart.flyte.images;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${env.file}: ${(e as Error).message}`);
  }
  const server = registryServer(env.spec.registry.host);
  const repositories = [...new Set(images.map((i) => ImageReference.parse(i.target.toString()).repository))].sort(compareStrings);
  // The pinned SDK warns on Node 20 about its releases of 2027 on stderr, which would break the one-line output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded on demand (lib/ecr-repositories.js): the AWS SDK would slow every other command.
  const ecr = require('../images/ecr-repositories') as typeof Ecr;
  const outcomes = await ecr.createRepositories({ server, repositories, timeoutSeconds });
  for (const o of outcomes) io.stdout.write(`${o.created ? 'created' : 'exists '} ${server}/${o.repository}\n`);
  const created = outcomes.filter((o) => o.created).length;
  io.stdout.write(`${created} created, ${outcomes.length - created} already there, in ${server}\n`);
  return 0;
}

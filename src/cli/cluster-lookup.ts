import { EXIT, UserError } from '../errors';
import { writeClusterFacts } from '../eks/cluster-facts';
import { DEFAULT_TIMEOUT_SECONDS, describeCluster } from '../eks/describe-cluster';
import { parseFlags, timeoutSecondsFlag } from './flags';
import type { Io } from './io';

const CLUSTER_USAGE = 'cluster lookup --name <cluster> [--region <region>] [--timeout-seconds <s>]';

/** `enterprise-flyte cluster <subcommand>`. */
export async function clusterCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'lookup') return clusterLookup(rest, io);
  throw new UserError(`cluster: unknown subcommand ${JSON.stringify(sub ?? '')}; expected: ${CLUSTER_USAGE}`, EXIT.INPUT);
}

/**
 * `cluster lookup`: describes one EKS cluster and caches its facts in
 * `config/clusters/<name>.json`, which synth reads offline. Nothing is written on failure.
 */
export async function clusterLookup(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags('cluster lookup', argv, {
    name: { type: 'string' },
    region: { type: 'string' },
    'timeout-seconds': { type: 'string' },
  });
  if (flags.name === undefined) throw new UserError('cluster lookup: --name is missing; pass the EKS cluster name, for example --name acme-prod');
  const timeoutSeconds = timeoutSecondsFlag(flags['timeout-seconds'], DEFAULT_TIMEOUT_SECONDS);
  // The pinned SDK warns on Node 20 about its releases of 2027 on stderr, which would break the
  // one-line output; the project pins the SDK, so the warning says nothing to the user.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const described = await describeCluster({ name: flags.name, region: flags.region, timeoutSeconds });
  const { file, changed, facts } = writeClusterFacts(io.cwd, described, new Date());
  const summary = `EKS cluster ${facts.name}, Kubernetes ${facts.kubernetesVersion}, account ${facts.account} (${facts.partition}), ${facts.region}`;
  io.stdout.write(changed ? `wrote ${file} (${summary})\n` : `${file} is up to date (${summary})\n`);
  return 0;
}

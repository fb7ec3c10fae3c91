import { isUserError, UserError } from '../errors';
import { printable } from '../printable';
import { bundleCommand } from './bundle';
import { checkCommand } from './check';
import { diffCommand } from './diff';
import { imagesLockCommand } from './images-lock';
import { imagesRepositoriesCommand } from './images-repositories';
import { initCommand } from './init';
import type { Io } from './io';
import { schemaCommand } from './schema';
import { synthCommand } from './synth';

const USAGE = `usage: enterprise-flyte <command> [options]

commands:
  synth                         synthesise every environment into dist/ (what \`npx cdk8s synth\` runs)
  check                         fail when dist/ differs from a fresh synth (drift check)
  diff [--ref REF]              what the environment files change in dist/, object by object and
                                field by field, against dist/ as it is or dist/ at a git REF;
                                exit 0 no change, 4 changes shown
  init <env> [--<setting> VALUE]...
                                write config/environments/<env>.yaml, a commented environment
                                file; asks for missing settings on a terminal, otherwise every
                                setting without a default must be a flag (see README); never
                                overwrites. Settings: --release, --namespace, --flyte-version,
                                --registry, --pull-secret, --database-host, --database-name,
                                --database-username, --password-secret, --password-key, --region,
                                --metadata-bucket, --userdata-bucket, --role-arn, --ingress-host,
                                --ingress-class
  bundle --env <env>            build the offline bundle of one environment again:
                                dist/<env>/bundle/enterprise-flyte-<env>-<version>.tar.gz
                                (chart, manifests, images, mirror/deploy/verify scripts,
                                README, SHA256SUMS); replaces dist/<env>/bundle/ only
  bundle sign --env <env> --key FILE|- [--out DIR]
                                sign the environment's bundle (connected side, outside Git):
                                SHA256SUMS.asc over SHA256SUMS and the chart's Helm provenance
                                file (.prov); writes DIR/enterprise-flyte-<env>-<version>.tar.gz
                                (default DIR: signed/). The key is OpenPGP RSA, read from FILE or
                                standard input; a protected one is unlocked with
                                ENTERPRISE_FLYTE_SIGNING_PASSPHRASE. Exit 6: the key is unusable;
                                7: the bundle is missing or damaged
  images lock [--env NAME] [--insecure-registry HOST[:PORT]]...
                                resolve source image digests into config/images.lock.json
                                (on a connected machine; --insecure-registry: plain HTTP)
  images create-repositories --env NAME [--timeout-seconds <s>]
                                create the missing repositories of an environment's ECR
                                registry (where the ECR API and AWS credentials are at hand)
  schema [--write]              print the JSON Schema of environment files (generated from the
                                zod schema); --write refreshes schemas/environment.schema.json
  cluster lookup --name <cluster> [--region <region>] [--timeout-seconds <s>]
                                cache the facts of an EKS cluster in config/clusters/<cluster>.json
`;

/** Runs one command and returns its exit code; never throws. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'synth':
        return await synthCommand(rest, io);
      case 'check':
        return await checkCommand(rest, io);
      case 'bundle':
        // A bundle of its own (lib/bundle-sign.js), loaded on demand: OpenPGP.js is a third of the CLI's size.
        if (rest[0] === 'sign') return await (require('./bundle-sign') as typeof import('./bundle-sign')).bundleSignCommand(rest.slice(1), io);
        return await bundleCommand(rest, io);
      case 'diff':
        return await diffCommand(rest, io);
      case 'init':
        return await initCommand(rest, io);
      case 'schema':
        return await schemaCommand(rest, io);
      case 'images':
        if (rest[0] === 'lock') return await imagesLockCommand(rest.slice(1), io);
        if (rest[0] === 'create-repositories') return await imagesRepositoriesCommand(rest.slice(1), io);
        throw new UserError(`images: unknown subcommand ${JSON.stringify(rest[0] ?? '')}; expected: images lock, images create-repositories (see --help)`);
      case 'cluster':
        // A bundle of its own (lib/cluster-lookup.js), loaded on demand: the AWS SDK would add a
        // quarter of a second to every other command.
        return await (require('./cluster-lookup') as typeof import('./cluster-lookup')).clusterCommand(rest, io);
      case undefined:
      case '--help':
      case 'help':
        io.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UserError(`unknown command ${JSON.stringify(command)}; expected one of: synth, check, diff, init, bundle, schema, images, cluster (see --help)`);
    }
  } catch (e) {
    return reportError(e, io);
  }
}

/** Prints one line for a user error; unexpected errors also get one line unless debugging. */
export function reportError(e: unknown, io: Io): number {
  if (isUserError(e)) {
    // Messages quote files and services: whatever they hold is printed escaped, on one line.
    io.stderr.write(`enterprise-flyte: ${printable(e.message)}\n`);
    return e.exitCode;
  }
  const env = io.env ?? process.env;
  const err = e as Error;
  const details = env.ENTERPRISE_FLYTE_DEBUG ? (err?.stack ? `\n${err.stack}` : '') : ' (set ENTERPRISE_FLYTE_DEBUG=1 for details)';
  io.stderr.write(`enterprise-flyte: internal error: ${printable(err?.message ?? String(e))}${details}\n`);
  return 1;
}

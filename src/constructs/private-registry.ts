import { Construct } from 'constructs';
import { DNS_SUBDOMAIN, ECR_HOST, matches, REGISTRY_LOCATION, registryPrefix, registryServer } from '../config/formats';
import { ImageReference } from '../images/reference';
import { assertProp, propsError } from './errors';

/**
 * How a source repository is named in the private registry.
 * - `path`: keep the source repository path under the new host
 *   (`cr.flyte.org/flyteorg/flyte-binary-release` -> `<host>/flyteorg/flyte-binary-release`,
 *   `docker.io/library/postgres` -> `<host>/library/postgres`).
 * - `flat`: keep only the last path element (`<host>/flyte-binary-release`, `<host>/postgres`).
 */
export type RepositoryMapping = 'path' | 'flat';

export interface PrivateRegistryProps {
  /**
   * Registry host and optional port, without scheme, optionally followed by a path prefix under
   * which every repository is created: `harbor.corp.example/flyte` (a Harbor project),
   * `artifactory.corp.example/docker-local` (an Artifactory repository key).
   */
  readonly host: string;
  /**
   * Name of the `kubernetes.io/dockerconfigjson` Secret that holds the pull credentials. The
   * Secret is created at deploy time from environment variables; it is never rendered.
   * @default - none: only for an ECR registry, which nodes pull from with their IAM role
   */
  readonly pullSecretName?: string;
  /**
   * @default 'path'
   */
  readonly mapping?: RepositoryMapping;
}

/**
 * A private registry that mirrors every image. Renders no object of its own: workloads ask it
 * for the mirrored name of each image and for the pull secrets to reference.
 */
export class PrivateRegistry extends Construct {
  /** As configured: `host[:port]` and the path prefix, if any. */
  public readonly host: string;
  /** `host[:port]` alone: what logins and pull Secrets name. */
  public readonly server: string;
  /** The path prefix of every repository; undefined without one. */
  public readonly prefix?: string;
  public readonly pullSecretName?: string;
  public readonly mapping: RepositoryMapping;
  private readonly sources = new Map<string, string>();

  constructor(scope: Construct, id: string, props: PrivateRegistryProps) {
    super(scope, id);
    assertProp(this, 'host', props.host, REGISTRY_LOCATION);
    this.server = registryServer(props.host);
    this.prefix = registryPrefix(props.host);
    if (props.pullSecretName === undefined) {
      if (!matches(ECR_HOST, this.server)) throw propsError(this, 'pullSecretName', `missing for ${JSON.stringify(props.host)}; expected one unless the host is ${ECR_HOST.allowed}`);
    } else {
      assertProp(this, 'pullSecretName', props.pullSecretName, DNS_SUBDOMAIN);
    }
    const mapping = props.mapping ?? 'path';
    if (mapping !== 'path' && mapping !== 'flat') {
      throw propsError(this, 'mapping', `${JSON.stringify(mapping)} is not allowed; expected "path" or "flat"`);
    }
    this.host = props.host;
    this.pullSecretName = props.pullSecretName;
    this.mapping = mapping;
  }

  /** The mirrored reference of `source`, keeping its tag and digest. */
  public mirror(source: ImageReference): ImageReference {
    const mapped = this.mapping === 'path' ? source.repository : source.repository.split('/').pop()!;
    const repository = this.prefix !== undefined ? `${this.prefix}/${mapped}` : mapped;
    const target = source.withName(this.server, repository);
    if (target.name.length > 255) throw propsError(this, undefined, `${target.name} is longer than the 255 characters a repository name may have; use a shorter host prefix or mapping "flat"`);
    const previous = this.sources.get(target.name);
    if (previous !== undefined && previous !== source.name) {
      throw propsError(this, undefined, `${previous} and ${source.name} would both be mirrored to ${target.name}; use mapping "path" or rename one source`);
    }
    this.sources.set(target.name, source.name);
    return target;
  }
}

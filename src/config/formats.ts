import { OPTIONS_ALLOWED, OPTIONS_PATTERN } from './database-options';

/**
 * Value formats shared by the environment schema, the construct validators and the Helm
 * `values.schema.json`. Patterns stay RE2-compatible (no look-around, no `\s`, which is wider in
 * JavaScript than in Go) because Helm checks them with Go's regexp engine.
 */
export interface Format {
  /** Anchored regular expression the value must match. */
  readonly pattern: RegExp;
  /** Longest allowed value, when the pattern does not bound it. */
  readonly maxLength?: number;
  /** What is allowed, phrased to complete "expected ...". */
  readonly allowed: string;
  /**
   * Values the pattern lets through but the format refuses: one matching `pattern` (and not
   * `unless`) is refused. Exported to values.schema.json as `not`, so Helm refuses them too.
   */
  readonly reject?: readonly Rejection[];
}

export interface Rejection {
  readonly pattern: RegExp;
  /** A value matching this too is not refused. @default - none */
  readonly unless?: RegExp;
}

/** True when one of the format's rejections refuses `value`. */
export function rejected(format: Format, value: string): boolean {
  return (format.reject ?? []).some((r) => r.pattern.test(value) && !(r.unless?.test(value) ?? false));
}

/** The format's rejections as JSON Schema (draft-07) keywords, for values.schema.json. */
export function rejectionSchema(format: Format): Record<string, unknown> {
  const rules = (format.reject ?? []).map((r) => ({
    not: r.unless ? { allOf: [{ pattern: r.pattern.source }, { not: { pattern: r.unless.source } }] } : { pattern: r.pattern.source },
  }));
  return rules.length > 0 ? { allOf: rules } : {};
}

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

export const DNS_LABEL: Format = {
  pattern: new RegExp(`^${LABEL}$`),
  maxLength: 63,
  allowed: 'a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
};

export const DNS_SUBDOMAIN: Format = {
  pattern: new RegExp(`^${LABEL}(\\.${LABEL})*$`),
  maxLength: 253,
  allowed: 'a DNS-1123 subdomain: lowercase labels of letters, digits and "-" separated by ".", at most 253 characters',
};

/** Service names are DNS-1035 labels; the release prefixes `-flyte-binary-webhook` (21 characters). */
export const RELEASE_NAME: Format = {
  pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
  maxLength: 42,
  allowed: 'a DNS-1035 label of at most 42 characters (lowercase letters, digits and "-", starting with a letter), so that "<release>-flyte-binary-webhook" stays a valid Service name',
};

const IPV4 = '((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';

// RFC 1123 2.1: a host name never has the dotted-decimal form #.#.#.#, so one that has it must be
// a valid IPv4 address ("10.0.0.256" is a typo, not a name).
const DOTTED_QUAD = /^[0-9]+(\.[0-9]+){3}$/;
const IPV4_ONLY = new RegExp(`^${IPV4}$`);

export const HOSTNAME: Format = {
  pattern: new RegExp(`^(${LABEL}(\\.${LABEL})*|${IPV4})$`),
  maxLength: 253,
  allowed: 'a lowercase DNS name or an IPv4 address',
  reject: [{ pattern: DOTTED_QUAD, unless: IPV4_ONLY }],
};

/** Kubernetes refuses an IP address as an Ingress host; a name with a numeric last label is no DNS name either. */
export const INGRESS_HOST: Format = {
  pattern: DNS_SUBDOMAIN.pattern,
  maxLength: 253,
  allowed: 'a DNS host name (lowercase labels of letters, digits and "-" separated by ".", at most 253 characters), not an IP address',
  reject: [{ pattern: /^([a-z0-9-]+\.)*[0-9]+$/ }],
};

/** Namespaces Kubernetes owns: relabelling them "restricted" or installing into them breaks the cluster. */
export const NAMESPACE: Format = {
  pattern: DNS_LABEL.pattern,
  maxLength: 63,
  allowed: `${DNS_LABEL.allowed}; not a system namespace ("default" or starting with "kube-")`,
  reject: [{ pattern: /^(default|kube-.*)$/ }],
};

const PORT = '([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';

export const REGISTRY_HOST: Format = {
  pattern: new RegExp(`^(${LABEL}(\\.${LABEL})*|${IPV4})(:${PORT})?$`),
  maxLength: 253,
  allowed: 'a registry host: a lowercase DNS name with a "." or a ":port" (1-65535), an IPv4 address, or localhost; no scheme or path (a single name such as "myteam" would be a Docker Hub namespace)',
  reject: [
    { pattern: /^[0-9]+(\.[0-9]+){3}(:[0-9]+)?$/, unless: new RegExp(`^${IPV4}(:[0-9]+)?$`) },
    // Docker's rule: the first path element is a registry only with ".", ":" or as "localhost".
    { pattern: /^[a-z0-9-]+$/, unless: /^localhost$/ },
  ],
};

// A repository path component of the distribution reference grammar.
const PATH_COMPONENT = '[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*';

/**
 * Where an environment mirrors its images: a registry host, optionally followed by a path prefix
 * under which every repository is created (a Harbor project, an Artifactory repository key, an
 * ECR namespace): `host[:port][/prefix[/...]]`.
 */
export const REGISTRY_LOCATION: Format = {
  pattern: new RegExp(`^(${LABEL}(\\.${LABEL})*|${IPV4})(:${PORT})?(/${PATH_COMPONENT})*$`),
  // Leaves room under the 255-character repository name limit for the images' own paths.
  maxLength: 200,
  allowed:
    'a registry "host[:port]" with an optional path prefix "host[:port]/project[/...]": a lowercase DNS name with a "." or a ":port" (1-65535), an IPv4 address, or localhost, then lowercase path components; no scheme (a first element such as "myteam" would be a Docker Hub namespace), and not Docker Hub itself (docker.io, index.docker.io, registry-1.docker.io): the mirror is a registry inside the network',
  reject: [
    { pattern: /^[0-9]+(\.[0-9]+){3}(:[0-9]+)?(\/.*)?$/, unless: new RegExp(`^${IPV4}(:[0-9]+)?(/.*)?$`) },
    // Docker's rule: the first path element is a registry only with ".", ":" or as "localhost".
    { pattern: /^[a-z0-9-]+(\/.*)?$/, unless: /^localhost(\/.*)?$/ },
    // Docker Hub under each of its names (distribution/reference's docker.io and index.docker.io,
    // the registry API's registry-1.docker.io, the web's hub.docker.com): a public registry outside
    // the network, which an air-gapped cluster cannot reach and a site must not push its images to.
    { pattern: /^((index|registry-1|registry\.hub|hub)\.)?docker\.(io|com)(:[0-9]+)?(\/.*)?$/ },
  ],
};

/** The `host[:port]` of a registry location: what credentials and logins are keyed by. */
export function registryServer(location: string): string {
  const slash = location.indexOf('/');
  return slash < 0 ? location : location.slice(0, slash);
}

/** The path prefix of a registry location, or undefined without one. */
export function registryPrefix(location: string): string | undefined {
  const slash = location.indexOf('/');
  return slash < 0 ? undefined : location.slice(slash + 1);
}

export const SECRET_KEY: Format = {
  pattern: /^[-._a-zA-Z0-9]+$/,
  maxLength: 253,
  allowed: 'a Secret data key: letters, digits, "-", "_" and ".", not "." and not starting with ".." (Kubernetes refuses those)',
  reject: [{ pattern: /^(\.|\.\..*)$/ }],
};

export const POSTGRES_IDENTIFIER: Format = {
  pattern: /^[A-Za-z_][A-Za-z0-9_$-]*$/,
  maxLength: 63,
  allowed: 'a PostgreSQL name: a letter or "_" followed by letters, digits, "_", "$" or "-", at most 63 characters',
};

/** libpq options from an allow-list, each key once (src/config/database-options.ts says why). */
export const POSTGRES_OPTIONS: Format = {
  pattern: OPTIONS_PATTERN,
  maxLength: 512,
  allowed: OPTIONS_ALLOWED,
};

export const S3_BUCKET: Format = {
  pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  allowed: 'an S3 bucket name: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, not an IP address, no "..", no "xn--", "sthree-" or "amzn-s3-demo-" prefix, no "-s3alias", "--ol-s3", "--x-s3", "--table-s3" or ".mrap" suffix',
  // Prefixes and suffixes AWS reserves for access points, directory and table buckets, examples.
  reject: [
    { pattern: /\.\./ },
    { pattern: /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/ },
    { pattern: /^(xn--|sthree-|amzn-s3-demo-)/ },
    { pattern: /(-s3alias|--ol-s3|--x-s3|--table-s3|\.mrap)$/ },
  ],
};

export const AWS_REGION: Format = {
  pattern: /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/,
  allowed: 'an AWS region code such as "us-east-1" or "us-gov-west-1"',
};

/** EKS CreateCluster rule for names; the name is also the file name of its cached facts. */
export const EKS_CLUSTER_NAME: Format = {
  pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
  maxLength: 100,
  allowed: 'an EKS cluster name: 1-100 letters, digits, "-" and "_", starting with a letter or digit',
};

export const IAM_ROLE_ARN: Format = {
  pattern: /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role\/([A-Za-z0-9+=,.@_-]+\/)*[A-Za-z0-9+=,.@_-]{1,64}$/,
  maxLength: 2048,
  allowed: 'an IAM role ARN: "arn:<partition>:iam::<12-digit account>:role/[<path>/]<name>"',
};

export const IMAGE_TAG: Format = {
  pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
  allowed: 'an image tag: 1-128 letters, digits, "_", "." or "-", not starting with "." or "-", and not "latest"',
  reject: [{ pattern: /^latest$/ }],
};

/** The Flyte version is both the image tag and the `app.kubernetes.io/version` label value. */
export const FLYTE_VERSION: Format = {
  pattern: /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/,
  allowed: 'a release tag that is also a label value: 1-63 letters, digits, "_", "." or "-", starting and ending with a letter or digit, and not "latest"',
  reject: [{ pattern: /^latest$/ }],
};

/** A Python minor version of flytekit's images (the "py3.12" of their tags). */
export const PYTHON_VERSION: Format = {
  pattern: /^3\.[0-9]{1,2}$/,
  allowed: 'a Python 3 minor version such as "3.12"',
};

/** A flytekit release (the part of its image tags after "py3.x-"). */
export const FLYTEKIT_VERSION: Format = {
  pattern: /^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}([a-z0-9.+-]{0,32})?$/,
  allowed: 'a flytekit release such as "1.16.8" or "1.16.0b1"',
};

export const QUANTITY: Format = {
  pattern: /^([0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/,
  maxLength: 32,
  allowed: 'a Kubernetes quantity such as "500m", "2", "512Mi" or "4Gi"',
};

export const DURATION: Format = {
  pattern: /^([0-9]+(ms|s|m|h))+$/,
  maxLength: 32,
  allowed: 'a duration such as "30s", "1m" or "1h30m"',
};

export const LABEL_VALUE: Format = {
  pattern: /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/,
  maxLength: 63,
  allowed: 'a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
};

export const LABEL_KEY: Format = {
  pattern: new RegExp(`^(${LABEL}(\\.${LABEL})*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`),
  maxLength: 317,
  allowed: 'a label or annotation key: an optional DNS subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" or "."',
};

export const CIDR: Format = {
  pattern: new RegExp(`^${IPV4}/([0-9]|[12][0-9]|3[0-2])$`),
  allowed: 'an IPv4 CIDR block such as "10.0.0.0/16"',
};

/** Returns true when `value` has the format. */
export function matches(format: Format, value: string): boolean {
  // The length first: no pattern ever sees more than maxLength characters.
  return (format.maxLength === undefined || value.length <= format.maxLength) && format.pattern.test(value) && !rejected(format, value);
}

/**
 * Throws a one-line error naming the property, the value and what is allowed.
 * Constructs call this so that misuse from code fails as clearly as a bad environment file.
 */
export function assertFormat(what: string, value: string, format: Format): void {
  if (typeof value !== 'string' || !matches(format, value)) {
    throw new Error(`${what}: ${JSON.stringify(value)} is not allowed; expected ${format.allowed}`);
  }
}

/** Asserts an integer TCP port. */
export function assertPort(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${what}: ${JSON.stringify(value)} is not allowed; expected an integer from 1 to 65535`);
  }
}

/** Project ids become namespace names "<project>-<domain>": a DNS label (the pair is checked too). */
export const FLYTE_PROJECT: Format = {
  pattern: new RegExp(`^${LABEL}$`),
  maxLength: 61,
  allowed: 'a project id: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 61 characters',
};

export const FLYTE_DOMAIN: Format = {
  pattern: new RegExp(`^${LABEL}$`),
  maxLength: 61,
  allowed: 'a domain id: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 61 characters',
};

export const TASK_TYPE: Format = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
  maxLength: 63,
  allowed: 'a task type such as "container_array": letters, digits, "_" and "-", at most 63 characters',
};

export const LOG_GROUP: Format = {
  pattern: /^[A-Za-z0-9._/#-]+$/,
  maxLength: 512,
  allowed: 'a CloudWatch log group name: 1-512 letters, digits, ".", "_", "/", "#" and "-"',
};

/** A link with Flyte's `{{ .var }}` placeholders; no quotes, backslashes or stray braces. */
export const LOG_TEMPLATE_URI: Format = {
  pattern: /^https?:\/\/([^ \t\n\r\f\v"'\\{}]|\{\{ ?\.[A-Za-z]+ ?\}\})+$/,
  maxLength: 2048,
  allowed: 'an http(s) link template whose only braces are Flyte placeholders such as "{{ .podName }}", without spaces or quotes elsewhere',
};

export const DISPLAY_NAME: Format = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9 ._()-]*$/,
  maxLength: 63,
  allowed: 'a link name: 1-63 letters, digits, spaces and "._()-", starting with a letter or digit',
};

/** Amazon ECR private registry hosts: nodes pull from them with their IAM role, no pull Secret. */
export const ECR_HOST: Format = {
  pattern: /^[0-9]{12}\.dkr\.ecr(-fips)?\.[a-z]{2}(-[a-z]+)+-[0-9]{1,2}\.amazonaws\.com(\.cn)?$/,
  maxLength: 253,
  allowed: 'an Amazon ECR host "<account>.dkr.ecr.<region>.amazonaws.com"',
};

/** Account and region of an ECR host; undefined for any other host. */
export function ecrRegistry(server: string): { readonly account: string; readonly region: string } | undefined {
  if (!matches(ECR_HOST, server)) return undefined;
  const [account, , , region] = server.split('.');
  return { account, region };
}

// A lowercase DNS host, a port of 1-65535 and a path without quotes, spaces, query or fragment.
const URL_HOST_PATH = `${LABEL}(\\.${LABEL})*(:${PORT})?(/[A-Za-z0-9._~%!$&()*+,;=:@/-]*)?`;

/** An OpenID Connect issuer or OAuth2 server: HTTPS, a DNS host, an optional port and path; no user, query or fragment. */
export const HTTPS_URL: Format = {
  pattern: new RegExp(`^https://${URL_HOST_PATH}$`),
  maxLength: 2048,
  allowed: 'an https URL with a lowercase DNS host, an optional port and path, and no user, query or fragment, for example "https://login.example.com/oauth2/default"',
};

/** Where a client may be sent back to (a loopback callback of a command-line tool, or a site). */
export const REDIRECT_URI: Format = {
  pattern: new RegExp(`^https?://${URL_HOST_PATH}$`),
  maxLength: 2048,
  allowed: 'an http(s) URL with a lowercase host, an optional port and path, and no user, query or fragment, for example "http://localhost:53593/callback"',
};

/** OAuth2 client ids and audiences: Okta ids, Entra GUIDs, "api://..." audiences. */
export const OAUTH_ID: Format = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._~:/@+-]*$/,
  maxLength: 255,
  allowed: 'an OAuth2 client id or audience: 1-255 letters, digits and "._~:/@+-", starting with a letter or digit',
};

/** OAuth2 scopes (RFC 6749 3.3), without spaces. */
export const OAUTH_SCOPE: Format = {
  pattern: /^[A-Za-z0-9._~:/@+-]+$/,
  maxLength: 255,
  allowed: 'an OAuth2 scope: 1-255 letters, digits and "._~:/@+-"',
};

/** An environment variable name (a C identifier, which every shell and Go's os.Getenv accept). */
export const ENV_NAME: Format = {
  pattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
  maxLength: 253,
  allowed: 'an environment variable name: letters, digits and "_", not starting with a digit',
};

/** An HTTPS endpoint: scheme and host (and port), no path, no user. */
export const HTTPS_ENDPOINT: Format = {
  pattern: /^https:\/\/[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]{1,5})?$/,
  maxLength: 253,
  allowed: 'an https:// URL of a host name and optional port, without path or user (for example "https://bucket.vpce-0a1b2c3d.s3.us-east-1.vpce.amazonaws.com")',
};

/** A forward proxy URL: http or https, host name or IPv4 address, port, no user (credentials belong in a Secret). */
export const PROXY_URL: Format = {
  pattern: /^https?:\/\/[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?\/?$/,
  maxLength: 253,
  allowed: 'a proxy URL "http://host:port" or "https://host:port", without user or password (for example "http://proxy.corp.example:3128")',
};

/** One NO_PROXY entry as Go's net/http reads it: a host, a ".domain" suffix, an IP address or a CIDR. */
export const NO_PROXY_ENTRY: Format = {
  pattern: /^(\.?[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?|[0-9a-fA-F]+[:.][0-9a-fA-F:.]*[0-9a-fA-F](\/[0-9]{1,3})?)$/,
  maxLength: 253,
  allowed: 'a NO_PROXY entry: a host name, a ".domain" suffix, an IP address or a CIDR block (for example ".corp.example" or "10.100.0.0/16")',
};

/** The fingerprint of a version 4 OpenPGP key, as `gpg --list-keys` prints it (Helm verifies version 4 keys only). */
export const OPENPGP_FINGERPRINT: Format = {
  pattern: /^[0-9A-F]{40}$/,
  allowed: 'the fingerprint of an OpenPGP (version 4) key: 40 uppercase hex digits without spaces, as "gpg --list-keys" prints it',
};

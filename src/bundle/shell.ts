import { DURATION, matches } from '../config/formats';

/**
 * Exit codes of the bundle's scripts; documented in their `--help`, in the bundle's README and
 * in the project README. Each failure class has its own code so that automation can tell them apart.
 */
export const SCRIPT_EXIT = {
  /** A bad option or a missing required option. */
  USAGE: 2,
  /** SHA256SUMS is missing or a file does not match it. */
  CHECKSUM: 3,
  /** A required program is not installed. */
  TOOL: 4,
  /** A registry credentials variable is not set. */
  CREDENTIALS: 5,
  /** kubectl has no current context, or it is not the expected one. */
  CONTEXT: 6,
  /** The namespace, the pull Secret or the database Secret step failed. */
  PREPARE: 7,
  /** `helm upgrade --install` failed (and `--atomic` rolled the release back). */
  HELM: 8,
  /** verify.sh: the Flyte pods did not become Ready in time. */
  PODS: 9,
  /** verify.sh: an expected Service is missing. */
  SERVICE: 10,
  /** verify.sh: `/healthcheck` did not answer through the port-forward. */
  HEALTH: 11,
  /** deploy.sh: the `--verify-key` file is not one readable public key, or not the pinned one. */
  KEY: 12,
  /** deploy.sh: SHA256SUMS.asc or the chart's provenance file is missing. */
  SIGNATURE_MISSING: 13,
  /** deploy.sh: the signature does not match SHA256SUMS (either was changed), or is not one. */
  SIGNATURE_BAD: 14,
  /** deploy.sh: SHA256SUMS was signed by another key than the verifying one. */
  SIGNER: 15,
  /** deploy.sh: the signature expired, or the key expired or was revoked. */
  SIGNATURE_EXPIRED: 16,
  /** deploy.sh: `helm verify` refused the chart's provenance file. */
  PROVENANCE: 17,
  /** verify.sh: the REST gateway (`/api/v1/projects`) did not give Flyte's answer. */
  GATEWAY: 18,
  /** verify.sh: the gRPC port did not answer a gRPC health check. */
  GRPC: 19,
  /** deploy.sh: helm or kubectl is older than the oldest supported version (src/bundle/client-versions.ts). */
  CLIENT: 20,
} as const;

/** Values written into scripts unquoted must be made of these characters only. */
const SHELL_WORD = /^[A-Za-z0-9_./:@%+=,-]+$/;

/**
 * Throws unless `value` can be written into a script as a bare shell word. Every value comes
 * from a validated environment, so this only catches a caller's mistake.
 */
export function assertShellWord(what: string, value: string): void {
  if (typeof value !== 'string' || !SHELL_WORD.test(value)) {
    throw new Error(`${what}: ${JSON.stringify(value)} is not allowed in a script; expected letters, digits and _./:@%+=,-`);
  }
}

/** Throws unless `value` is a duration both the scripts and kubectl/helm accept. */
export function assertDuration(what: string, value: string): void {
  if (!matches(DURATION, value)) throw new Error(`${what}: ${JSON.stringify(value)} is not allowed; expected ${DURATION.allowed}`);
}

/** The duration pattern, for bash's `[[ =~ ]]` (POSIX ERE: the same syntax as the JS source). */
export const BASH_DURATION_PATTERN = DURATION.pattern.source;

/**
 * Bash functions every script shares: `die CODE MESSAGE` and `show_cmd WORD...`, which prints
 * a command line that can be pasted into a shell (bare words where safe, `printf %q` otherwise).
 */
export function commonFunctions(script: string): string {
  return `die() {
  printf '${script}: %s\\n' "$2" >&2
  exit "$1"
}

show_cmd() {
  local line='' word
  for word in "$@"; do
    if [[ $word =~ ^[A-Za-z0-9_./:@%+=,-]+$ ]]; then
      line+="\${line:+ }$word"
    else
      line+="\${line:+ }$(printf '%q' "$word")"
    fi
  done
  printf '%s' "$line"
}
`;
}

export interface ContextCheckOptions {
  /** Name of the environment, for messages. */
  readonly environment: string;
  /**
   * EKS cluster the current context must point at.
   * @default - none: `--context` is required
   */
  readonly expectedCluster?: string;
}

/**
 * The line, run after option parsing, that insists on `--context` when the environment names no
 * cluster to compare with; empty when it does.
 */
export function requireContextLine(options: ContextCheckOptions): string {
  if (options.expectedCluster) return '';
  return `[ -n "$CONTEXT" ] || die ${SCRIPT_EXIT.USAGE} "--context NAME is required: environment ${options.environment} names no EKS cluster (eks.cluster), so name the kubectl context of the target cluster"\n`;
}

/**
 * Bash function `check_context`: the current kubectl context must be `$CONTEXT` when that is set,
 * and point at `$EXPECTED_CLUSTER` when the environment names one. Prints the context (and cluster)
 * for the progress line; call it as `info=$(check_context) || exit $?`.
 * `kubectl config` reads the kubeconfig only, so this needs no cluster.
 */
export function contextFunction(options: ContextCheckOptions): string {
  const code = SCRIPT_EXIT.CONTEXT;
  // aws eks update-kubeconfig names the cluster entry by its ARN, ".../cluster/<name>".
  const clusterCheck = options.expectedCluster
    ? `  local cluster
  cluster=$("$KUBECTL" config view --minify -o 'jsonpath={.contexts[0].context.cluster}' 2>/dev/null) || cluster=''
  case "$cluster" in
    "$EXPECTED_CLUSTER" | *":cluster/$EXPECTED_CLUSTER") ;;
    *) die ${code} "kubectl context \\"$current\\" points at cluster \\"$cluster\\", not at EKS cluster \\"$EXPECTED_CLUSTER\\"; switch with: kubectl config use-context NAME" ;;
  esac
  printf '%s (cluster %s)\\n' "$current" "$cluster"
`
    : `  printf '%s\\n' "$current"
`;
  return `check_context() {
  local current
  current=$("$KUBECTL" config current-context 2>/dev/null) || die ${code} "kubectl has no current context; select the target cluster with: kubectl config use-context NAME"
  if [ -n "$CONTEXT" ] && [ "$current" != "$CONTEXT" ]; then
    die ${code} "current kubectl context is \\"$current\\", expected \\"$CONTEXT\\"; switch with: kubectl config use-context $CONTEXT"
  fi
${clusterCheck}}
`;
}

/** The `--context` line of a script's help: required unless the environment names its EKS cluster. */
export function contextHelp(environment: string, expectedCluster: string | undefined): string {
  return expectedCluster
    ? `the kubectl context that must be current (optional: the current
                      context must point at EKS cluster ${expectedCluster} in any case)`
    : `the kubectl context that must be current (required: environment
                      ${environment} names no EKS cluster)`;
}

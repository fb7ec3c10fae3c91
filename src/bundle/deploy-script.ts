import { POD_SECURITY_LABELS } from '../constructs/restricted-namespace';
import { compareStrings } from '../synth/compare';
import {
  assertDuration, assertShellWord, BASH_DURATION_PATTERN, commonFunctions, contextFunction, contextHelp, requireContextLine,
  SCRIPT_EXIT,
} from './shell';
import { signatureFunctions, verifyKeyHelp } from './signature-check';
import { clientName, clientVersionChecks, OLDEST_HELM, OLDEST_KUBECTL } from './client-versions';

export interface DeployRegistry {
  /** Registry host (and port) the images are pulled from. */
  readonly host: string;
  /**
   * Name of the `kubernetes.io/dockerconfigjson` Secret the pods pull with.
   * @default - none: nodes pull with their IAM role (ECR); no credentials step
   */
  readonly pullSecret?: string;
}

/** The project-domain namespaces whose task pods pull with the pull Secret. */
export interface DeployTaskNamespaces {
  readonly names: readonly string[];
  /** Their Pod Security labels (flyteadmin's template sets the same ones). */
  readonly labels: Readonly<Record<string, string>>;
}

export interface DeployScriptProps {
  /** Environment name, for messages. */
  readonly environment: string;
  /** Bundle version, for messages. */
  readonly version: string;
  /** Helm release name. */
  readonly release: string;
  readonly namespace: string;
  /** Path of the packaged chart, relative to the bundle folder (`chart/<name>-<version>.tgz`). */
  readonly chart: string;
  /**
   * Path of the Namespace manifest inside the bundle, applied to create (or update) the namespace.
   * @default - none: the namespace is created with `kubectl create namespace` and labelled for
   * the "restricted" Pod Security Standard
   */
  readonly namespaceManifest?: string;
  /**
   * Private registry: the script creates or updates the pull Secret from REGISTRY_USERNAME and
   * REGISTRY_PASSWORD.
   * @default - none: no credentials are needed and no pull Secret is created
   */
  readonly registry?: DeployRegistry;
  /**
   * Project-domain namespaces that get a copy of the pull Secret (created when missing, with
   * their labels), so that task pods pull through their `default` ServiceAccount.
   * @default - none
   */
  readonly taskNamespaces?: DeployTaskNamespaces;
  /**
   * Secret that must already hold the database password under `key`, non-empty; the script refuses
   * to install before it does, instead of letting the pod wait for it until the Helm timeout.
   * @default - not checked (for example when an ExternalSecret creates it)
   */
  readonly databaseSecret?: { readonly name: string; readonly key: string };
  /**
   * More Secrets an operator creates before deploying (the auth client secrets), each checked like
   * the database Secret: readable, with the key present and non-empty.
   * @default - none
   */
  readonly requiredSecrets?: ReadonlyArray<{ readonly name: string; readonly key: string; readonly what: string }>;
  /**
   * ConfigMaps and Secrets the pod mounts CA bundles from: each must exist with the key set and
   * non-empty before the install (a missing one keeps the pod from starting until the Helm timeout).
   * @default - none
   */
  readonly caBundles?: readonly DeployFileSource[];
  /**
   * ConfigMaps and Secrets of the release namespace copied, under the same name and key, into every
   * project-domain namespace (the CA bundle the default PodTemplate mounts into task pods: a pod
   * mounts only what its own namespace holds). Each is one of `caBundles`, checked before.
   * @default - none
   */
  readonly taskFiles?: readonly DeployFileSource[];
  /**
   * Every file SHA256SUMS must list, exactly (the bundle's files except SHA256SUMS itself).
   * A SHA256SUMS that lists any other set, or has a malformed line, is refused.
   */
  readonly files: readonly string[];
  /**
   * EKS cluster name the current kubectl context must point at.
   * @default - none: the operator must name the context with `--context`
   */
  readonly expectedCluster?: string;
  /**
   * Fingerprint of the key that must have signed the bundle (the environment's
   * `signing.keyFingerprint`): `--verify-key` becomes mandatory and must be that key.
   * @default - none: the signature is checked only when `--verify-key` is given
   */
  readonly pinnedFingerprint?: string;
  /**
   * How long `helm upgrade --wait` waits, unless `--timeout` says otherwise.
   * @default '10m'
   */
  readonly timeout?: string;
}

/** A file the pod mounts from an operator's ConfigMap or Secret. */
export interface DeployFileSource {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly key: string;
  /** What the file is, for the messages: "CA bundle", "database CA bundle". */
  readonly what: string;
}

/**
 * `deploy.sh` of the offline bundle: checks the bundle's checksums, the tools, the registry
 * credentials and the kubectl context, then creates the namespace and the pull Secret and runs
 * `helm upgrade --install --wait` with `--atomic` (Helm 3) or `--rollback-on-failure` (Helm 4). With `--dry-run` it runs every check and prints the
 * commands instead of running them.
 */
export function deployScript(props: DeployScriptProps): string {
  const files = checkProps(props);
  const timeout = props.timeout ?? '10m';
  const pulled = props.registry;
  // Only a pull Secret needs credentials; an ECR registry is pulled with the nodes' IAM role.
  const reg = pulled?.pullSecret !== undefined ? (pulled as Required<DeployRegistry>) : undefined;
  const E = SCRIPT_EXIT;
  const taskFiles = props.taskFiles ?? [];
  const taskNamespaces = reg || taskFiles.length > 0 ? props.taskNamespaces?.names ?? [] : [];
  const settings = settingsLines(props, reg, taskNamespaces, files);
  const namespaceStep = props.namespaceManifest
    ? `run ${E.PREPARE} "creating namespace $NAMESPACE failed; see the kubectl error above" "$KUBECTL" apply -f "$NAMESPACE_MANIFEST"`
    : `ensure_namespace "$NAMESPACE" ${labelWords(POD_SECURITY_LABELS)}`;
  const needsEnsure = !props.namespaceManifest || taskNamespaces.length > 0;
  const secretStep = reg ? PULL_SECRET_STEP : '';
  const taskStep = taskNamespaces.length > 0 ? taskNamespacesStep(taskFiles, reg !== undefined) : '';
  const keyStep = keyChecksStep(props);

  return `#!/usr/bin/env bash
# deploy.sh: installs or upgrades Flyte for environment ${props.environment} from this offline bundle
# (enterprise-flyte ${props.version}). Generated by enterprise-flyte; run ./deploy.sh --help.
set -euo pipefail

${settings}
HELM=\${HELM:-helm}
KUBECTL=\${KUBECTL:-kubectl}

${usageFunction(props, { reg, taskNamespaces, timeout })}

${commonFunctions('deploy.sh')}
${RUN_FUNCTION}
${contextFunction({ environment: props.environment, expectedCluster: props.expectedCluster })}
${signatureFunctions({ environment: props.environment, pinnedFingerprint: props.pinnedFingerprint })}
${optionParsing(props, timeout)}${checksumStep()}

${toolsStep()}

# 3. Registry credentials come from the environment, never from the bundle.
${credentialsStep(pulled, reg)}

# 4. The cluster: the current kubectl context.
context_info=$(check_context) || exit $?
echo "[4/5] kubectl context: $context_info"

# 5. The changes.
if $DRY_RUN; then
  echo "[5/5] plan (dry run: these commands are printed, not run):"
else
  echo "[5/5] deploying:"
fi
${needsEnsure ? ENSURE_NAMESPACE : ''}${namespaceStep}
${secretStep}${keyStep}${taskStep}run ${E.HELM} "helm upgrade --install failed and $ROLLBACK_FLAG undid it; see the helm error above" "$HELM" upgrade --install "$RELEASE" "$CHART" -n "$NAMESPACE" "$ROLLBACK_FLAG" --wait --timeout "$TIMEOUT" \${helm_verify[@]+"\${helm_verify[@]}"}

if $DRY_RUN; then
  echo "deploy.sh: dry run passed every check; nothing was changed"
else
  echo "deploy.sh: release $RELEASE is deployed in namespace $NAMESPACE; check it with ./verify.sh"
fi
`;
}

/** Refuses props a shell script cannot carry safely; returns the bundle's files, sorted. */
function checkProps(props: DeployScriptProps): string[] {
  assertShellWord('deploy script environment', props.environment);
  assertShellWord('deploy script version', props.version);
  assertShellWord('deploy script release', props.release);
  assertShellWord('deploy script namespace', props.namespace);
  assertShellWord('deploy script chart', props.chart);
  if (props.namespaceManifest !== undefined) assertShellWord('deploy script namespaceManifest', props.namespaceManifest);
  if (props.registry) {
    assertShellWord('deploy script registry.host', props.registry.host);
    if (props.registry.pullSecret !== undefined) assertShellWord('deploy script registry.pullSecret', props.registry.pullSecret);
  }
  for (const ns of props.taskNamespaces?.names ?? []) assertShellWord('deploy script taskNamespaces', ns);
  for (const [k, v] of Object.entries(props.taskNamespaces?.labels ?? {})) assertShellWord('deploy script taskNamespaces label', `${k}=${v}`);
  if (props.databaseSecret !== undefined) {
    assertShellWord('deploy script databaseSecret.name', props.databaseSecret.name);
    assertShellWord('deploy script databaseSecret.key', props.databaseSecret.key);
  }
  for (const r of props.requiredSecrets ?? []) {
    assertShellWord('deploy script requiredSecrets name', r.name);
    assertShellWord('deploy script requiredSecrets key', r.key);
    if (!/^[A-Za-z0-9 ()._-]+$/.test(r.what)) throw new Error(`deploy script requiredSecrets what: ${JSON.stringify(r.what)} is not allowed; expected words of letters, digits, spaces and "()._-"`);
  }
  for (const source of [...(props.caBundles ?? []), ...(props.taskFiles ?? [])]) {
    assertShellWord('deploy script caBundles name', source.name);
    assertShellWord('deploy script caBundles key', source.key);
    if (!/^[A-Za-z ]+$/.test(source.what)) throw new Error(`deploy script caBundles what: ${JSON.stringify(source.what)} is not allowed; expected letters and spaces`);
  }
  if (props.files.length === 0) throw new Error('deploy script files: expected the bundle\'s file list');
  for (const file of props.files) assertShellWord('deploy script files', file);
  const files = [...props.files].sort(compareStrings);
  if (files.includes('SHA256SUMS') || new Set(files).size !== files.length) {
    throw new Error('deploy script files: expected distinct paths without SHA256SUMS');
  }
  if (props.expectedCluster !== undefined) assertShellWord('deploy script expectedCluster', props.expectedCluster);
  if (props.pinnedFingerprint !== undefined && !/^[0-9A-F]{40}$/.test(props.pinnedFingerprint)) {
    throw new Error(`deploy script pinnedFingerprint: ${JSON.stringify(props.pinnedFingerprint)} is not allowed; expected 40 uppercase hex digits`);
  }
  assertDuration('deploy script timeout', props.timeout ?? '10m');
  return files;
}

const labelWords = (labels: Readonly<Record<string, string>>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(' ');

/** The script's settings: release, namespace, chart, registry, task namespaces, cluster, key, files. */
function settingsLines(props: DeployScriptProps, reg: Required<DeployRegistry> | undefined, taskNamespaces: readonly string[], files: readonly string[]): string {
  return [
    `readonly RELEASE=${props.release}`,
    `readonly NAMESPACE=${props.namespace}`,
    `readonly CHART=${props.chart}`,
    ...(props.namespaceManifest ? [`readonly NAMESPACE_MANIFEST=${props.namespaceManifest}`] : []),
    ...(reg ? [`readonly REGISTRY_HOST=${reg.host}`, `readonly PULL_SECRET=${reg.pullSecret}`] : []),
    ...(taskNamespaces.length > 0
      ? [`readonly TASK_NAMESPACES=(${taskNamespaces.join(' ')})`, `readonly TASK_NAMESPACE_LABELS=(${labelWords(props.taskNamespaces!.labels)})`]
      : []),
    ...(props.expectedCluster ? [`readonly EXPECTED_CLUSTER=${props.expectedCluster}`] : []),
    ...(props.pinnedFingerprint ? [`# The only key whose signature is accepted (signing.keyFingerprint).`, `readonly PINNED_FINGERPRINT=${props.pinnedFingerprint}`] : []),
    `# Exactly the files SHA256SUMS lists, sorted.`,
    `readonly EXPECTED_FILES='${files.join('\n')}'`,
  ].join('\n');
}

interface UsageFacts {
  readonly reg?: Required<DeployRegistry>;
  readonly taskNamespaces: readonly string[];
  readonly timeout: string;
}

/** usage(): what the script does, its options, environment and exit codes. */
function usageFunction(props: DeployScriptProps, { reg, taskNamespaces, timeout }: UsageFacts): string {
  const contextLine = contextHelp(props.environment, props.expectedCluster);
  const credentialsHelp = reg
    ? `  REGISTRY_USERNAME, REGISTRY_PASSWORD
                      credentials for ${reg.host} (required; never read from a file)
`
    : '';
  return `usage() {
  cat <<'EOF'
usage: ./deploy.sh [--dry-run] [--timeout DURATION] [--context NAME] [--verify-key FILE] [--help]

Installs or upgrades the Helm release ${props.release} in namespace ${props.namespace} (environment
${props.environment}, bundle ${props.version}). Checks, in order: the files against SHA256SUMS, helm
(${clientName('helm', OLDEST_HELM)} or later, Helm 4 included) and kubectl (${clientName('kubectl', OLDEST_KUBECTL)} or later), the registry credentials, the
kubectl context. Then creates the namespace and the image pull Secret${taskNamespaces.length > 0 ? ' (also in each project-domain namespace)' : ''} and runs
helm upgrade --install --wait, with --rollback-on-failure (Helm 4) or --atomic (Helm 3).
${props.pinnedFingerprint ? 'First of all' : 'With --verify-key, first'} it checks the signature of SHA256SUMS and, with helm verify, the
chart's provenance${props.pinnedFingerprint ? ` (required: only a bundle signed by key ${props.pinnedFingerprint} deploys)` : ''}.

options:
  --dry-run           run every check, then print the commands instead of running them
  --timeout DURATION  how long helm waits for the release to be ready (default ${timeout})
  --context NAME      ${contextLine}
  --verify-key FILE   ${verifyKeyHelp(props.environment, props.pinnedFingerprint)}
  --help              show this text

environment:
${credentialsHelp}  HELM, KUBECTL       the helm and kubectl programs (default: helm, kubectl on PATH)

exit codes:
  0 done (or dry run passed)     5 a credentials variable is not set
  2 bad or missing option        6 wrong or no kubectl context
  3 checksum mismatch            7 namespace or Secret step failed
  4 a program is missing         8 helm upgrade failed (undone)
  12 --verify-key: not one public key, or not the pinned one
  13 SHA256SUMS.asc or the chart's .prov missing
  14 the signature does not match SHA256SUMS (either changed)
  15 signed by another key    16 key or signature expired, key revoked
  17 helm verify refused the chart's provenance
  20 helm or kubectl is older than the oldest supported version
EOF
}`;
}

/** run CODE MESSAGE COMMAND...: prints the command, then runs it unless --dry-run. */
const RUN_FUNCTION = `# run CODE MESSAGE COMMAND...: prints the command (runnable as printed), then runs it unless
# --dry-run; exits with CODE and MESSAGE when it fails.
run() {
  local code=$1 message=$2
  shift 2
  if $DRY_RUN; then
    show_cmd "$@"
    echo
    return 0
  fi
  echo "+ $(show_cmd "$@")"
  "$@" || die "$code" "$message"
}
`;

/** The options, then the bundle folder as the working directory. */
function optionParsing(props: DeployScriptProps, timeout: string): string {
  const E = SCRIPT_EXIT;
  return `DRY_RUN=false
TIMEOUT=${timeout}
CONTEXT=''
VERIFY_KEY=''
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=true ;;
    --timeout) [ $# -ge 2 ] || die ${E.USAGE} "--timeout needs a value such as 10m"; TIMEOUT=$2; shift ;;
    --timeout=*) TIMEOUT=\${1#*=} ;;
    --context) [ $# -ge 2 ] || die ${E.USAGE} "--context needs a kubectl context name"; CONTEXT=$2; shift ;;
    --context=*) CONTEXT=\${1#*=} ;;
    --verify-key) [ $# -ge 2 ] || die ${E.USAGE} "--verify-key needs a file: the public key that signed the bundle"; VERIFY_KEY=$2; shift ;;
    --verify-key=*) VERIFY_KEY=\${1#*=} ;;
    -h | --help) usage; exit 0 ;;
    *) die ${E.USAGE} "unknown option $1; see ./deploy.sh --help" ;;
  esac
  shift
done
[[ $TIMEOUT =~ ${BASH_DURATION_PATTERN} ]] || die ${E.USAGE} "--timeout: \\"$TIMEOUT\\" is not a duration; expected one such as 10m, 90s or 1h30m"
${requireContextLine({ environment: props.environment, expectedCluster: props.expectedCluster })}${props.pinnedFingerprint ? `[ -n "$VERIFY_KEY" ] || die ${E.USAGE} "--verify-key FILE is required: environment ${props.environment} only deploys a bundle signed by key $PINNED_FINGERPRINT; pass that key's public key (see README.md)"
` : ''}# The key is named relative to where the script was started.
case $VERIFY_KEY in '' | /*) ;; *) VERIFY_KEY="$PWD/$VERIFY_KEY" ;; esac
# Every path below is relative to the bundle folder.
cd "$(dirname "\${BASH_SOURCE[0]}")"
mode=''
if $DRY_RUN; then mode=' (dry run)'; fi
echo "deploy.sh: environment ${props.environment}, bundle ${props.version}: release $RELEASE in namespace $NAMESPACE$mode"

`;
}

/** Step 1: the signature (with a key), then SHA256SUMS: exactly the bundle's files, each matching. */
function checksumStep(): string {
  const E = SCRIPT_EXIT;
  return `# 1. The bundle is what was built: nothing damaged or changed on the way (and, with a key, signed by it).
signed_by=''
if [ -n "$VERIFY_KEY" ]; then verify_signature; fi
command -v sha256sum >/dev/null 2>&1 || die ${E.TOOL} "sha256sum not found on PATH; install GNU coreutils"
[ -f SHA256SUMS ] || die ${E.CHECKSUM} "SHA256SUMS not found in $PWD; run deploy.sh from the unpacked bundle"
# Every line must be well formed and the list must be exactly the bundle's files: sha256sum alone
# skips malformed lines, and would accept a list with a file left out.
sum_line='^[0-9a-f]{64}  ([A-Za-z0-9_./:@%+=,-]+)$'
listed=''
line_no=0
while IFS= read -r line || [ -n "$line" ]; do
  line_no=$((line_no + 1))
  [[ $line =~ $sum_line ]] ||
    die ${E.CHECKSUM} "SHA256SUMS line $line_no is malformed; the bundle was damaged or changed after it was built; refusing to deploy"
  listed+="\${BASH_REMATCH[1]}"$'\n'
done <SHA256SUMS
[ "$listed" = "$EXPECTED_FILES"$'\n' ] ||
  die ${E.CHECKSUM} "SHA256SUMS does not list exactly the files of this bundle; the bundle was damaged or changed after it was built; refusing to deploy"
if ! sums=$(sha256sum -c --strict --quiet SHA256SUMS 2>&1); then
  bad=()
  while IFS= read -r line; do
    case "$line" in *': FAILED'*) bad+=("\${line%%: FAILED*}") ;; esac
  done <<<"$sums"
  [ \${#bad[@]} -gt 0 ] || bad=("SHA256SUMS (unreadable)")
  die ${E.CHECKSUM} "checksum mismatch: \${bad[*]}; the bundle was damaged or changed after it was built; refusing to deploy"
fi
echo "[1/5] checksums: $(grep -c '' SHA256SUMS) files match SHA256SUMS$signed_by"`;
}

/** Step 2: helm and kubectl, their versions, and the chart's provenance (with a key). */
function toolsStep(): string {
  const E = SCRIPT_EXIT;
  return `# 2. The programs.
command -v "$HELM" >/dev/null 2>&1 || die ${E.TOOL} "helm not found (\\"$HELM\\"); install Helm 4 (or ${clientName('helm', OLDEST_HELM)} or later) or set HELM=/path/to/helm"
command -v "$KUBECTL" >/dev/null 2>&1 || die ${E.TOOL} "kubectl not found (\\"$KUBECTL\\"); install kubectl or set KUBECTL=/path/to/kubectl"
${clientVersionChecks()}provenance_note=''
helm_verify=()
if [ -n "$VERIFY_KEY" ]; then
  verify_provenance
  helm_verify=(--verify --keyring "$VERIFY_KEY")
fi
echo "[2/5] tools: $HELM $helm_version, $KUBECTL $kubectl_version$provenance_note"`;
}

/** Step 3: the registry credentials, from the environment only. */
function credentialsStep(pulled: DeployRegistry | undefined, reg: Required<DeployRegistry> | undefined): string {
  const E = SCRIPT_EXIT;
  return reg
    ? `[ -n "\${REGISTRY_USERNAME:-}" ] || die ${E.CREDENTIALS} "REGISTRY_USERNAME is not set; export the user name for $REGISTRY_HOST (credentials are never read from the bundle)"
[ -n "\${REGISTRY_PASSWORD:-}" ] || die ${E.CREDENTIALS} "REGISTRY_PASSWORD is not set; export the password or token for $REGISTRY_HOST (credentials are never read from the bundle)"
echo "[3/5] credentials: REGISTRY_USERNAME and REGISTRY_PASSWORD are set"`
    : pulled
      ? `echo "[3/5] credentials: none needed (nodes pull from ${pulled.host} with their IAM role)"`
      : `echo "[3/5] credentials: none needed (no private registry)"`;
}

/** ensure_namespace NAME LABEL...: creates a namespace when it is missing, then labels it. */
const ENSURE_NAMESPACE = `# ensure_namespace NAME LABEL...: prints or runs "get || create", then the labels.
ensure_namespace() {
  local ns=$1
  shift
  local ns_get=("$KUBECTL" get namespace "$ns")
  local ns_create=("$KUBECTL" create namespace "$ns")
  local shown
  shown="$(show_cmd "\${ns_get[@]}") >/dev/null 2>&1 || $(show_cmd "\${ns_create[@]}")"
  if $DRY_RUN; then
    echo "$shown"
  else
    echo "+ $shown"
    "\${ns_get[@]}" >/dev/null 2>&1 || "\${ns_create[@]}" || die ${SCRIPT_EXIT.PREPARE} "creating namespace $ns failed; see the kubectl error above"
  fi
  run ${SCRIPT_EXIT.PREPARE} "labelling namespace $ns failed; see the kubectl error above" "$KUBECTL" label --overwrite namespace "$ns" "$@"
}
`;

/** The pull Secret, from REGISTRY_USERNAME and REGISTRY_PASSWORD, in the release namespace. */
const PULL_SECRET_STEP = `
# The credentials reach kubectl on standard input: never in a command line, which \`ps\` shows to
# other users, nor in a file. printf is a shell builtin and base64 reads them from a pipe.
docker_config_json() {
  local auth
  auth="$(printf '%s:%s' "$REGISTRY_USERNAME" "$REGISTRY_PASSWORD" | base64 | tr -d '\\n')"
  printf '{"auths":{"%s":{"auth":"%s"}}}' "$REGISTRY_HOST" "$auth"
}
# apply_pull_secret NAMESPACE: the pull Secret, built client-side and applied from standard input.
apply_pull_secret() {
  local secret_create=("$KUBECTL" create secret generic "$PULL_SECRET" --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=/dev/stdin -n "$1" --dry-run=client -o yaml)
  local secret_apply=("$KUBECTL" apply -f -)
  local shown
  shown="<.dockerconfigjson for $REGISTRY_HOST from REGISTRY_USERNAME and REGISTRY_PASSWORD> | $(show_cmd "\${secret_create[@]}") | $(show_cmd "\${secret_apply[@]}")"
  if $DRY_RUN; then
    echo "$shown"
  else
    echo "+ $shown"
    docker_config_json | "\${secret_create[@]}" | "\${secret_apply[@]}" ||
      die ${SCRIPT_EXIT.PREPARE} "creating the pull Secret $PULL_SECRET in namespace $1 failed; see the kubectl error above"
  fi
}
apply_pull_secret "$NAMESPACE"
`;

/**
 * The database password, the auth Secrets and the CA bundles must be in place before the
 * install. The template prints "set", never the content: no value reaches the script.
 */
function keyChecksStep(props: DeployScriptProps): string {
  const E = SCRIPT_EXIT;
  const keyChecks = [
    ...(props.databaseSecret ? [{ kind: 'Secret', name: props.databaseSecret.name, key: props.databaseSecret.key, what: 'database password', content: 'password' }] : []),
    ...(props.requiredSecrets ?? []).map((r) => ({ kind: 'Secret', name: r.name, key: r.key, what: r.what, content: 'value' })),
    ...(props.caBundles ?? []).map((c) => ({ kind: c.kind, name: c.name, key: c.key, what: c.what, content: 'PEM certificates' })),
  ];
  return keyChecks.length > 0
    ? `# check_key KIND NAME KEY WHAT CONTENT: the ConfigMap or Secret is readable and KEY is present and non-empty.
check_key() {
  local check=("$KUBECTL" get "$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')" "$2" -n "$NAMESPACE" -o "go-template={{with index .data \\"$3\\"}}set{{end}}")
  if $DRY_RUN; then
    show_cmd "\${check[@]}"
    echo
    return
  fi
  echo "+ $(show_cmd "\${check[@]}")"
  local state
  state=$("\${check[@]}") || die ${E.PREPARE} "the $4 $1 $2 is not readable in namespace $NAMESPACE; create it before deploying (see README.md)"
  [ "$state" = set ] || die ${E.PREPARE} "the $4 $1 $2 in namespace $NAMESPACE has no key $3, or it is empty; put the $5 under that key before deploying (see README.md)"
}
${keyChecks.map((c) => `check_key ${c.kind} ${c.name} ${c.key} '${c.what}' '${c.content}'`).join('\n')}
`
    : '';
}

/**
 * The loop over the project-domain namespaces: each is made (labelled as Flyte's template labels
 * it) when Flyte has not made it yet, then gets the pull Secret and a copy of each task file. The
 * copies are read from the release namespace and applied from standard input, as the pull Secret.
 */
function taskNamespacesStep(files: readonly DeployFileSource[], pullSecret: boolean): string {
  const E = SCRIPT_EXIT;
  const copy = files.length > 0
    ? `# copy_file KIND NAME KEY WHAT NAMESPACE: the release namespace's ConfigMap or Secret NAME (key KEY only), into NAMESPACE.
copy_file() {
  local read create
  if [ "$1" = Secret ]; then
    read=("$KUBECTL" get secret "$2" -n "$NAMESPACE" -o "go-template={{index .data \\"$3\\" | base64decode}}")
    create=("$KUBECTL" create secret generic "$2" --from-file="$3=/dev/stdin" -n "$5" --dry-run=client -o yaml)
  else
    read=("$KUBECTL" get configmap "$2" -n "$NAMESPACE" -o "go-template={{index .data \\"$3\\"}}")
    create=("$KUBECTL" create configmap "$2" --from-file="$3=/dev/stdin" -n "$5" --dry-run=client -o yaml)
  fi
  local apply=("$KUBECTL" apply -f -)
  local shown
  shown="$(show_cmd "\${read[@]}") | $(show_cmd "\${create[@]}") | $(show_cmd "\${apply[@]}")"
  if $DRY_RUN; then
    echo "$shown"
  else
    echo "+ $shown"
    "\${read[@]}" | "\${create[@]}" | "\${apply[@]}" || die ${E.PREPARE} "copying the $4 $1 $2 into namespace $5 failed; see the kubectl error above"
  fi
}
`
    : '';
  return `${copy}# Task pods run in each project-domain namespace: it is made when Flyte has not made it yet.
for task_ns in "\${TASK_NAMESPACES[@]}"; do
  ensure_namespace "$task_ns" "\${TASK_NAMESPACE_LABELS[@]}"
${pullSecret ? '  apply_pull_secret "$task_ns"\n' : ''}${files.map((f) => `  copy_file ${f.kind} ${f.name} ${f.key} '${f.what}' "$task_ns"\n`).join('')}done
`;
}

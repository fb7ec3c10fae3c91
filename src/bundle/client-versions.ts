import { SUPPORTED_RANGE } from '../eks/compatibility';
import { SCRIPT_EXIT } from './shell';

export interface ClientVersion {
  readonly major: number;
  readonly minor: number;
}

/**
 * The oldest Helm deploy.sh runs: the newest Helm 3 minor and every Helm 4 are tested
 * (test/cluster/lifecycle.test.ts); older ones are refused rather than half-trusted.
 */
export const OLDEST_HELM: ClientVersion = { major: 3, minor: 21 };

/**
 * The oldest kubectl deploy.sh runs: Kubernetes' version skew policy supports kubectl one minor
 * older than its API server, and the oldest server supported is SUPPORTED_RANGE.min.
 */
export const OLDEST_KUBECTL: ClientVersion = { major: 1, minor: SUPPORTED_RANGE.min - 1 };

/** "Helm 3.21", "kubectl 1.31". */
export function clientName(program: 'helm' | 'kubectl', v: ClientVersion): string {
  return `${program === 'helm' ? 'Helm' : 'kubectl'} ${v.major}.${v.minor}`;
}

/**
 * Shell that reads the versions of `$HELM` and `$KUBECTL`, exits with SCRIPT_EXIT.CLIENT and one
 * line when either is older than the oldest supported, and sets `ROLLBACK_FLAG`: Helm 4 deprecates
 * `--atomic` for `--rollback-on-failure` (same meaning: a failed install or upgrade is undone;
 * helm.sh/helm/v4 pkg/cmd/upgrade.go), which Helm 3 does not know.
 */
export function clientVersionChecks(): string {
  const code = SCRIPT_EXIT.CLIENT;
  const helm = clientName('helm', OLDEST_HELM);
  const kubectl = clientName('kubectl', OLDEST_KUBECTL);
  return `# Supported: ${helm} or later (Helm 4 included) and ${kubectl} or later.
# check_client NAME PROGRAM VERSION MAJOR MINOR WANTED: exits when VERSION (vX.Y.Z) is older than MAJOR.MINOR.
check_client() {
  local name=$1 program=$2 version=$3 major=$4 minor=$5 wanted=$6
  [[ $version =~ ^v([0-9]+)\\.([0-9]+)\\. ]] ||
    die ${code} "$name (\\"$program\\") reports no version (\\"$version\\"); install $wanted or later, or set \${name^^}=/path/to/$name"
  if ((BASH_REMATCH[1] < major || (BASH_REMATCH[1] == major && BASH_REMATCH[2] < minor))); then
    die ${code} "$name $version (\\"$program\\") is older than the oldest supported, $wanted; install $wanted or later, or set \${name^^}=/path/to/$name"
  fi
}
helm_version=$("$HELM" version --template '{{.Version}}' 2>/dev/null || true)
check_client helm "$HELM" "$helm_version" ${OLDEST_HELM.major} ${OLDEST_HELM.minor} '${helm}'
kubectl_version=$("$KUBECTL" version --client -o json 2>/dev/null | sed -n 's/^ *"gitVersion": "\\(.*\\)",$/\\1/p' | head -n 1 || true)
check_client kubectl "$KUBECTL" "$kubectl_version" ${OLDEST_KUBECTL.major} ${OLDEST_KUBECTL.minor} '${kubectl}'
ROLLBACK_FLAG=--rollback-on-failure
if [[ $helm_version == v3.* ]]; then ROLLBACK_FLAG=--atomic; fi
`;
}

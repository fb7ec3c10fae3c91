#!/usr/bin/env bash
# Builds the test control plane from Go modules into a cache outside the repository, one folder per
# pinned version set, so a second run is a no-op: kube-apiserver, kube-controller-manager and
# kube-scheduler (k8s.io/kubernetes), etcd (go.etcd.io/etcd/server/v3) and kwok (sigs.k8s.io/kwok).
# Prints the folder that holds the binaries. `build.sh VERSION` builds another Kubernetes version,
# `build.sh --all` each one of versions.env. Needs Go and the Go module proxy; nothing else.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=versions.env
. "$here/versions.env"
# An argument builds another Kubernetes version (the tests also start the newest and oldest minors);
# --all builds the three.
if [ "${1:-}" = --all ]; then
  for v in "$KUBERNETES_VERSION" "$KUBERNETES_NEWEST_VERSION" "$KUBERNETES_OLDEST_VERSION"; do bash "$here/build.sh" "$v"; done
  exit 0
fi
KUBERNETES_VERSION=${1:-$KUBERNETES_VERSION}

cache=${ENTERPRISE_FLYTE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/enterprise-flyte}
out="$cache/control-plane/k8s-$KUBERNETES_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
bins=(kube-apiserver kube-controller-manager kube-scheduler etcd kwok)

have_all() {
  for b in "${bins[@]}"; do [ -x "$out/bin/$b" ] || return 1; done
  [ -f "$out/kwok/stages.yaml" ]
}
if have_all; then echo "$out/bin"; exit 0; fi

command -v go >/dev/null || { echo "control-plane: 'go' not found: install Go 1.24 or later" >&2; exit 2; }
work="$out/src"
mkdir -p "$work" "$out/bin.new"
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false
log() { printf 'control-plane: %s\n' "$*" >&2; }
# Runs a command in a module folder; its chatter is shown only when it fails.
in_module() {
  local dir=$1
  shift
  (cd "$work/$dir" && "$@" >"$work/$dir.log" 2>&1) || { cat "$work/$dir.log" >&2; log "failed: $*"; exit 1; }
}

# One wrapper module per component, so their dependency graphs are not merged by MVS.
module() { # dir, go.mod body
  mkdir -p "$work/$1"
  printf '%s\n' "$2" >"$work/$1/go.mod"
}

# Kubernetes: its go.mod points each staging module (k8s.io/api, ...) at ./staging, which only works
# inside its own repository; as a dependency each must be replaced by its published v0.x release.
k8s_minor=${KUBERNETES_VERSION#v1.}
staging_version="v0.$k8s_minor"
modfile=$(cd "$work" && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')
replaces=$(sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\t\1 => \1 '"$staging_version"'#p' "$modfile")
[ -n "$replaces" ] || { log "no staging replace lines found in $modfile"; exit 1; }
module kubernetes "module enterprise-flyte.test/kubernetes

go 1.24

godebug default=go1.24

require k8s.io/kubernetes $KUBERNETES_VERSION

replace (
$replaces
)"
IFS=. read -r major minor _ <<<"${KUBERNETES_VERSION#v}"
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=$major -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
k8s_pkgs=(k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler)
start=$SECONDS
log "resolving k8s.io/kubernetes $KUBERNETES_VERSION"
in_module kubernetes go get "${k8s_pkgs[@]/%/@$KUBERNETES_VERSION}"
log "building kube-apiserver, kube-controller-manager, kube-scheduler"
in_module kubernetes go build -trimpath -ldflags "$ldflags" -o "$out/bin.new/" "${k8s_pkgs[@]}"

module etcd "module enterprise-flyte.test/etcd

go 1.24

require go.etcd.io/etcd/server/v3 $ETCD_VERSION"
log "building etcd $ETCD_VERSION"
in_module etcd go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
in_module etcd go build -trimpath -ldflags "-s -w" -o "$out/bin.new/etcd" go.etcd.io/etcd/server/v3

module kwok "module enterprise-flyte.test/kwok

go 1.26

require sigs.k8s.io/kwok $KWOK_VERSION"
log "building kwok $KWOK_VERSION"
in_module kwok go get "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
in_module kwok go build -trimpath -ldflags "-s -w" -o "$out/bin.new/kwok" sigs.k8s.io/kwok/cmd/kwok

# KWOK's own stage definitions (a node that turns Ready and keeps its lease; pods that turn Ready,
# complete and go away) and its PortForward CRD, from the module the binary was built from.
kwok_dir=$(cd "$work/kwok" && go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
rm -rf "${out:?}/kwok.new" && mkdir -p "$out/kwok.new/crds"
for stage in node/fast/node-initialize node/heartbeat-with-lease/node-heartbeat-with-lease pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
  printf -- '---\n' && cat "$kwok_dir/kustomize/stage/$stage.yaml"
done >"$out/kwok.new/stages.yaml"
cp "$kwok_dir/kustomize/crd/bases/kwok.x-k8s.io_portforwards.yaml" "$out/kwok.new/crds/"
rm -rf "${out:?}/bin" "${out:?}/kwok" && mv "$out/bin.new" "$out/bin" && mv "$out/kwok.new" "$out/kwok"
printf '%s\n' "$((SECONDS - start))" >"$out/build-seconds"
log "built in $((SECONDS - start)) s into $out/bin"
echo "$out/bin"

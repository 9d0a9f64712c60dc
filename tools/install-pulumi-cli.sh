#!/usr/bin/env bash
# Builds the Pulumi CLI from the Go module proxy (no GitHub or get.pulumi.com downloads) and
# prints the directory that holds it as the LAST line of stdout; progress goes to stderr.
#
#   export PATH="$(bash tools/install-pulumi-cli.sh | tail -1):$PATH"
#
# The bin directory holds what `pulumi up` needs for a Node.js program that uses dynamic
# providers with a local (file://) backend:
#   pulumi                          github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
#   pulumi-language-nodejs          tools/pulumi-language-nodejs (a small Node.js
#                                   language host: the upstream one is a Go module the proxy does not serve)
#   pulumi-resource-pulumi-nodejs   the dynamic-provider launcher shipped by @pulumi/pulumi
#
# CLI version: the @pulumi/pulumi version installed in node_modules (else the lower bound of
# package.json's range; 3.270.0 if there is no package.json)
# when the proxy serves github.com/pulumi/pulumi/pkg/v3 at that version; otherwise the lowest
# served minor release above it (its newest patch), or failing that the newest served release.
# PULUMI_CLI_VERSION=3.x.y forces a version. PULUMI_SDK_VERSION=3.x.y picks the CLI for that
# @pulumi/pulumi instead of the installed one (.ci/run: one CLI, for the newest SDK in range, serves
# both of its Node.js runs). `--resolve` prints the CLI version it would use and builds nothing.
#
# Builds go to ${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-cli}/<cli version>/bin and are reused:
# nothing is built when `pulumi version` there already prints the version and the language
# host is present. Go's module and build caches are shared between runs.
set -euo pipefail

DEFAULT_SDK_VERSION=3.270.0
PKG_MODULE=github.com/pulumi/pulumi/pkg/v3
SDK_MODULE=github.com/pulumi/pulumi/sdk/v3
VERSION_VAR=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version

log() { printf 'install-pulumi-cli: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
HOST_DIR="$SCRIPT_DIR/pulumi-language-nodejs"
CACHE_ROOT="${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-cli}"

command -v go >/dev/null 2>&1 || die "go is not on PATH (Go >= 1.24 is needed to build the Pulumi CLI)"
[ -f "$HOST_DIR/main.go" ] || die "missing $HOST_DIR/main.go"

# --- which version --------------------------------------------------------------------------

# The @pulumi/pulumi version the tests run with: the installed one (node_modules), else the
# lower bound of package.json's range (range characters stripped).
sdk_version_from_package_json() {
	local pj="$REPO_ROOT/package.json" v=""
	local installed="$REPO_ROOT/node_modules/@pulumi/pulumi/package.json"
	if [ -f "$installed" ]; then
		v=$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$installed" | head -n1)
	fi
	if [ -z "$v" ] && [ -f "$pj" ]; then
		if command -v node >/dev/null 2>&1; then
			v=$(node -e '
				const p = require(process.argv[1]);
				const d = Object.assign({}, p.devDependencies, p.dependencies);
				process.stdout.write(d["@pulumi/pulumi"] || "");' "$pj" 2>/dev/null || true)
		else
			v=$(grep -o '"@pulumi/pulumi"[[:space:]]*:[[:space:]]*"[^"]*"' "$pj" | head -n1 | sed 's/.*"\([^"]*\)"$/\1/' || true)
		fi
	fi
	v=$(printf '%s' "$v" | sed 's/^[^0-9]*//')
	if [[ ! "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
		[ -n "$v" ] && log "cannot use @pulumi/pulumi version '$v' from package.json; using $DEFAULT_SDK_VERSION"
		v=$DEFAULT_SDK_VERSION
	fi
	printf '%s' "$v"
}

# True when both the CLI and SDK modules can be downloaded at v$1.
module_pair_available() {
	local out
	out=$(go mod download -json "$PKG_MODULE@v$1" "$SDK_MODULE@v$1" 2>/dev/null) || return 1
	! printf '%s' "$out" | grep -q '"Error"'
}

# Picks the CLI version to build for SDK version $1 (see the header).
resolve_cli_version() {
	local want=$1 listed cand
	if module_pair_available "$want"; then
		printf '%s' "$want"
		return
	fi
	log "the Go module proxy does not serve $PKG_MODULE@v$want; looking for the nearest served version"
	listed=$(go list -m -versions "$PKG_MODULE" 2>/dev/null | tr ' ' '\n' | grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' | sed 's/^v//' | sort -V) ||
		die "cannot list versions of $PKG_MODULE from the Go module proxy ($(go env GOPROXY))"
	[ -n "$listed" ] || die "the Go module proxy lists no versions of $PKG_MODULE"
	# Candidates: newer minors first (lowest minor, newest patch), then older releases (newest first).
	local newer older
	newer=$(printf '%s\n' "$listed" | awk -F. -v w="$want" '
		BEGIN { split(w, a, ".") }
		($1 > a[1]) || ($1 == a[1] && $2 > a[2]) || ($1 == a[1] && $2 == a[2] && $3 > a[3])' |
		sort -t. -k1,1n -k2,2n -k3,3nr)
	older=$(printf '%s\n' "$listed" | awk -F. -v w="$want" '
		BEGIN { split(w, a, ".") }
		($1 < a[1]) || ($1 == a[1] && $2 < a[2]) || ($1 == a[1] && $2 == a[2] && $3 < a[3])' | sort -Vr)
	for cand in $newer $older; do
		if module_pair_available "$cand"; then
			log "using Pulumi CLI v$cand for @pulumi/pulumi $want"
			printf '%s' "$cand"
			return
		fi
	done
	die "no version of $PKG_MODULE and $SDK_MODULE can be downloaded from the Go module proxy"
}

SDK_VERSION=${PULUMI_SDK_VERSION:-$(sdk_version_from_package_json)}
mkdir -p "$CACHE_ROOT/resolved"
# Run the go commands outside any Go module or workspace the caller may be in.
cd "$CACHE_ROOT"
export GOWORK=off

if [ -n "${PULUMI_CLI_VERSION:-}" ]; then
	CLI_VERSION=${PULUMI_CLI_VERSION#v}
elif [ -s "$CACHE_ROOT/resolved/$SDK_VERSION" ]; then
	# Resolved on an earlier run: no network needed to find a finished build.
	CLI_VERSION=$(cat "$CACHE_ROOT/resolved/$SDK_VERSION")
else
	CLI_VERSION=""
fi

if [ "${1:-}" = --resolve ]; then
	[ -n "$CLI_VERSION" ] || CLI_VERSION=$(resolve_cli_version "$SDK_VERSION")
	[ -n "${PULUMI_CLI_VERSION:-}" ] || printf '%s\n' "$CLI_VERSION" >"$CACHE_ROOT/resolved/$SDK_VERSION"
	printf '%s\n' "$CLI_VERSION"
	exit 0
fi

BIN_DIR=""
SDK_DIR="" # module cache dir of github.com/pulumi/pulumi/sdk/v3 (holds a copy of the launcher)

# Rebuild when the language host's sources change.
HOST_HASH=$(cat "$HOST_DIR"/*.go | sha256sum | cut -d' ' -f1)

installed_ok() { # $1 = cli version
	local dir="$CACHE_ROOT/$1/bin" got
	[ -x "$dir/pulumi" ] && [ -x "$dir/pulumi-language-nodejs" ] || return 1
	[ "$(cat "$dir/.language-host.sha256" 2>/dev/null)" = "$HOST_HASH" ] || return 1
	got=$(PULUMI_SKIP_UPDATE_CHECK=1 "$dir/pulumi" version 2>/dev/null | tail -n1) || return 1
	[ "$got" = "v$1" ]
}

# Serialise concurrent builds (e.g. parallel CI steps) on the same cache; a finished build of
# the version this run wants is used without waiting for another run's build of another one.
if command -v flock >/dev/null 2>&1 && ! { [ -n "$CLI_VERSION" ] && installed_ok "$CLI_VERSION"; }; then
	exec 9>"$CACHE_ROOT/.lock"
	flock 9
fi

if [ -n "$CLI_VERSION" ] && installed_ok "$CLI_VERSION"; then
	log "Pulumi CLI v$CLI_VERSION already built in $CACHE_ROOT/$CLI_VERSION/bin"
else
	# --- build ----------------------------------------------------------------------------
	[ -n "$CLI_VERSION" ] || CLI_VERSION=$(resolve_cli_version "$SDK_VERSION")
	if ! installed_ok "$CLI_VERSION"; then
		go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
		if [[ ! "$go_minor" =~ ^[0-9]+$ ]] || [ "$go_minor" -lt 24 ]; then
			die "Go >= 1.24 is needed, found $(go env GOVERSION)"
		fi

		log "building Pulumi CLI v$CLI_VERSION (for @pulumi/pulumi $SDK_VERSION) with $(go env GOVERSION); the first build takes several minutes"
		start=$(date +%s)
		# -mod=mod: the generated module resolves its requirements itself. Keep any GOFLAGS the caller set.
		export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"

		pkg_json=$(go mod download -json "$PKG_MODULE@v$CLI_VERSION") || die "cannot download $PKG_MODULE@v$CLI_VERSION"
		if printf '%s' "$pkg_json" | grep -q '"Error"'; then
			die "cannot download $PKG_MODULE@v$CLI_VERSION: $(printf '%s' "$pkg_json" | grep '"Error"')"
		fi
		pkg_gomod=$(printf '%s' "$pkg_json" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
		[ -f "$pkg_gomod" ] || die "cannot find the go.mod of $PKG_MODULE@v$CLI_VERSION"

		VERSION_DIR="$CACHE_ROOT/$CLI_VERSION"
		SRC="$VERSION_DIR/src"
		rm -rf "$SRC"
		mkdir -p "$SRC/cmd/pulumi-language-nodejs"
		cp "$HOST_DIR"/*.go "$SRC/cmd/pulumi-language-nodejs/"

		go_directive=$(awk '$1 == "go" { print $2; exit }' "$pkg_gomod")
		# The tool directive below needs go >= 1.24.
		if [ -z "$go_directive" ] || [ "$(printf '%s\n1.24\n' "$go_directive" | sort -V | head -n1)" != 1.24 ]; then
			go_directive=1.24
		fi
		{
			printf 'module pulumi-cli-build\n\ngo %s\n\n' "$go_directive"
			printf 'require (\n\t%s v%s\n\t%s v%s\n)\n\n' "$PKG_MODULE" "$CLI_VERSION" "$SDK_MODULE" "$CLI_VERSION"
			# The CLI's own replace directives (go-replaces.awk says why).
			awk -f "$SCRIPT_DIR/go-replaces.awk" "$pkg_gomod"
			printf '\ntool %s/cmd/pulumi\n' "$PKG_MODULE"
		} >"$SRC/go.mod"

		(cd "$SRC" && go mod tidy) >&2 || die "go mod tidy failed in $SRC"

		ldflags="-s -w -X $VERSION_VAR=v$CLI_VERSION"
		TMP_BIN="$VERSION_DIR/bin.tmp.$$"
		rm -rf "$TMP_BIN"
		mkdir -p "$TMP_BIN"
		log "go build $PKG_MODULE/cmd/pulumi"
		(cd "$SRC" && go build -trimpath -ldflags "$ldflags" -o "$TMP_BIN/pulumi" "$PKG_MODULE/cmd/pulumi") >&2 ||
			die "building $PKG_MODULE/cmd/pulumi v$CLI_VERSION failed"
		log "go build pulumi-language-nodejs"
		(cd "$SRC" && go build -trimpath -ldflags "$ldflags" -o "$TMP_BIN/pulumi-language-nodejs" ./cmd/pulumi-language-nodejs) >&2 ||
			die "building pulumi-language-nodejs failed"

		printf '%s\n' "$HOST_HASH" >"$TMP_BIN/.language-host.sha256"
		rm -rf "${VERSION_DIR:?}/bin"
		mv "$TMP_BIN" "$VERSION_DIR/bin"
		installed_ok "$CLI_VERSION" || die "the built $VERSION_DIR/bin/pulumi does not report v$CLI_VERSION"
		log "built Pulumi CLI v$CLI_VERSION in $(($(date +%s) - start))s"
	fi
	[ -n "${PULUMI_CLI_VERSION:-}" ] || printf '%s\n' "$CLI_VERSION" >"$CACHE_ROOT/resolved/$SDK_VERSION"
fi

BIN_DIR="$CACHE_ROOT/$CLI_VERSION/bin"

# --- dynamic provider launcher -------------------------------------------------------------
# The engine starts dynamic providers through pulumi-resource-pulumi-nodejs (looked up next to
# the pulumi binary or on PATH). @pulumi/pulumi ships it at its package root; it is a small sh
# script that runs node on the @pulumi/pulumi/cmd/dynamic-provider resolved from its working
# directory (the engine starts it in the program directory). The npm copy is preferred; the
# copy in the sdk/v3 Go module (same file) is the fallback when node_modules is not installed.
launcher=""
npm_launcher="$REPO_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
if [ -f "$npm_launcher" ]; then
	launcher=$npm_launcher
else
	SDK_DIR=$(GOFLAGS=-mod=mod go mod download -json "$SDK_MODULE@v$CLI_VERSION" 2>/dev/null |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' || true)
	if [ -n "$SDK_DIR" ] && [ -f "$SDK_DIR/nodejs/dist/pulumi-resource-pulumi-nodejs" ]; then
		launcher="$SDK_DIR/nodejs/dist/pulumi-resource-pulumi-nodejs"
	fi
fi
if [ -z "$launcher" ]; then
	die "cannot find pulumi-resource-pulumi-nodejs: run 'npm ci' in $REPO_ROOT first (it is shipped by @pulumi/pulumi)"
fi
if ! cmp -s "$launcher" "$BIN_DIR/pulumi-resource-pulumi-nodejs" 2>/dev/null; then
	install -m 0755 "$launcher" "$BIN_DIR/pulumi-resource-pulumi-nodejs"
fi

if [ -n "${PULUMI_CLI_VERSION:-}" ]; then
	log "note: Pulumi CLI v$CLI_VERSION (PULUMI_CLI_VERSION) with @pulumi/pulumi $SDK_VERSION"
elif [ "$CLI_VERSION" != "$SDK_VERSION" ]; then
	log "note: Pulumi CLI v$CLI_VERSION with @pulumi/pulumi $SDK_VERSION (the proxy does not serve the CLI at v$SDK_VERSION)"
fi
log "Pulumi CLI v$CLI_VERSION ready"
printf '%s\n' "$BIN_DIR"

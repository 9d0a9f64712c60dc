#!/usr/bin/env bash
# Generates the Python and Go SDKs of the provider plugin from its schema and type-checks them;
# says what it could not do and why. Needs `npm run build` first (the plugin runs from dist/).
#
#   bash tools/gen-sdks.sh [out dir]      (default: dist/sdk)
#
# 1. schema:  `pulumi package get-schema bin/pulumi-resource-azure-mhsm-pec` (the CLI of
#             tools/install-pulumi-cli.sh asks the plugin itself).
# 2. SDKs:    `pulumi package gen-sdk --language <python|go|dotnet>` first. In CLI 3.248 that asks
#             the language host (pulumi-language-python/-go/-dotnet) to generate, and the Go module
#             proxy does not serve those hosts, so it fails here; the script then runs
#             tools/pulumi-sdkgen (Pulumi's own generators, pkg/v3/codegen/{go,python}, the code
#             those hosts call), built next to the CLI. .NET's generator lives in pulumi-dotnet,
#             which the proxy does not serve either: no .NET SDK.
# 3. checks:  Go: a go.mod requiring github.com/pulumi/pulumi/sdk/v3 at the CLI's version, then
#             `go build ./...`, `go vet ./...` and `go test ./...` with test/sdk/go (a connection
#             declared under Pulumi's mocks). Python: `python3 -m compileall`, then in a venv
#             `pip install` of the SDK (its requirements, `pulumi` among them, from PyPI) and
#             test/sdk/python/check_sdk.py (the same declaration under mocks).
# Prints one "sdk <language>: <result>" line per language on stdout; exits non-zero when a
# generated SDK does not build.
set -euo pipefail

log() { printf 'gen-sdks: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
OUT=$(mkdir -p "${1:-$REPO_ROOT/dist/sdk}" && cd "${1:-$REPO_ROOT/dist/sdk}" && pwd)
PKG_MODULE=github.com/pulumi/pulumi/pkg/v3
SDK_MODULE=github.com/pulumi/pulumi/sdk/v3
GO_MODULE=example.com/pulumi-azure-mhsm-pec/sdk/go

[ -f "$REPO_ROOT/dist/provider/plugin/main.js" ] || die "build first: npm run build"
BIN_DIR=$(bash "$SCRIPT_DIR/install-pulumi-cli.sh" | tail -n1)
CLI_VERSION=$(PULUMI_SKIP_UPDATE_CHECK=1 "$BIN_DIR/pulumi" version | tail -n1 | sed 's/^v//')
export PATH="$BIN_DIR:$PATH" PULUMI_SKIP_UPDATE_CHECK=1 PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_HOME="$OUT/.pulumi-home" GOWORK=off

# --- pulumi-sdkgen, cached next to the CLI ----------------------------------------------------
SDKGEN="$BIN_DIR/pulumi-sdkgen"
SDKGEN_HASH=$(sha256sum "$SCRIPT_DIR/pulumi-sdkgen/main.go" | cut -d' ' -f1)
build_sdkgen() {
	local src="$BIN_DIR/../sdkgen-src" pkg_gomod
	rm -rf "$src"
	mkdir -p "$src"
	cp "$SCRIPT_DIR/pulumi-sdkgen/main.go" "$src/"
	pkg_gomod=$(go mod download -json "$PKG_MODULE@v$CLI_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
	[ -f "$pkg_gomod" ] || die "cannot find the go.mod of $PKG_MODULE@v$CLI_VERSION"
	{
		printf 'module pulumi-sdkgen\n\ngo 1.24\n\nrequire (\n\t%s v%s\n\t%s v%s\n)\n\n' \
			"$PKG_MODULE" "$CLI_VERSION" "$SDK_MODULE" "$CLI_VERSION"
		# pkg/v3's replace directives, as install-pulumi-cli.sh repeats them (minus ../ paths).
		awk '
			{ line = "" }
			/^replace[[:space:]]*\($/ { inblock = 1; next }
			inblock && /^[[:space:]]*\)/ { inblock = 0; next }
			inblock { line = $0 }
			!inblock && /^replace[[:space:]]/ { line = $0; sub(/^replace[[:space:]]+/, "", line) }
			line ~ /=>/ && line !~ /^[[:space:]]*\/\// {
				split(line, parts, "=>"); target = parts[2]; gsub(/^[[:space:]]+/, "", target)
				if (target !~ /^\.\.?\//) { gsub(/^[[:space:]]+/, "", line); print "replace " line }
			}' "$pkg_gomod"
	} >"$src/go.mod"
	(cd "$src" && GOFLAGS=-mod=mod go mod tidy && GOFLAGS=-mod=mod go build -trimpath -o "$SDKGEN.tmp" .) >&2 ||
		die "building pulumi-sdkgen against $PKG_MODULE v$CLI_VERSION failed"
	mv "$SDKGEN.tmp" "$SDKGEN"
	printf '%s\n' "$SDKGEN_HASH" >"$SDKGEN.sha256"
}
if [ ! -x "$SDKGEN" ] || [ "$(cat "$SDKGEN.sha256" 2>/dev/null)" != "$SDKGEN_HASH" ]; then
	log "building pulumi-sdkgen against $PKG_MODULE v$CLI_VERSION (minutes, the first time)"
	exec 9>"$BIN_DIR/../.sdkgen.lock"
	flock 9
	[ -x "$SDKGEN" ] && [ "$(cat "$SDKGEN.sha256" 2>/dev/null)" = "$SDKGEN_HASH" ] || build_sdkgen
fi

# --- schema ------------------------------------------------------------------------------------
pulumi package get-schema "$REPO_ROOT/bin/pulumi-resource-azure-mhsm-pec" >"$OUT/schema.json" ||
	die "pulumi package get-schema failed"
log "schema: $OUT/schema.json"

# --- generate ----------------------------------------------------------------------------------
# How `pulumi package gen-sdk` fared, per language (its first error line).
gen_sdk_cli() {
	local out
	if out=$(pulumi package gen-sdk "$OUT/schema.json" --language "$1" --out "$OUT/gen-sdk" 2>&1); then
		printf 'ok'
	else
		printf '%s' "$(printf '%s\n' "$out" | grep -i error | head -n1)"
	fi
}

status=0
for language in python go dotnet; do
	cli=$(gen_sdk_cli "$language")
	if [ "$cli" = ok ]; then
		printf 'sdk %s: generated by pulumi package gen-sdk\n' "$language"
		continue
	fi
	log "pulumi package gen-sdk --language $language: $cli"
	case $language in
	python)
		"$SDKGEN" "$OUT/schema.json" python "$OUT/python"
		# Byte-compile every module; then install it as a user would (pip pulls `pulumi` and the
		# SDK's other requirements from PyPI) and run it under Pulumi's mocks. PyPI can lag the Go
		# proxy (3.274.1 served there, 3.272.0 the newest on PyPI): the newest not above the CLI.
		if python3 -m compileall -q "$OUT/python" >&2 &&
			python3 -m venv "$OUT/.venv" >&2 &&
			"$OUT/.venv/bin/pip" install -q --disable-pip-version-check "$OUT/python" "pulumi<=$CLI_VERSION" >&2 &&
			(cd "$OUT" && "$OUT/.venv/bin/python" "$REPO_ROOT/test/sdk/python/check_sdk.py") >&2; then
			printf 'sdk python: generated by pulumi-sdkgen (gen-sdk: %s); compileall, pip install and test/sdk/python/check_sdk.py under mocks: ok\n' "$cli"
		else
			printf 'sdk python: generated by pulumi-sdkgen; compileall, pip install or the mocks check: FAILED\n'
			status=1
		fi
		;;
	go)
		"$SDKGEN" "$OUT/schema.json" go "$OUT/go"
		printf 'module %s\n\ngo 1.24\n\nrequire %s v%s\n' "$GO_MODULE" "$SDK_MODULE" "$CLI_VERSION" >"$OUT/go/go.mod"
		mkdir -p "$OUT/go/sdkcheck"
		cp "$REPO_ROOT/test/sdk/go/sdk_test.go" "$OUT/go/sdkcheck/"
		if (cd "$OUT/go" && GOFLAGS=-mod=mod go mod tidy && go build ./... && go vet ./... && go test ./...) >&2; then
			printf 'sdk go: generated by pulumi-sdkgen (gen-sdk: %s); go build, go vet and go test (test/sdk/go under mocks): ok\n' "$cli"
		else
			printf 'sdk go: generated by pulumi-sdkgen; go build/vet: FAILED\n'
			status=1
		fi
		;;
	dotnet)
		printf 'sdk dotnet: not generated (gen-sdk: %s; its generator, github.com/pulumi/pulumi-dotnet, is not served by the Go module proxy)\n' "$cli"
		;;
	esac
done
exit $status

# Sourced by tools/gen-sdks.sh and tools/release-sdks.sh (which set SCRIPT_DIR, REPO_ROOT, OUT
# and log/die): the Pulumi CLI of tools/install-pulumi-cli.sh on PATH, pulumi-sdkgen built
# next to it (cached; rebuilt when its main.go changes), and the plugin's schema, as the CLI
# gets it from the plugin, in $OUT/schema.json. Sets BIN_DIR, CLI_VERSION, SDKGEN, SDK_MODULE.
# shellcheck shell=bash
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
		# pkg/v3's replace directives (go-replaces.awk says why).
		awk -f "$SCRIPT_DIR/go-replaces.awk" "$pkg_gomod"
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


# go.mod of the generated Go SDK in $1: the module requires the Go SDK at the CLI's version.
write_go_mod() {
	printf 'module %s\n\ngo 1.24\n\nrequire %s v%s\n' "$GO_MODULE" "$SDK_MODULE" "$CLI_VERSION" >"$1/go.mod"
}

#!/usr/bin/env bash
# Writes the Python and Go SDKs of the provider plugin as release artifacts:
#
#   bash tools/release-sdks.sh <out dir> <version> <pluginDownloadURL>
#
#   <out dir>/pulumi_azure_mhsm_pec-<version>-py3-none-any.whl  and  ...-<version>.tar.gz (sdist)
#   <out dir>/go/                                                 the Go module (go.mod, go.sum)
#
# Both carry <version> and <pluginDownloadURL>: the schema the CLI gets from the plugin
# (tools/lib/sdkgen.sh) gets them before Pulumi's generators run, and respectSchemaVersion makes
# the Python package (and the Go SDK's plugin version) say <version> instead of 0.0.0 (or none). The URL is where `pulumi` fetches the plugin
# a program of these SDKs needs (docs/installation-configuration.md). The wheel is built with `build`, `setuptools`
# and `wheel` from PyPI in a venv cached outside the repository
# (${MHSM_PEC_PY_BUILD_VENV:-$HOME/.cache/mhsm-pec-sdks/build-venv}). Needs `npm run build` first.
set -euo pipefail

log() { printf 'release-sdks: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}
[ $# -eq 3 ] || die "usage: tools/release-sdks.sh <out dir> <version> <pluginDownloadURL>"
[[ "$2" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+.][0-9A-Za-z.-]+)?$ ]] || die "version '$2' is not a semantic version"
[[ "$3" =~ ^(https?|github|gitlab)://[^/]+/ ]] || die "pluginDownloadURL '$3' is not an http(s), github:// or gitlab:// URL (the schemes the Pulumi CLI downloads plugins from)"
VERSION=$2 DOWNLOAD_URL=$3

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
RELEASE=$(mkdir -p "$1" && cd "$1" && pwd)
OUT=$(mktemp -d "${TMPDIR:-/tmp}/release-sdks.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
# shellcheck source=tools/lib/sdkgen.sh
. "$SCRIPT_DIR/lib/sdkgen.sh"

node -e '
	const fs = require("fs");
	const [file, version, url] = process.argv.slice(1);
	const schema = JSON.parse(fs.readFileSync(file, "utf8"));
	schema.version = version;
	schema.pluginDownloadURL = url;
	for (const language of ["python", "go"]) {
		schema.language[language] = { ...schema.language[language], respectSchemaVersion: true };
	}
	fs.writeFileSync(file, JSON.stringify(schema, null, 2));' "$OUT/schema.json" "$VERSION" "$DOWNLOAD_URL"

# --- Python: wheel and sdist -------------------------------------------------------------------
"$SDKGEN" "$OUT/schema.json" python "$OUT/python"
VENV=${MHSM_PEC_PY_BUILD_VENV:-$HOME/.cache/mhsm-pec-sdks/build-venv}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import build, setuptools, wheel' 2>/dev/null; then
	log "creating $VENV with build, setuptools and wheel from PyPI"
	python3 -m venv "$VENV" >&2
	"$VENV/bin/pip" install -q --disable-pip-version-check build setuptools wheel >&2
fi
rm -f "$RELEASE"/pulumi_azure_mhsm_pec-*
# The sdist wants a README (setuptools warns without one); PyPI shows it.
printf '# pulumi_azure_mhsm_pec\n\nThe Python SDK of the Pulumi provider azure-mhsm-pec: %s\n' \
	"approve, reject and delete Azure Key Vault Managed HSM private endpoint connections." >"$OUT/python/README.md"
# setuptools narrates every file it copies; its output is shown only when the build fails.
"$VENV/bin/python" -m build --no-isolation --sdist --wheel --outdir "$RELEASE" "$OUT/python" \
	>"$OUT/build.log" 2>&1 || {
	cat "$OUT/build.log" >&2
	die "python -m build failed"
}

# --- Go: the module folder ---------------------------------------------------------------------
rm -rf "$RELEASE/go"
"$SDKGEN" "$OUT/schema.json" go "$RELEASE/go"
write_go_mod "$RELEASE/go"
(cd "$RELEASE/go" && GOFLAGS=-mod=mod go mod tidy && go build ./...) >&2 || die "the Go SDK does not build"

ls "$RELEASE"/pulumi_azure_mhsm_pec-* | sed 's/^/sdk python: /'
printf 'sdk go: %s/go (module %s)\n' "$RELEASE" "$GO_MODULE"

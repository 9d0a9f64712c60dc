import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_PLUGIN_DOWNLOAD_URL } from "../provider/plugin/schema";
import { REPO_ROOT } from "./lib/repoRoot";
import { writePluginArchives } from "./release/pluginArchives";

/**
 * `npm run release [-- --out DIR] [--plugin-download-url URL]`: every artifact a user installs,
 * into one folder (default release/), with SHA256SUMS. docs/release.md says what each is.
 */

interface ReleaseOptions {
  out: string;
  pluginDownloadUrl: string;
}

function parseArgs(argv: string[]): ReleaseOptions {
  const options: ReleaseOptions = {
    out: path.join(REPO_ROOT, "release"),
    pluginDownloadUrl: process.env.MHSM_PEC_PLUGIN_DOWNLOAD_URL || DEFAULT_PLUGIN_DOWNLOAD_URL,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if ((argv[i] === "--out" || argv[i] === "--plugin-download-url") && !value) {
      throw new Error(`${argv[i]} needs a value`);
    }
    if (argv[i] === "--out") options.out = path.resolve(argv[++i]);
    else if (argv[i] === "--plugin-download-url") options.pluginDownloadUrl = argv[++i];
    else
      throw new Error(`unknown argument '${argv[i]}' (use --out DIR, --plugin-download-url URL)`);
  }
  return options;
}

function packTarball(out: string): string {
  // dist/ is built by `npm run release` first; prepack would rebuild it under this process.
  const json = execFileSync(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", out],
    { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  return (JSON.parse(json) as { filename: string }[])[0].filename;
}

/** i21-python's SDK artifacts, where that script is part of the checkout. */
function sdkArtifacts(out: string, version: string, url: string): void {
  const script = path.join(REPO_ROOT, "tools", "release-sdks.sh");
  if (fs.existsSync(script)) {
    execFileSync("bash", [script, out, version, url], { cwd: REPO_ROOT, stdio: "inherit" });
  } else {
    process.stderr.write("release: no tools/release-sdks.sh; no Python or Go SDK artifacts\n");
  }
}

/** SHA256SUMS of every file in `out` (sha256sum -c reads it). */
export function writeChecksums(out: string): void {
  const lines = fs
    .readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== "SHA256SUMS")
    .map((e) => path.relative(out, path.join(e.parentPath, e.name)))
    .sort()
    .map(
      (f) =>
        `${createHash("sha256")
          .update(fs.readFileSync(path.join(out, f)))
          .digest("hex")}  ${f}`,
    );
  fs.writeFileSync(path.join(out, "SHA256SUMS"), `${lines.join("\n")}\n`);
}

async function release(options: ReleaseOptions): Promise<void> {
  const started = Date.now();
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  fs.rmSync(options.out, { recursive: true, force: true });
  fs.mkdirSync(options.out, { recursive: true });
  const written = [packTarball(options.out), ...(await writePluginArchives(options.out, version))];
  sdkArtifacts(options.out, version, options.pluginDownloadUrl);
  writeChecksums(options.out);
  process.stdout.write(
    `${written.map((f) => `release: ${f}\n`).join("")}release: ${options.out} in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
}

if (require.main === module) {
  release(parseArgs(process.argv.slice(2))).catch((error: unknown) => {
    process.stderr.write(`release: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

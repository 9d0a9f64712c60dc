import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describeExit, runBounded } from "./boundedProcess";
import { REPO_ROOT } from "./repoRoot";

/**
 * The Pulumi CLI, found on PATH or in the cache of tools/install-pulumi-cli.sh (built there
 * when asked). Running it: boundedProcess.ts; in an isolated workspace: pulumiWorkspace.ts;
 * one stack: pulumiStack.ts.
 */

/** What the engine needs next to `pulumi` for a Node.js program with dynamic providers. */
export const CLI_COMPANIONS = ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

export interface PulumiCli {
  /** The directory that holds `pulumi` and its companions; put first on PATH. */
  binDir: string;
  /** e.g. "v3.248.0". */
  version: string;
  /** Where it was found. */
  source: "PATH" | "cache" | "installed";
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `pulumi version` of the binary in binDir, or undefined when it does not answer. */
function versionOf(binDir: string): string | undefined {
  const run = spawnSync(path.join(binDir, "pulumi"), ["version"], {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "1" },
  });
  const line = run.status === 0 ? run.stdout.trim().split("\n").pop() : undefined;
  return line && /^v\d+\.\d+\.\d+/.test(line) ? line : undefined;
}

/** A usable bin dir: `pulumi` and both companions executable there, and `pulumi version` answers. */
function usableBinDir(binDir: string, source: PulumiCli["source"]): PulumiCli | undefined {
  if (![`pulumi`, ...CLI_COMPANIONS].every((name) => isExecutable(path.join(binDir, name)))) {
    return undefined;
  }
  const version = versionOf(binDir);
  return version ? { binDir, version, source } : undefined;
}

/** `pulumi` on PATH, with its companions beside it. */
export function pulumiOnPath(env: NodeJS.ProcessEnv = process.env): PulumiCli | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, "pulumi"))) {
      return usableBinDir(dir, "PATH");
    }
  }
  return undefined;
}

/**
 * The @pulumi/pulumi version the CLI is built for, as install-pulumi-cli.sh reads it: the
 * installed one, else the lower bound of package.json's range.
 */
function pinnedSdkVersion(): string | undefined {
  try {
    const installed = path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json");
    return (JSON.parse(fs.readFileSync(installed, "utf8")) as { version: string }).version;
  } catch {
    // not installed: the range's lower bound
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const spec = { ...manifest.devDependencies, ...manifest.dependencies }["@pulumi/pulumi"];
  const version = spec?.replace(/^[^0-9]*/, "");
  return version && /^\d+\.\d+\.\d+$/.test(version) ? version : undefined;
}

/** A CLI that install-pulumi-cli.sh built earlier for the pinned SDK version; never builds. */
export function pulumiInCache(env: NodeJS.ProcessEnv = process.env): PulumiCli | undefined {
  const cacheRoot = env.PULUMI_CLI_CACHE || path.join(os.homedir(), ".cache", "pulumi-cli");
  const sdk = pinnedSdkVersion();
  const candidates: string[] = [];
  if (env.PULUMI_CLI_VERSION) {
    candidates.push(env.PULUMI_CLI_VERSION.replace(/^v/, ""));
  }
  if (sdk) {
    try {
      candidates.push(fs.readFileSync(path.join(cacheRoot, "resolved", sdk), "utf8").trim());
    } catch {
      // never resolved on this machine
    }
    candidates.push(sdk);
  }
  for (const version of candidates.filter(Boolean)) {
    const found = usableBinDir(path.join(cacheRoot, version, "bin"), "cache");
    if (found) {
      return found;
    }
  }
  return undefined;
}

/** The CLI on PATH, else in the cache; undefined when neither has it. Never builds. */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): PulumiCli | undefined {
  return pulumiOnPath(env) ?? pulumiInCache(env);
}

/**
 * The CLI on PATH, else `bash tools/install-pulumi-cli.sh` (a no-op when it is built
 * already, several minutes from the Go module proxy when not), whose last stdout line is the
 * bin dir. Its progress goes to `log`.
 */
export async function findOrInstallPulumiCli(
  options: { timeoutMs?: number; log?: (line: string) => void } = {},
): Promise<PulumiCli> {
  const onPath = pulumiOnPath();
  if (onPath) {
    return onPath;
  }
  const script = path.join(REPO_ROOT, "tools", "install-pulumi-cli.sh");
  const result = await runBounded("bash", [script], {
    cwd: REPO_ROOT,
    env: process.env,
    timeoutMs: options.timeoutMs ?? 40 * 60_000,
    onStderr: options.log,
  });
  if (result.code !== 0) {
    throw new Error(
      `${script} failed (${describeExit(result)}):\n${result.stderr.slice(-4000)}${result.stdout.slice(-1000)}`,
    );
  }
  const binDir = result.stdout.trim().split("\n").pop()?.trim() ?? "";
  const found = usableBinDir(binDir, "installed");
  if (!found) {
    throw new Error(
      `${script} printed '${binDir}', which does not hold pulumi, ${CLI_COMPANIONS.join(" and ")}`,
    );
  }
  return found;
}

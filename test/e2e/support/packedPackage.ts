import * as fs from "node:fs";
import { builtinModules, createRequire } from "node:module";
import * as path from "node:path";
import { runBounded, type CommandResult } from "../../../tools/lib/boundedProcess";
import { PACKAGE_NAME, REPO_ROOT } from "../../../tools/lib/repoRoot";

/**
 * The package as users get it: `npm pack` of this repository, installed from the tarball into a
 * fresh program with its dependencies from the npm registry (nothing of this checkout's
 * node_modules, no symlink into it).
 */

/** What `npm pack --json` says of the tarball. */
export interface PackedTarball {
  file: string;
  /** Paths inside the package, e.g. "dist/provider/index.js". */
  files: string[];
  /** The package's own manifest, as packed. */
  manifest: { version: string; dependencies: Record<string, string> };
}

/**
 * npm's environment without what `npm run` puts there for this repository (npm_config_local_prefix
 * and the like would point a child npm at the checkout); the cache, the user config and the
 * registry are kept.
 */
export function npmEnv(): NodeJS.ProcessEnv {
  const kept = /^npm_config_(cache|userconfig|globalconfig|registry)$/i;
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || kept.test(key)),
  );
}

async function npm(args: string[], cwd: string, timeoutMs: number): Promise<CommandResult> {
  const result = await runBounded("npm", args, { cwd, env: npmEnv(), timeoutMs });
  if (result.code !== 0) {
    throw new Error(
      `npm ${args.join(" ")} in ${cwd} failed (${result.timedOut ? "timed out" : `exit ${result.code}`}):\n${result.stderr.slice(-4000)}`,
    );
  }
  return result;
}

/** `npm pack` of the repository (its dist/ must be built) into `destination`. */
export async function packRepository(destination: string): Promise<PackedTarball> {
  const result = await npm(
    ["pack", "--json", "--pack-destination", destination],
    REPO_ROOT,
    180_000,
  );
  const [packed] = JSON.parse(result.stdout) as { filename: string; files: { path: string }[] }[];
  const file = path.join(destination, packed.filename);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  return { file, files: packed.files.map((f) => f.path).sort(), manifest };
}

/** The lowest version a caret or tilde range admits ("^3.248.0" -> "3.248.0"). */
export function lowestOf(range: string): string {
  const m = /^[\^~]?(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (!m) {
    throw new Error(`cannot read the lowest version of '${range}' (only ^x.y.z and ~x.y.z are)`);
  }
  return m[1];
}

/** True when this Node satisfies an `engines.node` of the forms ">=N", ">=N.M", ">=N.M.P". */
export function nodeSatisfies(engine: string | undefined, version = process.versions.node) {
  if (!engine) return true;
  const m = /^\s*>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(engine);
  if (!m) {
    throw new Error(`cannot read engines.node '${engine}' (only >=x.y.z is understood)`);
  }
  const want = [m[1], m[2] ?? "0", m[3] ?? "0"].map(Number);
  const have = version.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if (have[i] !== want[i]) return have[i] > want[i];
  }
  return true;
}

/** The newest release of `pkg` in `range` that runs on this Node, as npm itself would pick it. */
export async function newestForThisNode(pkg: string, range: string): Promise<string> {
  const result = await npm(
    ["view", `${pkg}@${range}`, "version", "engines", "--json"],
    REPO_ROOT,
    60_000,
  );
  const parsed = JSON.parse(result.stdout) as
    | { version: string; engines?: { node?: string } }
    | { version: string; engines?: { node?: string } }[];
  const releases = (Array.isArray(parsed) ? parsed : [parsed]).filter((r) =>
    nodeSatisfies(r.engines?.node),
  );
  const newest = releases.at(-1)?.version;
  if (!newest) {
    throw new Error(`no release of ${pkg}@${range} runs on Node ${process.versions.node}`);
  }
  return newest;
}

/**
 * A copy of one of examples/ as a user makes it (its files, no node_modules, no stack files),
 * its @pulumi/pulumi pinned to `pulumiVersion`, then `npm install <tarball>`: npm records the
 * tarball in place of the example's registry version, as a user installing a release does.
 */
export async function installExample(
  dir: string,
  exampleDir: string,
  tarball: string,
  pulumiVersion: string,
): Promise<void> {
  fs.cpSync(exampleDir, dir, {
    recursive: true,
    filter: (source) => !/(^|[\\/])(node_modules|Pulumi\.[^\\/]+\.yaml)$/.test(source),
  });
  const manifestFile = path.join(dir, "package.json");
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as {
    dependencies: Record<string, string>;
  };
  manifest.dependencies["@pulumi/pulumi"] = pulumiVersion;
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  await npm(["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], dir, 300_000);
}

/** Every directory under node_modules (any depth) that holds package `name`. */
export function copiesOf(programDir: string, name: string): string[] {
  const found: string[] = [];
  const walk = (nodeModules: string) => {
    if (!fs.existsSync(nodeModules)) return;
    const candidate = path.join(nodeModules, name);
    if (fs.existsSync(path.join(candidate, "package.json"))) found.push(candidate);
    for (const entry of fs.readdirSync(nodeModules)) {
      const dirs = entry.startsWith("@")
        ? fs.readdirSync(path.join(nodeModules, entry)).map((e) => path.join(nodeModules, entry, e))
        : [path.join(nodeModules, entry)];
      for (const dir of dirs) walk(path.join(dir, "node_modules"));
    }
  };
  walk(path.join(programDir, "node_modules"));
  return found;
}

/** The package name a bare specifier names ("@azure/arm-keyvault/api" -> "@azure/arm-keyvault"). */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

export interface RequireProblem {
  file: string;
  specifier: string;
  problem: string;
}

/**
 * Every string-literal `require(...)` of the installed package's JavaScript, resolved from the
 * file that makes it. A bare specifier must also name a dependency of the package (or the
 * package itself): a package that resolves only because npm hoisted it is a missing dependency.
 */
export function unresolvableRequires(installedDir: string): {
  checked: number;
  problems: RequireProblem[];
} {
  const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const declared = new Set([PACKAGE_NAME, ...Object.keys(manifest.dependencies ?? {})]);
  const builtins = new Set(builtinModules);
  const problems: RequireProblem[] = [];
  let checked = 0;
  for (const file of javascriptFiles(installedDir)) {
    const text = fs.readFileSync(file, "utf8");
    const requireFrom = createRequire(file);
    for (const [, specifier] of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
      if (specifier.startsWith("node:") || builtins.has(specifier)) continue;
      checked++;
      const bare = !specifier.startsWith(".") && !path.isAbsolute(specifier);
      if (bare && !declared.has(packageOf(specifier))) {
        problems.push({ file, specifier, problem: "not a dependency of the package" });
        continue;
      }
      try {
        requireFrom.resolve(specifier);
      } catch (error) {
        problems.push({ file, specifier, problem: (error as Error).message.split("\n")[0] });
      }
    }
  }
  return { checked, problems };
}

function javascriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : javascriptFiles(full);
    return entry.isFile() && entry.name.endsWith(".js") ? [full] : [];
  });
}

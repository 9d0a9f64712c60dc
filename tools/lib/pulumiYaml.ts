import * as fs from "node:fs";
import * as path from "node:path";
import { runBounded } from "./boundedProcess";
import type { PulumiCli } from "./pulumiCli";
import { REPO_ROOT } from "./repoRoot";

/**
 * The Pulumi YAML language host (`pulumi-language-yaml`) next to a CLI: found there or on
 * PATH, else built by tools/install-pulumi-yaml.sh (a no-op once it is cached; several
 * minutes from the Go module proxy the first time). Returns the directory that holds it.
 */
export const YAML_HOST = "pulumi-language-yaml";

function executableIn(dir: string): boolean {
  try {
    fs.accessSync(path.join(dir, YAML_HOST), fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findOrInstallPulumiYaml(
  cli: PulumiCli,
  options: { timeoutMs?: number; log?: (line: string) => void } = {},
): Promise<string> {
  const candidates = [cli.binDir, ...(process.env.PATH ?? "").split(path.delimiter)];
  const found = candidates.find((dir) => dir && executableIn(dir));
  if (found) {
    return found;
  }
  const script = path.join(REPO_ROOT, "tools", "install-pulumi-yaml.sh");
  const result = await runBounded("bash", [script], {
    cwd: REPO_ROOT,
    env: { ...process.env, PATH: `${cli.binDir}${path.delimiter}${process.env.PATH ?? ""}` },
    timeoutMs: options.timeoutMs ?? 40 * 60_000,
    onStderr: options.log,
  });
  const dir = result.stdout.trim().split("\n").pop()?.trim() ?? "";
  if (result.code !== 0 || !executableIn(dir)) {
    throw new Error(
      `${script} failed (exit ${result.code}) or printed '${dir}', which does not hold ${YAML_HOST}:\n${result.stderr.slice(-4000)}`,
    );
  }
  return dir;
}

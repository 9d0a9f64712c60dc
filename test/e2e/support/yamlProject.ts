import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiStack } from "../../../tools/lib/pulumiStack";
import { REPO_ROOT } from "../../../tools/lib/repoRoot";
import { PLUGIN_NAME } from "../../../provider/plugin/tokens";
import type { EngineHarness } from "./engineHarness";

/**
 * Pulumi YAML projects for the e2e suite: examples/yaml copied unchanged into the workspace. A
 * project names no plugin path: the engine finds the plugin where `pulumi plugin install` put
 * it, as a user's does. Here the installed plugin is a one-line archive that runs the suite's
 * snapshot of the package (its launcher bin/ beside its dist/); test/e2e/pluginArchive.test.ts
 * installs the release's archive instead.
 */
export const YAML_EXAMPLE = path.join(REPO_ROOT, "examples", "yaml");

/** The snapshot's bin/ (copied once), with the launcher of pulumi-resource-azure-mhsm-pec. */
export function pluginDir(h: EngineHarness): string {
  const dir = path.join(h.packageDir, "bin");
  if (!fs.existsSync(dir)) {
    fs.cpSync(path.join(REPO_ROOT, "bin"), dir, { recursive: true });
  }
  return dir;
}

/**
 * `pulumi plugin install --file` of an archive whose executable runs the snapshot's launcher,
 * into the workspace's Pulumi home: the engine then finds azure-mhsm-pec by its name.
 */
export async function installPlugin(h: EngineHarness): Promise<void> {
  const dir = fs.mkdtempSync(path.join(h.workspace.root, "plugin-archive-"));
  const executable = path.join(dir, `pulumi-resource-${PLUGIN_NAME}`);
  const launcher = path.join(pluginDir(h), `pulumi-resource-${PLUGIN_NAME}`);
  fs.writeFileSync(executable, `#!/bin/sh\nexec '${launcher}' "$@"\n`, { mode: 0o755 });
  const archive = path.join(dir, "plugin.tar.gz");
  execFileSync("tar", ["-czf", archive, "-C", dir, path.basename(executable)]);
  const version = (
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }
  ).version;
  await h.workspace.pulumi(h.workspace.root, [
    "plugin",
    "install",
    "resource",
    PLUGIN_NAME,
    version,
    "--file",
    archive,
  ]);
}

/** A stack of a copy of examples/yaml (or of `pulumiYaml`, a project of the test's own). */
export async function newYamlStack(
  h: EngineHarness,
  stackName: string,
  config: Record<string, string>,
  pulumiYaml?: string,
): Promise<PulumiStack> {
  const project = h.workspace.prepareProject(YAML_EXAMPLE, { name: `yaml-${stackName}` });
  if (pulumiYaml !== undefined) {
    fs.writeFileSync(path.join(project.dir, "Pulumi.yaml"), pulumiYaml);
  }
  const stack = await PulumiStack.init(h.workspace, project.dir, stackName);
  if (Object.keys(config).length > 0) {
    await stack.setConfig(config);
  }
  return stack;
}

/** A YAML project with no resources: where `pulumi import` adopts one. */
export function emptyYamlProject(name: string): string {
  return [`name: ${name}`, "runtime: yaml", ""].join("\n");
}

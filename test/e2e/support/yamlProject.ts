import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiStack } from "../../../tools/lib/pulumiStack";
import { REPO_ROOT } from "../../../tools/lib/repoRoot";
import { PLUGIN_NAME } from "../../../provider/plugin/tokens";
import type { EngineHarness } from "./engineHarness";

/**
 * Pulumi YAML projects for the e2e suite: examples/yaml copied into the workspace, its
 * plugins.providers path pointed at the suite's snapshot of the package (which gets the
 * launcher, bin/, beside its dist/), as a user's project points at node_modules.
 */
export const YAML_EXAMPLE = path.join(REPO_ROOT, "examples", "yaml");
const EXAMPLE_PLUGIN_PATH = "path: ../../bin";

/** The snapshot's bin/ (copied once), where the engine finds pulumi-resource-azure-mhsm-pec. */
export function pluginDir(h: EngineHarness): string {
  const dir = path.join(h.packageDir, "bin");
  if (!fs.existsSync(dir)) {
    fs.cpSync(path.join(REPO_ROOT, "bin"), dir, { recursive: true });
  }
  return dir;
}

/** A stack of a copy of examples/yaml (or of `pulumiYaml`, a project of the test's own). */
export async function newYamlStack(
  h: EngineHarness,
  stackName: string,
  config: Record<string, string>,
  pulumiYaml?: string,
): Promise<PulumiStack> {
  const project = h.workspace.prepareProject(YAML_EXAMPLE, { name: `yaml-${stackName}` });
  const file = path.join(project.dir, "Pulumi.yaml");
  const text = pulumiYaml ?? fs.readFileSync(file, "utf8");
  if (!text.includes(EXAMPLE_PLUGIN_PATH)) {
    throw new Error(`the YAML project no longer says '${EXAMPLE_PLUGIN_PATH}'`);
  }
  fs.writeFileSync(file, text.replace(EXAMPLE_PLUGIN_PATH, `path: ${pluginDir(h)}`));
  const stack = await PulumiStack.init(h.workspace, project.dir, stackName);
  if (Object.keys(config).length > 0) {
    await stack.setConfig(config);
  }
  return stack;
}

/** A YAML project with the plugin and no resources: where `pulumi import` adopts one. */
export function emptyYamlProject(name: string): string {
  return [
    `name: ${name}`,
    "runtime: yaml",
    "plugins:",
    "  providers:",
    `    - name: ${PLUGIN_NAME}`,
    `      ${EXAMPLE_PLUGIN_PATH}`,
    "",
  ].join("\n");
}

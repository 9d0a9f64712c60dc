import * as path from "node:path";
import type { CommandResult } from "./boundedProcess";
import type { PulumiCli } from "./pulumiCli";
import { PulumiStack } from "./pulumiStack";
import { PulumiWorkspace, type RunOptions } from "./pulumiWorkspace";
import { REPO_ROOT } from "./repoRoot";

/**
 * The demo's lifecycle through the real Pulumi engine: examples/basic, run unchanged from a
 * temporary copy, on a file backend in a temporary directory. What DirectLifecycle does by
 * calling the provider's hooks, this does with `pulumi up/refresh/destroy`.
 */
export interface EngineStep {
  result: CommandResult;
  /** The lines of the engine's "Resources:" summary, e.g. ["+ 2 created"]. */
  changes: string[];
}

export interface EngineLifecycleOptions {
  cli: PulumiCli;
  /** The environment of every pulumi command (the emulator's env()). */
  env: Record<string, string>;
  /** The program's config: resourceGroupName, hsmName, connectionName, status, description. */
  config: Record<string, string>;
  /** Every line the CLI prints, as it comes. */
  onOutput?: (line: string, stream: "stdout" | "stderr") => void;
  example?: string;
  stackName?: string;
}

export class EngineLifecycle {
  private constructor(
    readonly workspace: PulumiWorkspace,
    readonly stack: PulumiStack,
  ) {}

  /** Copies the example, creates the stack and sets its config. */
  static async start(options: EngineLifecycleOptions): Promise<EngineLifecycle> {
    const workspace = new PulumiWorkspace({
      cli: options.cli,
      env: options.env,
      onOutput: options.onOutput,
    });
    try {
      const project = workspace.prepareProject(
        options.example ?? path.join(REPO_ROOT, "examples", "basic"),
      );
      const stack = await PulumiStack.init(workspace, project.dir, options.stackName ?? "demo");
      await stack.setConfig(options.config);
      return new EngineLifecycle(workspace, stack);
    } catch (error) {
      workspace.dispose();
      throw error;
    }
  }

  /** `pulumi up`; with allowFailure, a refused update is returned rather than thrown. */
  async up(options?: RunOptions): Promise<EngineStep> {
    return step(await this.stack.up([], options));
  }

  /** `pulumi refresh --diff`: the properties that changed are in the output. */
  async refresh(): Promise<EngineStep> {
    return step(await this.stack.refresh(["--diff"]));
  }

  async destroy(): Promise<EngineStep> {
    return step(await this.stack.destroy());
  }

  outputs(): Promise<Record<string, unknown>> {
    return this.stack.outputs();
  }

  /** Removes the stack's files (state, config, the copied program). */
  dispose() {
    this.workspace.dispose();
  }
}

function step(result: CommandResult): EngineStep {
  return { result, changes: resourceChanges(result.stdout) };
}

/** The "Resources:" block of the engine's summary, one change per line. */
export function resourceChanges(stdout: string): string[] {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.trim() === "Resources:");
  if (start < 0) {
    return [];
  }
  const changes: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") break;
    changes.push(line.trim());
  }
  return changes;
}

/** Property changes a refresh --diff reported, e.g. ['status: "Approved" => "Rejected"']. */
export function propertyChanges(stdout: string): string[] {
  return stdout
    .split("\n")
    .map((line) => /^\s*~\s+(\w+)\s*:\s*(.*=>.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[1] !== "etag")
    .map((m) => `${m[1]}: ${m[2].trim()}`);
}

import type { DeploymentResource, ExportedState, PreviewJson } from "./stackJson";
import type { BackgroundRunOptions, PulumiWorkspace, RunOptions } from "./pulumiWorkspace";

/** One stack of one prepared project, in a workspace. */
export class PulumiStack {
  constructor(
    readonly workspace: PulumiWorkspace,
    readonly projectDir: string,
    readonly name: string,
  ) {}

  /** `pulumi stack init` (the stack file is created in the project dir). */
  static async init(workspace: PulumiWorkspace, projectDir: string, name: string) {
    await workspace.pulumi(projectDir, ["stack", "init", name, "--non-interactive"]);
    return new PulumiStack(workspace, projectDir, name);
  }

  /** Runs `pulumi <args> --non-interactive --color never -s <stack>`. */
  run(args: string[], options?: RunOptions) {
    return this.workspace.pulumi(
      this.projectDir,
      [...args, "--non-interactive", "--color", "never", "-s", this.name],
      options,
    );
  }

  /** Starts `pulumi <args> --non-interactive --color never -s <stack>` without waiting. */
  start(args: string[], options?: BackgroundRunOptions) {
    return this.workspace.startPulumi(
      this.projectDir,
      [...args, "--non-interactive", "--color", "never", "-s", this.name],
      options,
    );
  }

  /** Plain config values; a key written `a[0]` or `a.b` is set as a path. */
  async setConfig(values: Record<string, string>) {
    const plain = Object.entries(values).filter(([key]) => !/[[.]/.test(key));
    const paths = Object.entries(values).filter(([key]) => /[[.]/.test(key));
    for (const [group, pathFlag] of [
      [plain, []],
      [paths, ["--path"]],
    ] as const) {
      if (group.length > 0) {
        await this.workspace.pulumi(this.projectDir, [
          "config",
          "set-all",
          ...pathFlag,
          ...group.flatMap(([key, value]) => ["--plaintext", `${key}=${value}`]),
          "-s",
          this.name,
        ]);
      }
    }
  }

  /** Sets `key` to a list of strings (replacing any previous list). */
  async setConfigList(key: string, values: string[]) {
    await this.workspace.pulumi(this.projectDir, ["config", "rm", key, "-s", this.name], {
      allowFailure: true,
    });
    if (values.length > 0) {
      await this.setConfig(Object.fromEntries(values.map((value, i) => [`${key}[${i}]`, value])));
    }
  }

  async removeConfig(key: string) {
    await this.workspace.pulumi(this.projectDir, ["config", "rm", key, "-s", this.name], {
      allowFailure: true,
    });
  }

  preview(extra: string[] = [], options?: RunOptions) {
    return this.run(["preview", ...extra], options);
  }

  /** `pulumi preview --json`, parsed. */
  async previewJson(extra: string[] = []): Promise<PreviewJson> {
    const result = await this.run(["preview", "--json", ...extra]);
    return JSON.parse(result.stdout) as PreviewJson;
  }

  up(extra: string[] = [], options?: RunOptions) {
    return this.run(["up", "--yes", "--skip-preview", ...extra], options);
  }

  refresh(extra: string[] = [], options?: RunOptions) {
    return this.run(["refresh", "--yes", "--skip-preview", ...extra], options);
  }

  /** `pulumi refresh --preview-only`: what a refresh would change, nothing saved. */
  previewRefresh(extra: string[] = [], options?: RunOptions) {
    return this.run(["refresh", "--preview-only", ...extra], options);
  }

  destroy(extra: string[] = [], options?: RunOptions) {
    return this.run(["destroy", "--yes", "--skip-preview", ...extra], options);
  }

  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.workspace.pulumi(this.projectDir, [
      "stack",
      "output",
      "--json",
      "--show-secrets",
      "-s",
      this.name,
    ]);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  async exportState(): Promise<ExportedState> {
    const result = await this.workspace.pulumi(this.projectDir, [
      "stack",
      "export",
      "-s",
      this.name,
    ]);
    return JSON.parse(result.stdout) as ExportedState;
  }

  /** The stack's custom resources of a type (default: every dynamic resource). */
  async resources(type = "pulumi-nodejs:dynamic/"): Promise<DeploymentResource[]> {
    const state = await this.exportState();
    return (state.deployment.resources ?? []).filter((r) => r.type.startsWith(type));
  }

  /** `pulumi stack rm --force --yes` (state and stack config file). */
  remove() {
    return this.workspace.pulumi(this.projectDir, [
      "stack",
      "rm",
      this.name,
      "--force",
      "--yes",
      "--non-interactive",
    ]);
  }
}

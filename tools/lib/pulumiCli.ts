import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The Pulumi CLI, run for real: found on PATH or in the cache of tools/install-pulumi-cli.sh
 * (built there when asked), and driven in an isolated workspace: its own PULUMI_HOME, a
 * file:// backend in a temporary directory, a passphrase secrets provider, no plugin
 * downloads, no update check. Every command is bounded in time and killed with its process
 * group when it overruns; every temporary directory is removed by dispose().
 */

export const PACKAGE_NAME = "pulumi-azure-mhsm-pec";

/** The repository root (this file is tools/lib/pulumiCli.ts, or dist/tools/lib/...). */
export const REPO_ROOT = findRepoRoot(__dirname);

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

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE_NAME) {
          return dir;
        }
      } catch {
        // not a package.json we can read: keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find the ${PACKAGE_NAME} repository above ${start}`);
    }
    dir = parent;
  }
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

// --- running commands -----------------------------------------------------------------------

export interface CommandResult {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

interface BoundedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  onStdout?: (line: string) => void;
  onStderr?: (line: string) => void;
}

function describeExit(result: CommandResult): string {
  if (result.timedOut) {
    return `timed out after ${result.durationMs} ms`;
  }
  return result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
}

/** Calls `onLine` for each complete line of a stream (and the rest at the end). */
function lineSplitter(onLine: ((line: string) => void) | undefined) {
  let pending = "";
  return {
    push(chunk: string) {
      if (!onLine) return;
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      lines.forEach((line) => onLine(line));
    },
    end() {
      if (onLine && pending) onLine(pending);
      pending = "";
    },
  };
}

/** Processes started by runBounded and not finished yet, by process-group id. */
const running = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** On an unexpected exit of this process, take the children's process groups along. */
process.once("exit", () => {
  for (const pid of running) killGroup(pid, "SIGKILL");
});

/**
 * Runs a command in its own process group; on timeout, SIGTERM to the group, SIGKILL 10 s
 * later. The language host, the program and the dynamic providers are in that group.
 */
export function runBounded(
  file: string,
  args: string[],
  options: BoundedOptions,
): Promise<CommandResult> {
  const started = Date.now();
  const command = [file, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const pid = child.pid;
    if (pid !== undefined) running.add(pid);
    let stdout = "";
    let stderr = "";
    const outLines = lineSplitter(options.onStdout);
    const errLines = lineSplitter(options.onStderr);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      outLines.push(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      errLines.push(chunk);
    });
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) {
        killGroup(pid, "SIGTERM");
        killTimer = setTimeout(() => killGroup(pid, "SIGKILL"), 10_000);
      }
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      if (pid !== undefined) running.delete(pid);
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      outLines.end();
      errLines.end();
      if (pid !== undefined) {
        running.delete(pid);
        // Anything of the group still alive (a dynamic provider the engine left) goes too.
        killGroup(pid, "SIGKILL");
      }
      resolve({
        command,
        code,
        signal,
        timedOut,
        stdout,
        stderr,
        durationMs: Date.now() - started,
      });
    });
  });
}

/** A command started by startBounded, still running or not. */
export interface BackgroundCommand {
  command: string;
  /** Its process id (and process group id); undefined when it could not start (result rejects). */
  pid: number | undefined;
  /** Sends `signal` to the process alone, as `kill -<signal> <pid>` does; false if it is gone. */
  kill(signal: NodeJS.Signals): boolean;
  /** runBounded's result: when the command has ended (and its process group is killed). */
  result: Promise<CommandResult>;
}

/**
 * runBounded, without waiting: for a test that signals the command while it runs (an
 * interrupted `pulumi destroy`). Same bound, same process-group cleanup.
 */
export function startBounded(
  file: string,
  args: string[],
  options: BoundedOptions,
): BackgroundCommand {
  const before = new Set(running);
  const result = runBounded(file, args, options);
  // runBounded spawns synchronously: its process is the one new entry of `running`.
  const pid = [...running].find((p) => !before.has(p));
  return {
    command: [file, ...args].join(" "),
    pid,
    kill(signal) {
      if (pid === undefined || !running.has(pid)) return false;
      try {
        process.kill(pid, signal);
        return true;
      } catch {
        return false;
      }
    },
    result,
  };
}

// --- an isolated workspace ------------------------------------------------------------------

/** Environment variables of the caller that would change what the CLI or the provider does. */
const INHERITED_ENV_DROPPED =
  /^(PULUMI_|AZURE_|ARM_|MSI_|IDENTITY_|MHSM_PEC_|NODE_EXTRA_CA_CERTS$)/;

export interface WorkspaceOptions {
  cli: PulumiCli;
  /** Environment added for every command (e.g. the emulator's env()). */
  env?: Record<string, string>;
  /** Default bound of one command; default 180 s. */
  timeoutMs?: number;
  /** Lines of every command's output, as they come (for a demo or a debug log). */
  onOutput?: (line: string, stream: "stdout" | "stderr") => void;
  /** The passphrase of the stacks' secrets provider; a random one by default. */
  passphrase?: string;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Resolve with the result instead of rejecting when the exit code is not 0. */
  allowFailure?: boolean;
  env?: Record<string, string>;
}

/** A project copied into the workspace, with a node_modules that resolves the packages. */
export interface PreparedProject {
  dir: string;
  /** Where `pulumi-azure-mhsm-pec` resolves from this project. */
  packageDir: string;
}

/**
 * One temporary root holding PULUMI_HOME, the file backend, and the copied projects. Commands
 * run with `--non-interactive --color never` (plus `--yes` / `-s <stack>` where they apply);
 * every stdout and stderr is kept in `transcript` so a test can scan all of them.
 */
export class PulumiWorkspace {
  readonly root: string;
  readonly home: string;
  readonly backendDir: string;
  readonly transcript: CommandResult[] = [];
  private readonly passphrase: string;
  private disposed = false;

  constructor(private readonly options: WorkspaceOptions) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-pec-pulumi-"));
    this.home = path.join(this.root, "home");
    this.backendDir = path.join(this.root, "backend");
    fs.mkdirSync(this.home);
    fs.mkdirSync(this.backendDir);
    this.passphrase = options.passphrase ?? `e2e-${Math.random().toString(36).slice(2)}`;
  }

  /** The environment every command gets: the caller's, minus anything Pulumi/Azure, plus ours. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !INHERITED_ENV_DROPPED.test(key)),
    );
    return {
      ...base,
      PATH: `${this.options.cli.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: this.home,
      PULUMI_BACKEND_URL: `file://${this.backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: this.passphrase,
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      ...this.options.env,
      ...extra,
    };
  }

  /** Runs `pulumi <args>` in `cwd`; rejects on a non-zero exit unless allowFailure. */
  async pulumi(cwd: string, args: string[], options: RunOptions = {}): Promise<CommandResult> {
    if (this.disposed) {
      throw new Error("the workspace is disposed");
    }
    const onOutput = this.options.onOutput;
    const result = await runBounded(path.join(this.options.cli.binDir, "pulumi"), args, {
      cwd,
      env: this.env(options.env),
      timeoutMs: options.timeoutMs ?? this.options.timeoutMs ?? 180_000,
      onStdout: onOutput && ((line) => onOutput(line, "stdout")),
      onStderr: onOutput && ((line) => onOutput(line, "stderr")),
    });
    this.transcript.push(result);
    if (result.code !== 0 && !options.allowFailure) {
      throw new CommandFailed(result);
    }
    return result;
  }

  /**
   * Starts `pulumi <args>` in `cwd` and returns at once, to signal it while it runs. Its result
   * (whatever the exit code) joins `transcript` when it ends.
   */
  startPulumi(cwd: string, args: string[], options: Omit<RunOptions, "allowFailure"> = {}) {
    if (this.disposed) {
      throw new Error("the workspace is disposed");
    }
    const onOutput = this.options.onOutput;
    const started = startBounded(path.join(this.options.cli.binDir, "pulumi"), args, {
      cwd,
      env: this.env(options.env),
      timeoutMs: options.timeoutMs ?? this.options.timeoutMs ?? 180_000,
      onStdout: onOutput && ((line) => onOutput(line, "stdout")),
      onStderr: onOutput && ((line) => onOutput(line, "stderr")),
    });
    started.result.then(
      (result) => this.transcript.push(result),
      () => undefined,
    );
    return started;
  }

  /**
   * Copies a project (its files, not its node_modules nor stack files) into the workspace and
   * gives it a node_modules of symlinks to each entry of the repository's node_modules, plus
   * `pulumi-azure-mhsm-pec` -> packageDir (default: the repository root, whose package.json
   * points at dist/). The program runs unchanged.
   */
  prepareProject(sourceDir: string, options: { name?: string; packageDir?: string } = {}) {
    const name = options.name ?? path.basename(sourceDir);
    const dir = path.join(this.root, "projects", name);
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.cpSync(sourceDir, dir, {
      recursive: true,
      filter: (source) => {
        const base = path.basename(source);
        return base !== "node_modules" && !/^Pulumi\..+\.yaml$/.test(base);
      },
    });
    const packageDir = options.packageDir ?? REPO_ROOT;
    linkNodeModules(path.join(dir, "node_modules"), { [PACKAGE_NAME]: packageDir });
    return { dir, packageDir } satisfies PreparedProject;
  }

  /**
   * A copy of the built package (package.json + dist/provider + dist/emulator) in the
   * workspace, as npm would install it, whose dependencies resolve through a node_modules
   * symlink to the repository's. Stacks that use it are not affected by a rebuild of the
   * repository's dist/ while they run, and a test can change it after a stack was created.
   */
  copyPackage(name = "package-copy"): string {
    const dir = path.join(this.root, name);
    fs.mkdirSync(path.join(dir, "dist"), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(dir, "package.json"));
    for (const part of ["provider", "emulator"]) {
      const built = path.join(REPO_ROOT, "dist", part);
      if (fs.existsSync(built)) {
        fs.cpSync(built, path.join(dir, "dist", part), { recursive: true });
      }
    }
    for (const required of ["index.js", "index.d.ts", "shim.js"]) {
      if (!fs.existsSync(path.join(dir, "dist", "provider", required))) {
        throw new Error(
          `dist/provider/${required} is missing: build the package first (npx tsc -p .)`,
        );
      }
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
  }

  /** Every file of the file backend (state, history, backups), with its text. */
  backendFiles(): { file: string; text: string }[] {
    const out: { file: string; text: string }[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile()) out.push({ file: full, text: fs.readFileSync(full, "utf8") });
      }
    };
    walk(this.backendDir);
    return out;
  }

  /** Removes every file of the workspace. Commands are all finished by then (they are awaited). */
  dispose() {
    this.disposed = true;
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

export class CommandFailed extends Error {
  constructor(readonly result: CommandResult) {
    super(
      `${result.command} failed (${describeExit(result)})\n--- stdout ---\n${result.stdout.slice(-6000)}\n--- stderr ---\n${result.stderr.slice(-4000)}`,
    );
    this.name = "CommandFailed";
  }
}

/** A node_modules directory of symlinks to the repository's node_modules entries, plus `extra`. */
export function linkNodeModules(target: string, extra: Record<string, string>) {
  const source = path.join(REPO_ROOT, "node_modules");
  if (!fs.existsSync(source)) {
    throw new Error(`${source} does not exist: run npm ci first`);
  }
  fs.mkdirSync(target, { recursive: true });
  for (const entry of fs.readdirSync(source)) {
    if (!(entry in extra)) {
      fs.symlinkSync(path.join(source, entry), path.join(target, entry));
    }
  }
  for (const [name, dir] of Object.entries(extra)) {
    fs.symlinkSync(dir, path.join(target, name), "dir");
  }
}

// --- stacks ---------------------------------------------------------------------------------

export interface PreviewStep {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
  oldState?: { outputs?: Record<string, unknown> };
  newState?: { type?: string; inputs?: Record<string, unknown> };
}

export interface PreviewJson {
  steps: PreviewStep[];
  changeSummary?: Record<string, number>;
  diagnostics?: { message?: string; severity?: string; urn?: string }[];
}

export interface DeploymentResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface ExportedState {
  version: number;
  deployment: { resources?: DeploymentResource[] };
}

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
  start(args: string[], options?: Omit<RunOptions, "allowFailure">) {
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

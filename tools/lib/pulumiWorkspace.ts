import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CommandFailed, runBounded, startBounded, type CommandResult } from "./boundedProcess";
import type { PulumiCli } from "./pulumiCli";
import { PACKAGE_NAME, REPO_ROOT } from "./repoRoot";

/**
 * The Pulumi CLI driven in an isolated workspace: its own PULUMI_HOME, a file:// backend in a
 * temporary directory, a passphrase secrets provider, no plugin downloads, no update check.
 * Every command is bounded in time (boundedProcess.ts); every temporary directory is removed by
 * dispose().
 */

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

/** For a command started in the background: each line of its stdout as it comes. */
export interface BackgroundRunOptions extends Omit<RunOptions, "allowFailure"> {
  onStdout?: (line: string) => void;
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
  startPulumi(cwd: string, args: string[], options: BackgroundRunOptions = {}) {
    if (this.disposed) {
      throw new Error("the workspace is disposed");
    }
    const onOutput = this.options.onOutput;
    const onLine = options.onStdout;
    const started = startBounded(path.join(this.options.cli.binDir, "pulumi"), args, {
      cwd,
      env: this.env(options.env),
      timeoutMs: options.timeoutMs ?? this.options.timeoutMs ?? 180_000,
      onStdout:
        (onOutput || onLine) &&
        ((line) => {
          onOutput?.(line, "stdout");
          onLine?.(line);
        }),
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

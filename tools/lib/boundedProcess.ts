import { spawn } from "node:child_process";

/**
 * Commands bounded in time: each runs in its own process group, killed with that group when it
 * overruns, when it ends, or when this process exits.
 */

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

export function describeExit(result: CommandResult): string {
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

export class CommandFailed extends Error {
  constructor(readonly result: CommandResult) {
    super(
      `${result.command} failed (${describeExit(result)})\n--- stdout ---\n${result.stdout.slice(-6000)}\n--- stderr ---\n${result.stderr.slice(-4000)}`,
    );
    this.name = "CommandFailed";
  }
}

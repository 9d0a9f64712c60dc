import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { childEnv, finished, type Finished } from "../emulator/support/processes";
import { REPO_ROOT } from "./specSource";

/**
 * A Python venv in a temporary directory with Microsoft's SDK installed from PyPI
 * (test/conformance/python/requirements.txt). Nothing is skipped: no python3, no venv module or
 * no PyPI fails with a message saying which.
 */

export const PYTHON_DIR = path.join(REPO_ROOT, "test", "conformance", "python");
/** The SDK suite's requirements; the Azure CLI suite has its own file. */
export const SDK_REQUIREMENTS = path.join(PYTHON_DIR, "requirements.txt");

export interface Venv {
  dir: string;
  python: string;
  remove(): void;
}

async function run(
  command: string,
  args: string[],
  timeoutMs: number,
  env = childEnv(),
): Promise<Finished> {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  return finished(child, timeoutMs);
}

function tail(text: string, lines = 15): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}

function failIf(result: Finished, what: string): void {
  if (result.code !== 0) {
    throw new Error(
      `${what} (exit ${result.code ?? result.signal}):\n${tail(result.stderr || result.stdout)}`,
    );
  }
}

/** `env` adds to pip's environment (a test points PIP_INDEX_URL somewhere unreachable). */
export async function createVenv(
  timeoutMs: number,
  env: Record<string, string> = {},
  requirements = SDK_REQUIREMENTS,
): Promise<Venv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-python-sdk-"));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const made = await run("python3", ["-m", "venv", dir], 60_000).catch((error: Error) => {
      throw new Error(`python3 is needed for the Python SDK conformance suite: ${error.message}`);
    });
    failIf(made, "python3 -m venv failed (is the venv module installed?)");
    const python = path.join(dir, "bin", "python");
    const pip = [
      "-m",
      "pip",
      "install",
      "--disable-pip-version-check",
      "--no-input",
      "--quiet",
      "--timeout",
      "30",
      "--retries",
      "2",
      "-r",
      requirements,
    ];
    const installed = await run(python, pip, timeoutMs, childEnv(env));
    failIf(
      installed,
      `pip could not install ${requirements} from PyPI (is PyPI reachable from this machine?)`,
    );
    return { dir, python, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** The installed version of a distribution, as pip's metadata says. */
export async function installedVersion(venv: Venv, distribution: string): Promise<string> {
  const code = `import importlib.metadata as m; print(m.version(${JSON.stringify(distribution)}))`;
  const result = await run(venv.python, ["-c", code], 30_000);
  failIf(result, `could not read the version of ${distribution}`);
  return result.stdout.trim();
}

export function runScript(
  venv: Venv,
  script: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<Finished> {
  return run(venv.python, [path.join(PYTHON_DIR, script)], timeoutMs, childEnv(env));
}

/** A command the venv installed (bin/<name>), run with `env` added to a clean environment. */
export function runVenvCommand(
  venv: Venv,
  name: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<Finished> {
  return run(path.join(venv.dir, "bin", name), args, timeoutMs, childEnv(env));
}

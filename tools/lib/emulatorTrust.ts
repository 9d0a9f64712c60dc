import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureCertificate } from "../../emulator";

const RELAUNCHED = "MHSM_EMULATOR_CA_RELAUNCHED";

/**
 * True when this process was started trusting the CA at caPath: NODE_EXTRA_CA_CERTS names it,
 * or a bundle that holds it (tools/with-emulator-ca bundles it with a CA already trusted).
 * Node reads the variable only at start, so setting it later changes nothing.
 */
export function processTrustsCa(caPath: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (!extra) {
    return false;
  }
  try {
    return fs.readFileSync(extra, "utf8").includes(fs.readFileSync(caPath, "utf8").trim());
  } catch {
    return false;
  }
}

/**
 * For a script that starts the emulator in-process: true when this process already trusts the
 * emulator's CA; otherwise runs the script again under tools/with-emulator-ca (once: a second
 * failure is an error, not a loop), sets the exit code from that run, and returns false.
 */
export function relaunchUnlessEmulatorTrusted(script: string): boolean {
  const { caPath } = ensureCertificate();
  if (processTrustsCa(caPath)) {
    return true;
  }
  if (process.env[RELAUNCHED]) {
    throw new Error(
      `started under with-emulator-ca, yet NODE_EXTRA_CA_CERTS (${process.env.NODE_EXTRA_CA_CERTS}) does not hold ${caPath}`,
    );
  }
  const launcher = path.join(__dirname, "..", "with-emulator-ca.js");
  const run = spawnSync(
    process.execPath,
    [launcher, process.execPath, script, ...process.argv.slice(2)],
    { stdio: "inherit", env: { ...process.env, [RELAUNCHED]: "1" } },
  );
  process.exitCode = run.status ?? 1;
  return false;
}

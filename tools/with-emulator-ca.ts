import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureCertificate } from "../emulator/tls/certificate";

/**
 * `node dist/tools/with-emulator-ca.js <cmd> [args...]` runs the command trusting the
 * emulator's CA. Node reads NODE_EXTRA_CA_CERTS only when a process starts, so a test run
 * that starts the emulator in-process could not trust it any later: this wrapper makes sure
 * the certificate exists first (default directory, or MHSM_EMULATOR_CERT_DIR) and sets the
 * variable for the whole child process tree.
 */

const FORWARDED_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/**
 * Node takes one extra-CA file: when the caller already trusts one (a corporate CA), both go
 * into a bundle beside the emulator's certificate, so neither is lost for the command.
 */
function trustedBundle(previous: string | undefined): string {
  const { caPath } = ensureCertificate();
  if (!previous || previous === caPath || !fs.existsSync(previous)) {
    return caPath;
  }
  const bundle = path.join(path.dirname(caPath), "trust-bundle.pem");
  const contents = `${fs.readFileSync(previous, "utf8").trimEnd()}\n${fs.readFileSync(caPath, "utf8")}`;
  // Written aside and renamed: concurrent runs never read a half-written bundle.
  const partial = `${bundle}.${process.pid}`;
  fs.writeFileSync(partial, contents);
  fs.renameSync(partial, bundle);
  return bundle;
}

function main(): void {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    process.stderr.write("usage: node dist/tools/with-emulator-ca.js <command> [args...]\n");
    process.exit(2);
  }
  const child = spawn(command, args, {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: trustedBundle(process.env.NODE_EXTRA_CA_CERTS) },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  FORWARDED_SIGNALS.forEach((signal) => process.on(signal, forward));
  child.on("error", (error) => {
    process.stderr.write(`with-emulator-ca: cannot run '${command}': ${error.message}\n`);
    process.exit(127);
  });
  child.on("exit", (code, signal) => {
    FORWARDED_SIGNALS.forEach((s) => process.off(s, forward));
    if (signal) {
      // Die of the same signal, so the caller sees what happened to the command.
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

main();

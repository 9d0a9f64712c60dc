import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { TEST_CERT_DIR } from "./support/emulator";
import { childEnv, finished, runNode, waitForOutput } from "./support/processes";

const WRAPPER = path.join(__dirname, "..", "..", "tools", "with-emulator-ca.js");

describe("tools/with-emulator-ca", function () {
  this.timeout(20_000);

  it("runs the command with NODE_EXTRA_CA_CERTS set to the emulator's CA and exits with its code", async () => {
    const result = await runNode(
      [
        WRAPPER,
        process.execPath,
        "-e",
        "console.log(process.env.NODE_EXTRA_CA_CERTS); process.exit(7)",
      ],
      childEnv({ MHSM_EMULATOR_CERT_DIR: TEST_CERT_DIR }),
    );
    assert.equal(result.code, 7);
    assert.equal(result.stdout.trim(), path.join(TEST_CERT_DIR, "ca.pem"));
  });

  it("forwards SIGTERM to the command and dies of it too", async () => {
    const child = spawn(
      process.execPath,
      [WRAPPER, process.execPath, "-e", "console.log('ready'); setInterval(() => {}, 1000)"],
      {
        env: childEnv({ MHSM_EMULATOR_CERT_DIR: TEST_CERT_DIR }),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const done = finished(child, 15_000);
    await waitForOutput(child, "ready", 10_000);
    child.kill("SIGTERM");
    const exit = await done;
    assert.equal(exit.signal, "SIGTERM");
  });

  it("fails with usage when no command is given, and with 127 when it cannot run it", async () => {
    const usage = await runNode([WRAPPER], childEnv({ MHSM_EMULATOR_CERT_DIR: TEST_CERT_DIR }));
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage/);
    const missing = await runNode(
      [WRAPPER, "/definitely/not/a/command"],
      childEnv({ MHSM_EMULATOR_CERT_DIR: TEST_CERT_DIR }),
    );
    assert.equal(missing.code, 127);
  });
});

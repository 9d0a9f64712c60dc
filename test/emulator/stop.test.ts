import { strict as assert } from "node:assert";
import * as https from "node:https";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  TEST_CERT_DIR,
  connectionPath,
  seed,
  start,
  stopEmulatorsAfterEach,
  withApi,
} from "./support/emulator";
import { arm, armToken } from "./support/https";
import { childEnv, runNode } from "./support/processes";
import { waitFor } from "../support/testClocks";

describe("emulator stop()", function () {
  this.timeout(60_000);
  stopEmulatorsAfterEach();

  it("closes kept-alive connections and requests held by a delay fault", async () => {
    const emulator = await start();
    seed(emulator);
    await armToken(emulator);
    const agent = new https.Agent({ keepAlive: true, ca: fs.readFileSync(emulator.caPath) });
    await new Promise<void>((resolve, reject) => {
      https
        .get(`${emulator.url}/_emulator/behavior`, { agent }, (res) => {
          res.resume();
          res.on("end", resolve);
        })
        .on("error", reject);
    });
    // Longer than the test's own timeout: a stop() that waited for it fails the test.
    emulator.control.injectFault({ match: { op: "get" }, fault: { kind: "delay", ms: 3_600_000 } });
    const held = arm(emulator, "GET", withApi(connectionPath(emulator))).catch((e: Error) => e);
    await waitFor(() => emulator.control.pendingFaults() === 0, "the GET held by the delay");
    await emulator.stop();
    assert.ok((await held) instanceof Error, "the held request was cut off");
    await emulator.stop(); // stopping twice is harmless
    agent.destroy();
  });

  it("leaves nothing that keeps a process alive", async () => {
    const script = `
      const { startEmulator } = require(${JSON.stringify(path.join(__dirname, "..", "..", "emulator"))});
      startEmulator({ certDir: ${JSON.stringify(TEST_CERT_DIR)}, behavior: { deleteOutcome: "Never" } })
        .then(async (e) => {
          e.control.createParent({ resourceGroupName: "rg", parentName: "h" });
          await fetch(e.url + "/_emulator/behavior");
          await e.stop();
          console.log("stopped");
        });
    `;
    // A handle left open keeps the process alive for good: the bound only ends a hung test.
    const result = await runNode(
      ["-e", script],
      childEnv({ NODE_EXTRA_CA_CERTS: path.join(TEST_CERT_DIR, "ca.pem") }),
      50_000,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), "stopped");
  });
});

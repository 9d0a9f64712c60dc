import { strict as assert } from "node:assert";
import * as path from "node:path";
import { childEnv, runNode } from "../emulator/support/processes";
import {
  armRequests,
  inputsFor,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";

/**
 * A preview against an endpoint whose certificate the provider does not trust (the emulator
 * with NODE_EXTRA_CA_CERTS unset, as a user forgets it) fails, with the fix in words that hold
 * for any program language; with the CA trusted, the same check passes. The check runs in a
 * child process: Node reads NODE_EXTRA_CA_CERTS only at start-up.
 */
describe("integration: an untrusted certificate fails the preview, saying what to do", function () {
  this.timeout(60_000);
  let h: Harness;
  let name: string;
  const probe = path.join(__dirname, "fixtures", "checkProbe.js");

  before(async () => {
    h = await startHarness();
    ({ name } = seedPendingConnection(h));
  });
  after(async () => h?.stop());

  const checkIn = async (env: Record<string, string | undefined>) => {
    const finished = await runNode(
      [probe, JSON.stringify(inputsFor(h, name))],
      childEnv({ ...h.emulator.env(), ...env }),
      45_000,
    );
    const line = finished.stdout.trim().split("\n").pop() ?? "";
    return JSON.parse(line) as { ok: boolean; failures?: unknown[]; message?: string };
  };

  it("without the CA: check throws the fix (NODE_EXTRA_CA_CERTS where pulumi runs, or Azure's endpoints)", async () => {
    const result = await checkIn({ NODE_EXTRA_CA_CERTS: undefined });
    assert.equal(result.ok, false, JSON.stringify(result));
    const message = result.message ?? "";
    assert.match(message, /does not trust the TLS certificate/);
    assert.match(
      message,
      /NODE_EXTRA_CA_CERTS to the CA's PEM file in the environment that runs pulumi/,
    );
    assert.match(message, /unset AZURE_RESOURCE_MANAGER_ENDPOINT and AZURE_AUTHORITY_HOST/);
    assert.doesNotMatch(message, /with-emulator-ca/);
    assert.deepEqual(armRequests(h), [], "no ARM request got through");
  });

  it("with the CA trusted: the same check passes", async () => {
    const result = await checkIn({ NODE_EXTRA_CA_CERTS: h.emulator.caPath });
    assert.deepEqual(result, { ok: true, failures: [] });
  });
});

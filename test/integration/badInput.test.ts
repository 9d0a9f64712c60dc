import { strict as assert } from "node:assert";
import { MALFORMED_INPUTS } from "../support/malformedInputs";
import {
  inputsFor,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";

/**
 * Bad input stops at check: the provider as the engine runs it (real SDK client, real
 * DefaultAzureCredential from the environment) refuses each malformed input, naming the field,
 * and the emulator sees no request at all: no ARM call and no token request either.
 */
describe("integration: malformed inputs never reach ARM", function () {
  this.timeout(30_000);
  let h: Harness;
  let name: string;

  before(async () => {
    h = await startHarness();
    name = seedPendingConnection(h).name;
    h.emulator.control.clearRequestLog();
  });
  after(() => h.stop());

  for (const { property, news, reason } of MALFORMED_INPUTS) {
    const shown = JSON.stringify(news).slice(0, 70);
    it(`${shown}: check fails on ${property}; the emulator sees no request`, async () => {
      const result = await h.provider.check({}, inputsFor(h, name, news));
      assert.deepEqual(
        result.failures.map((f) => f.property),
        [property],
      );
      assert.match(result.failures[0].reason, reason);
      assert.deepEqual(h.emulator.control.requestLog(), []);
    });
  }

  // The control: the same log does record what the provider sends once the inputs are valid.
  it("valid inputs pass check, and the create that follows is in the emulator's log", async () => {
    const inputs = inputsFor(h, name);
    const result = await h.provider.check({}, inputs);
    assert.deepEqual(result.failures, []);
    // A new resource's check asks one thing: does the HSM exist (a GET of the named connection).
    const checked = h.emulator.control
      .requestLog()
      .filter((r) => !["token", "openid"].includes(r.op));
    assert.deepEqual(
      checked.map((r) => `${r.method} ${r.op}`),
      ["GET get"],
      "check reads, and writes nothing",
    );
    h.emulator.control.clearRequestLog();
    await h.provider.create(inputs);
    const ops = h.emulator.control.requestLog().map((r) => r.op);
    assert.ok(ops.includes("put"), ops.join(", "));
  });
});

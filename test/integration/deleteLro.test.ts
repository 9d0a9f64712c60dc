import { strict as assert } from "node:assert";
import { DefaultAzureCredential } from "@azure/identity";
import { KeyVaultManagementClient } from "@azure/arm-keyvault";
import type { EmulatorBehavior } from "../../emulator";
import {
  countOps,
  HSM,
  inputsFor,
  RG,
  seedPendingConnection,
  startHarness,
  type Harness,
  armRequests,
} from "../support/emulatorHarness";
import { GatedClock, SteppingClock, waitFor } from "../support/testClocks";

const SHAPES: { title: string; behavior: Partial<EmulatorBehavior> }[] = [
  {
    title: "202 then 204 (as recorded from ARM)",
    behavior: { deleteMode: "async", deleteFinalStatus: 204 },
  },
  { title: "202 then an empty 200", behavior: { deleteMode: "async", deleteFinalStatus: 200 } },
  { title: "200 at once", behavior: { deleteMode: "sync200" } },
  { title: "202 with Azure-AsyncOperation", behavior: { asyncStyle: "azure-asyncoperation" } },
  { title: "202 with a relative Location", behavior: { locationStyle: "relative" } },
  {
    title: "202 with Retry-After",
    behavior: { deleteRetryAfterSeconds: 1, deleteDurationMs: 1500 },
  },
];

describe("integration: delete waits for ARM's long-running operation, whatever its shape", function () {
  this.timeout(30_000);
  let h: Harness;
  let name: string;
  const ref = () => ({ resourceGroupName: RG, parentName: HSM, connectionName: name });

  beforeEach(async () => {
    h = await startHarness();
    name = seedPendingConnection(h).name;
  });
  afterEach(() => h.stop());

  for (const shape of SHAPES) {
    it(`${shape.title}: returns once ARM confirms the connection gone (GET 404)`, async () => {
      const { id, outs } = await h.provider.create(inputsFor(h, name));
      // With a Retry-After the provider follows the operation URL, whose shape this is.
      h.emulator.control.setBehavior({ deleteRetryAfterSeconds: 1, ...shape.behavior });
      h.emulator.control.clearRequestLog();
      await h.provider.delete(id, outs);
      assert.equal(h.emulator.control.getConnection(ref()), undefined);
      const log = armRequests(h);
      assert.equal(log.filter((r) => r.op === "delete").length, 1, "exactly one DELETE");
      if (shape.behavior.deleteMode !== "sync200") {
        assert.ok(countOps(h, "poll") >= 1, "the operation URL was followed");
      }
      const last = log[log.length - 1];
      assert.equal(last.op, "get");
      assert.equal(last.status, 404, "confirmed by a GET that answers 404");
    });
  }

  it("without Retry-After (as ARM answers): reads the connection until it answers 404, never the operation URL", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    // ARM's backend ends the delete when this test says so, and the provider's waits end when
    // the test wakes it: the sequence below cannot depend on the machine's speed.
    h.emulator.control.setBehavior({ deleteOutcome: "Never" });
    h.emulator.control.clearRequestLog();
    const clock = new GatedClock();
    const requests = () => armRequests(h).map((r) => `${r.op} ${r.status}`);
    const deleting = h.providerWith({ clock }).delete(id, outs);

    await waitFor(() => clock.sleeping === 1, "the provider waits after the DELETE");
    assert.deepEqual(requests(), ["delete 202"]);
    clock.wake();
    await waitFor(() => clock.sleeping === 1, "the provider waits after reading Deleting");
    assert.deepEqual(requests(), ["delete 202", "get 200"], "Deleting at 2.5 s");
    assert.equal(h.emulator.control.completeRunningOperations(), 1, "ARM finishes the delete");
    clock.wake();
    await deleting;

    assert.equal(h.emulator.control.getConnection(ref()), undefined);
    assert.deepEqual(
      requests(),
      ["delete 202", "get 200", "get 404"],
      "Deleting at 2.5 s, gone at 5 s",
    );
    assert.deepEqual(clock.sleeps, [2500, 2500], "on the 2.5 s grid from the DELETE");
  });

  it("honours the initial Retry-After before the first poll", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    h.emulator.control.setBehavior({ deleteRetryAfterSeconds: 2, deleteDurationMs: 1000 });
    h.emulator.control.clearRequestLog();
    await h.provider.delete(id, outs);
    const log = armRequests(h);
    const del = log.find((r) => r.op === "delete")!;
    const firstPoll = log.find((r) => r.op === "poll")!;
    const gap = Date.parse(firstPoll.time) - Date.parse(del.time);
    assert.ok(gap >= 1900, `first poll ${gap} ms after the DELETE; Retry-After said 2 s`);
    assert.equal(countOps(h, "poll"), 1, "one poll was enough: the operation was done by then");
  });

  it("a connection that is already gone (DELETE 204) is success, confirmed by one GET", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    await h.provider.delete(id, outs);
    h.emulator.control.clearRequestLog();
    await h.provider.delete(id, outs);
    // Any proxy can answer 204: only ARM's 404 of the connection says it is gone.
    assert.deepEqual(
      armRequests(h).map((r) => `${r.op} ${r.status}`),
      ["delete 204", "get 404"],
    );
  });

  it("a connection whose HSM is gone (DELETE 404) is success", async () => {
    const { outs } = await h.provider.create(inputsFor(h, name));
    const otherId = outs.connectionId.replace(HSM, "hsm-gone");
    await h.provider.delete(otherId, outs);
    assert.equal(countOps(h, "delete"), 1);
  });

  it("an operation that ends Failed fails with ARM's code, message and operation URL; the connection stays", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    h.emulator.control.setBehavior({ deleteOutcome: "Failed" });
    await assert.rejects(h.provider.delete(id, outs), (e: Error) => {
      assert.match(e.message, /^DELETE \/subscriptions\/.* failed: /);
      assert.match(e.message, /operation: https:\/\/127\.0\.0\.1:\d+\//);
      return true;
    });
    assert.ok(h.emulator.control.getConnection(ref()), "the connection still exists");
  });

  it("an Azure-AsyncOperation that ends Failed is a failure too", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    h.emulator.control.setBehavior({ deleteOutcome: "Failed", asyncStyle: "azure-asyncoperation" });
    await assert.rejects(h.provider.delete(id, outs), /operation: https:/);
  });

  it("an operation that never ends hits the delete timeout with an honest message", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name, { timeouts: { delete: 2 } }));
    h.emulator.control.setBehavior({ deleteOutcome: "Never" });
    // Only the deadline can end this delete; it runs on a clock that moves only when the
    // provider waits, so the verdict does not depend on this machine's speed.
    const clock = new SteppingClock();
    await assert.rejects(h.providerWith({ clock }).delete(id, outs), (e: Error) => {
      assert.match(e.message, /still running in ARM/);
      assert.match(e.message, /Re-running is safe/);
      assert.match(e.message, /operation: https:/);
      return true;
    });
    assert.ok(clock.slept <= 2000, `waited ${clock.slept} ms in all, within timeouts.delete`);
    assert.equal(countOps(h, "delete"), 1, "one DELETE, then polls until the deadline");
    assert.ok(
      h.progress.some((m) => /deleting .* elapsed, next check in/.test(m)),
      "progress was reported",
    );
  });

  it("a poll URL that answers 404 is settled by the confirming GET", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    h.emulator.control.setBehavior({ deleteOutcome: "PollNotFound", deleteRetryAfterSeconds: 1 });
    // The emulator deletes the connection and forgets the operation: GET says it is gone.
    await h.provider.delete(id, outs);
    assert.equal(h.emulator.control.getConnection(ref()), undefined);
    assert.equal(armRequests(h).find((r) => r.op === "poll")?.status, 404);
  });

  describe("the SDK's own poller, for comparison (the defects this provider works around)", () => {
    it("beginDeleteAndWait throws on the empty final body although the connection is deleted", async () => {
      await h.provider.create(inputsFor(h, name));
      const env = h.emulator.env();
      const client = new KeyVaultManagementClient(
        new DefaultAzureCredential({
          authorityHost: env.AZURE_AUTHORITY_HOST,
          disableInstanceDiscovery: true,
        }),
        h.emulator.subscriptionId,
        {
          endpoint: h.emulator.url,
          credentials: { scopes: ["https://management.azure.com/.default"] },
        },
      );
      await assert.rejects(
        client.mhsmPrivateEndpointConnections.beginDeleteAndWait(RG, HSM, name, {
          updateIntervalInMs: 100,
        }),
        /Cannot read properties of undefined/,
      );
      assert.equal(h.emulator.control.getConnection(ref()), undefined);
    });
  });
});

import { strict as assert } from "node:assert";
import { MANAGED_HSM } from "../../provider/arm/parentKinds";
import { PREFLIGHT_MS } from "../../provider/hooks/preflight";
import { update } from "../../provider/hooks/update";
import { UnrestorableDriftError, isUnrestorable } from "../../provider/hooks/unrestorableDrift";
import {
  CONN_ID,
  REF,
  connection,
  harness,
  inputs,
  outputs,
  rejection,
  totalApiCalls,
} from "./support/fakes";

/**
 * Azure's connection-state rules as the provider applies them: drift only the consumer can
 * undo fails before any PUT with one message; restorable drift is put back.
 */

function assertRefusalMessage(error: Error, status: string, description: string): void {
  assert.ok(error instanceof UnrestorableDriftError, error.message);
  assert.ok(error.message.includes(CONN_ID), error.message);
  assert.match(error.message, new RegExp(`declared \\w+, but ARM reports status ${status}`));
  // A description may be declared secret: the message says only that there is one.
  assert.ok(!error.message.includes(description), error.message);
  assert.ok(error.message.includes(`(a description of ${description.length} characters)`));
  assert.match(error.message, /Nothing was sent to ARM/);
  assert.match(error.message, /remove this resource from the program/);
}

describe("unrestorable drift (Azure's connection-state rules)", () => {
  it("names Rejected (declared Approved) and Disconnected (whatever is declared) unrestorable", () => {
    assert.equal(isUnrestorable(MANAGED_HSM.profile, "Approved", "Rejected"), true);
    assert.equal(isUnrestorable(MANAGED_HSM.profile, "Approved", "Disconnected"), true);
    assert.equal(isUnrestorable(MANAGED_HSM.profile, "Rejected", "Disconnected"), true);
    assert.equal(isUnrestorable(MANAGED_HSM.profile, "Rejected", "Approved"), false);
    assert.equal(isUnrestorable(MANAGED_HSM.profile, "Approved", "Pending"), false);
    assert.equal(isUnrestorable(MANAGED_HSM.profile, "Rejected", "Rejected"), false);
  });

  for (const operation of ["create", "update"] as const) {
    const apply = (h: ReturnType<typeof harness>, declared = inputs()) =>
      operation === "create"
        ? h.provider.create(declared)
        : h.provider.update(CONN_ID, outputs(), declared);

    describe(operation, () => {
      it("declared Approved, ARM Rejected: fails before any PUT, saying why and what to do", async () => {
        const h = harness();
        h.api.get.resolves(connection({ status: "Rejected", description: "rejected by hand" }));
        const error = await rejection(apply(h));
        assertRefusalMessage(error, "Rejected", "rejected by hand");
        assert.match(error.message, /does not let a rejected connection be approved again/);
        assert.match(error.message, /the consumer re-requests approval/);
        assert.match(error.message, /recreates its private endpoint/);
        assert.match(error.message, /declare status "Rejected"/);
        assert.equal(h.api.put.callCount, 0);
        assert.equal(totalApiCalls(h.api), 1, "one GET, nothing else");
      });

      it("declared Approved or Rejected, ARM Disconnected: fails before any PUT", async () => {
        for (const status of ["Approved", "Rejected"] as const) {
          const h = harness();
          h.api.get.resolves(connection({ status: "Disconnected", description: "gone" }));
          const error = await rejection(apply(h, inputs({ status })));
          assertRefusalMessage(error, "Disconnected", "gone");
          assert.match(error.message, /consumer deleted the private endpoint/);
          assert.match(error.message, /recreates its private endpoint/);
          assert.equal(h.api.put.callCount, 0, status);
        }
      });

      it("declared Rejected, ARM Approved (approved by hand): rejects it again", async () => {
        const h = harness();
        h.api.get
          .onFirstCall()
          .resolves(connection({ status: "Approved", description: "by hand" }));
        h.api.get.resolves(connection({ status: "Rejected", description: "no" }));
        h.api.put.resolves({
          state: connection({ status: "Rejected", provisioningState: "Updating" }),
        });
        const result = await apply(h, inputs({ status: "Rejected", description: "no" }));
        assert.deepEqual(h.api.put.firstCall.args, [
          REF,
          { status: "Rejected", description: "no" },
        ]);
        assert.equal(result.outs.status, "Rejected");
      });

      it("declared Approved, ARM Pending after the consumer re-requested: approves it", async () => {
        const h = harness();
        h.api.get.onFirstCall().resolves(connection({ status: "Pending", description: "please" }));
        h.api.get.resolves(connection({ status: "Approved" }));
        h.api.put.resolves({ state: connection({ status: "Approved" }) });
        const result = await apply(h);
        assert.deepEqual(h.api.put.firstCall.args[1], { status: "Approved", description: "" });
        assert.equal(result.outs.status, "Approved");
      });

      it("declared Rejected, ARM Rejected with another description: a description-only PUT", async () => {
        const h = harness();
        h.api.get.onFirstCall().resolves(connection({ status: "Rejected", description: "old" }));
        h.api.get.resolves(connection({ status: "Rejected", description: "new" }));
        h.api.put.resolves({ state: connection({ status: "Rejected", description: "new" }) });
        await apply(h, inputs({ status: "Rejected", description: "new" }));
        assert.deepEqual(h.api.put.firstCall.args[1], { status: "Rejected", description: "new" });
      });
    });
  }

  it("decides on the settled state: a change in flight that ends Rejected is refused", async () => {
    const h = harness();
    h.api.get
      .onFirstCall()
      .resolves(connection({ status: "Rejected", provisioningState: "Updating" }));
    h.api.get.resolves(connection({ status: "Rejected", description: "x" }));
    const error = await rejection(update(h.ctx, inputs()));
    assertRefusalMessage(error, "Rejected", "x");
    assert.equal(h.api.put.callCount, 0);
  });

  describe("check (preview and up, after a refresh recorded the drift)", () => {
    const refreshed = (status: string, description = "") =>
      outputs({ status, description }) as unknown as Record<string, unknown>;
    const declared = (overrides = {}) => inputs(overrides) as unknown as Record<string, unknown>;
    const statusFailure = (failures: { property: string; reason: string }[]) => {
      assert.equal(failures.length, 1, JSON.stringify(failures));
      assert.equal(failures[0].property, "status");
      return new UnrestorableDriftError(failures[0].reason);
    };

    it("fails on status with the same message when ARM still says Rejected", async () => {
      const h = harness();
      h.api.get.resolves(connection({ status: "Rejected", description: "by hand" }));
      const { failures } = await h.provider.check(refreshed("Rejected", "by hand"), declared());
      assertRefusalMessage(statusFailure(failures), "Rejected", "by hand");
      assert.deepEqual(h.api.get.firstCall.args[0], REF);
      assert.equal(totalApiCalls(h.api), 1);
    });

    it("the preview's read waits at most the parent check's 30 s, not the update's timeout", async () => {
      const h = harness();
      h.api.get.resolves(connection({ status: "Rejected", description: "by hand" }));
      const olds = { ...refreshed("Rejected", "by hand"), timeouts: { update: 3600 } };
      const { failures } = await h.provider.check(olds, declared({ timeouts: { update: 3600 } }));
      statusFailure(failures);
      assert.equal(h.factory.callCount, 1);
      assert.equal(h.factory.firstCall.args[1].budgetMs, PREFLIGHT_MS);
      assert.equal(PREFLIGHT_MS, 30_000);
    });

    it("fails for Disconnected whatever is declared", async () => {
      const h = harness();
      h.api.get.resolves(connection({ status: "Disconnected", description: "gone" }));
      const { failures } = await h.provider.check(
        refreshed("Disconnected", "gone"),
        declared({ status: "Rejected" }),
      );
      assertRefusalMessage(statusFailure(failures), "Disconnected", "gone");
    });

    it("passes when the consumer re-requested since the refresh (ARM says Pending)", async () => {
      const h = harness();
      h.api.get.resolves(connection({ status: "Pending", description: "please" }));
      const { failures } = await h.provider.check(refreshed("Rejected"), declared());
      assert.deepEqual(failures, []);
      assert.equal(h.api.get.callCount, 1);
    });

    it("ignoreChanges: the status a refresh recorded, handed back, passes as it is and asks ARM nothing", async () => {
      for (const status of ["Pending", "Disconnected", "Rejected"]) {
        const h = harness();
        const { inputs: checked, failures } = await h.provider.check(
          refreshed(status),
          declared({ status }),
        );
        assert.deepEqual(failures, [], status);
        assert.equal(checked.status, status, "kept: diff then sees no change of status");
        assert.equal(totalApiCalls(h.api), 0, status);
      }
    });

    it("a status no program may declare is refused when the state does not hold it", async () => {
      const h = harness();
      const { failures } = await h.provider.check(
        refreshed("Approved"),
        declared({ status: "Pending" }),
      );
      assert.match(
        failures[0]?.reason ?? "",
        /status must be one of "Approved", "Rejected" \(got "Pending"\)/,
      );
      const fresh = await h.provider.check({}, declared({ status: "Pending" }));
      assert.equal(fresh.failures[0]?.property, "status");
      // pulumi import checks read's inputs against themselves: refused, so the engine warns.
      const imported = declared({ status: "Pending" });
      const importCheck = await h.provider.check(imported, { ...imported });
      assert.equal(importCheck.failures[0]?.property, "status");
    });

    it("passes when the connection is gone (create then says it is not found)", async () => {
      const h = harness();
      h.api.get.resolves(undefined);
      assert.deepEqual((await h.provider.check(refreshed("Rejected"), declared())).failures, []);
    });

    it("asks ARM nothing for restorable drift or bad input; a new resource or parent only whether the parent exists; a new name whether it exists", async () => {
      const h = harness();
      const cases: [Record<string, unknown>, Record<string, unknown>][] = [
        [refreshed("Approved"), declared({ status: "Rejected" })],
        [refreshed("Pending"), declared()],
        [refreshed("Rejected"), declared({ status: "Rejected" })],
        [{}, declared()],
        [refreshed("Rejected"), declared({ resourceGroupName: "rg-other" })],
        [refreshed("Rejected"), declared({ privateEndpointConnectionName: "pe-other.1" })],
        [refreshed("Rejected"), declared({ hsmName: "Not A Name!" })],
      ];
      for (const [olds, news] of cases) {
        await h.provider.check(olds, news);
      }
      // parentExists.ts: one GET of the named connection each for [{}, ...] and rg-other;
      // renamedConnection.ts: one of pe-other.1.
      assert.deepEqual(
        h.api.get.args.map(([ref]) => [ref.resourceGroupName, ref.connectionName === "pe-other.1"]),
        [
          ["rg-pec", false],
          ["rg-other", false],
          ["rg-pec", true],
        ],
      );
      assert.equal(totalApiCalls(h.api), 3);
    });

    it("compares names as ARM does, case-insensitively", async () => {
      const h = harness();
      h.api.get.resolves(connection({ status: "Rejected" }));
      const upper = declared({ resourceGroupName: "RG-PEC" });
      assert.equal((await h.provider.check(refreshed("Rejected"), upper)).failures.length, 1);
    });
  });

  it("read reports Disconnected faithfully, in outputs and inputs", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Disconnected", description: "endpoint deleted" }));
    const read = await h.provider.read(CONN_ID, outputs());
    assert.equal(read.props?.status, "Disconnected");
    assert.equal(read.inputs?.status, "Disconnected");
    assert.equal(read.props?.description, "endpoint deleted");
  });
});

import { strict as assert } from "node:assert";
import { DeadlineExceededError } from "../../provider/arm/lro";
import { update } from "../../provider/hooks/update";
import { CONN_ID, REF, connection, harness, inputs, outputs, rejection } from "./support/fakes";

describe("update (applyDeclaredState)", () => {
  it("returns only outputs (no id), taken from the last GET", async () => {
    const h = harness();
    h.api.get.onFirstCall().resolves(connection({ status: "Approved" }));
    h.api.get.resolves(connection({ status: "Rejected", description: "revoked", etag: 'W/"5"' }));
    h.api.put.resolves({
      state: connection({ status: "Rejected", provisioningState: "Updating" }),
    });
    const result = await h.provider.update(
      CONN_ID,
      outputs(),
      inputs({ status: "Rejected", description: "revoked" }),
    );
    assert.deepEqual(Object.keys(result), ["outs"]);
    assert.equal(result.outs.status, "Rejected");
    assert.equal(result.outs.description, "revoked");
    assert.equal(result.outs.etag, 'W/"5"');
    assert.equal(h.api.put.callCount, 1);
    assert.deepEqual(h.api.put.firstCall.args, [
      REF,
      { status: "Rejected", description: "revoked" },
    ]);
  });

  it("writes nothing when ARM already shows the declared state (e.g. changed back by hand)", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Rejected", description: "revoked" }));
    await update(h.ctx, inputs({ status: "Rejected", description: "revoked" }));
    assert.equal(h.api.put.callCount, 0);
  });

  it("puts the declared state back after drift", async () => {
    const h = harness();
    h.api.get
      .onFirstCall()
      .resolves(connection({ status: "Pending", description: "reset by portal" }));
    h.api.get.resolves(connection({ status: "Approved", description: "" }));
    h.api.put.resolves({ state: connection({ status: "Approved" }) });
    const { outs } = await update(h.ctx, inputs());
    assert.deepEqual(h.api.put.firstCall.args[1], { status: "Approved", description: "" });
    assert.equal(outs.status, "Approved");
  });

  it("takes its deadline from timeouts.update, not timeouts.create", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Approved" }));
    await update(h.ctx, inputs({ timeouts: { create: 1, update: 120 } }));
    assert.equal(h.factory.firstCall.args[1].budgetMs, 120_000);
  });

  it("fails with DeadlineExceededError at timeouts.update", async () => {
    const h = harness();
    h.api.get.onFirstCall().resolves(connection());
    h.api.get.resolves(connection({ status: "Approved", provisioningState: "Updating" }));
    h.api.put.resolves({
      state: connection({ status: "Approved", provisioningState: "Updating" }),
    });
    const error = await rejection(update(h.ctx, inputs({ timeouts: { update: 20 } })));
    assert.ok(error instanceof DeadlineExceededError);
    assert.match(error.message, /timeout of 20s/);
    assert.match(error.message, /Re-running is safe/);
    assert.equal(h.clock.slept, 20_000);
  });
});

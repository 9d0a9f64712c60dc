import { strict as assert } from "node:assert";
import { check } from "../../provider/hooks/check";
import { diff } from "../../provider/hooks/diff";
import { REJECTED_ON_DELETE_PREFIX } from "../../provider/hooks/rejectOnDelete";
import { MANAGED_HSM } from "../../provider/arm/parentKinds";
import {
  CONN,
  CONN_ID,
  REF,
  SUB,
  connection,
  harness,
  inputs,
  outputs,
  rejection,
  totalApiCalls,
} from "./support/fakes";

describe("onDelete of a connection resource", () => {
  it("retain: delete calls ARM not at all", async () => {
    const h = harness();
    await h.provider.delete(CONN_ID, outputs({ status: "Approved", onDelete: "retain" }));
    assert.equal(totalApiCalls(h.api), 0);
  });

  it("reject: PUTs Rejected with a description saying why, waits until Succeeded, never DELETEs", async () => {
    const h = harness();
    h.api.get.onFirstCall().resolves(connection({ status: "Approved" }));
    h.api.put.resolves({
      state: connection({ status: "Rejected", provisioningState: "Updating" }),
    });
    h.api.get
      .onSecondCall()
      .resolves(connection({ status: "Rejected", provisioningState: "Updating" }));
    h.api.get.resolves(connection({ status: "Rejected", provisioningState: "Succeeded" }));
    await h.provider.delete(CONN_ID, outputs({ status: "Approved", onDelete: "reject" }));
    assert.equal(h.api.put.callCount, 1);
    const [ref, desired] = h.api.put.firstCall.args;
    assert.deepEqual(ref, REF);
    assert.equal(desired.status, "Rejected");
    assert.ok(desired.description.startsWith(REJECTED_ON_DELETE_PREFIX), desired.description);
    assert.ok(desired.description.includes(CONN), desired.description);
    assert.equal(h.api.beginDelete.callCount, 0);
    assert.ok(h.api.get.callCount >= 2, "waited with GETs until Succeeded");
  });

  for (const status of ["Rejected", "Disconnected"]) {
    it(`reject: a connection already ${status} is left with no write (re-running is safe)`, async () => {
      const h = harness();
      h.api.get.resolves(connection({ status }));
      await h.provider.delete(CONN_ID, outputs({ onDelete: "reject" }));
      assert.equal(h.api.put.callCount, 0);
      assert.equal(h.api.beginDelete.callCount, 0);
    });
  }

  it("reject: a connection already gone is success", async () => {
    const h = harness();
    h.api.get.resolves(undefined);
    await h.provider.delete(CONN_ID, outputs({ onDelete: "reject" }));
    assert.equal(h.api.put.callCount, 0);
  });

  it("reject: a connection another client approved meanwhile fails, saying so", async () => {
    const h = harness();
    h.api.get.onFirstCall().resolves(connection({ status: "Approved" }));
    h.api.put.resolves({ state: connection({ status: "Rejected" }) });
    h.api.get.resolves(connection({ status: "Approved" }));
    const error = await rejection(h.provider.delete(CONN_ID, outputs({ onDelete: "reject" })));
    assert.match(error.message, /status is Approved, not Rejected/);
  });

  it("a state from before onDelete existed deletes, as it always did", async () => {
    const h = harness();
    h.api.beginDelete.resolves({ kind: "gone", statusCode: 204 });
    const old = outputs();
    delete old.onDelete;
    await h.provider.delete(CONN_ID, old);
    assert.equal(h.api.beginDelete.callCount, 1);
    assert.equal(h.api.put.callCount, 0);
  });

  it("check defaults it to delete and refuses anything else, naming the field and the values", () => {
    const news = {
      subscriptionId: SUB,
      resourceGroupName: "rg",
      hsmName: "hsm",
      privateEndpointConnectionName: CONN,
    };
    assert.equal(check(MANAGED_HSM, {}, news).inputs.onDelete, "delete");
    const bad = check(MANAGED_HSM, {}, { ...news, onDelete: "Reject" });
    assert.deepEqual(
      bad.failures.map((f) => f.property),
      ["onDelete"],
    );
    assert.match(bad.failures[0].reason, /"retain", "reject", "delete".*"Reject"/);
  });

  it("diff: a change of onDelete is an update, not a replace", () => {
    const result = diff(
      MANAGED_HSM,
      { ...outputs({ onDelete: "delete" }) },
      { ...inputs(), onDelete: "reject" },
    );
    assert.equal(result.changes, true);
    assert.deepEqual(result.replaces, []);
    assert.equal(result.deleteBeforeReplace, false);
  });

  it("diff: a state without onDelete against the default is no change", () => {
    const old: Record<string, unknown> = { ...outputs({ status: "Approved" }) };
    delete old.onDelete;
    const result = diff(MANAGED_HSM, old, { ...inputs(), status: "Approved", onDelete: "delete" });
    assert.equal(result.changes, false);
  });

  it("update of onDelete alone writes nothing to ARM, and the outputs record the new value", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Approved" }));
    const { outs } = await h.provider.update(
      CONN_ID,
      outputs({ status: "Approved" }),
      inputs({ status: "Approved", onDelete: "retain" }),
    );
    assert.equal(h.api.put.callCount, 0);
    assert.equal(outs.onDelete, "retain");
  });

  it("refresh keeps the recorded onDelete, so a later destroy applies it", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Approved" }));
    const result = await h.provider.read(CONN_ID, outputs({ onDelete: "reject" }));
    assert.equal(result.props?.onDelete, "reject");
    assert.equal(result.inputs?.onDelete, "reject");
  });

  it("a connection rejected on delete and adopted again: a clear error that says who rejected it", async () => {
    const h = harness();
    h.api.get.resolves(
      connection({
        status: "Rejected",
        description: `${REJECTED_ON_DELETE_PREFIX} of the resource declaring ${CONN} (onDelete: reject)`,
      }),
    );
    const error = await rejection(h.provider.create(inputs({ status: "Approved" })));
    assert.match(error.message, /onDelete "reject"/);
    assert.match(error.message, /does not let a rejected connection be approved again/);
    assert.equal(h.api.put.callCount, 0);
  });
});

import { strict as assert } from "node:assert";
import { MANAGED_HSM } from "../../provider/arm/parentKinds";
import { ArmOperationError } from "../../provider/arm/errors";
import { DeadlineExceededError } from "../../provider/arm/lro";
import { create } from "../../provider/hooks/create";
import {
  CONN,
  CONN_ID,
  HSM,
  PE_ID,
  REF,
  RG,
  SUB,
  connection,
  harness,
  inputs,
  rejection,
} from "./support/fakes";

describe("create (applyDeclaredState)", () => {
  describe("the connection does not exist", () => {
    it("names the HSM and lists the connections that exist, with their status", async () => {
      const h = harness();
      h.api.get.resolves(undefined);
      h.api.list.resolves([
        connection({ name: "pe-a.1", status: "Approved" }),
        connection({ name: "pe-b.2", status: "Pending" }),
        connection({ name: "pe-c.3", status: undefined }),
      ]);
      const error = await rejection(h.provider.create(inputs()));
      assert.ok(error.message.includes(`Private endpoint connection '${CONN}' was not found`));
      assert.ok(
        error.message.includes(
          `Managed HSM '${HSM}' (resource group '${RG}', subscription '${SUB}')`,
        ),
        error.message,
      );
      assert.ok(
        error.message.includes(
          "Connections that exist: pe-a.1 (Approved), pe-b.2 (Pending), pe-c.3 (unknown status).",
        ),
        error.message,
      );
      assert.match(error.message, /created by the consumer's private endpoint/);
      assert.equal(h.api.list.callCount, 1);
      const parent = h.api.list.firstCall.args[0];
      assert.equal(parent.subscriptionId, SUB);
      assert.equal(parent.resourceGroupName, RG);
      assert.equal(parent.profile, MANAGED_HSM.profile);
      assert.equal(parent.parentName, HSM);
      assert.equal(h.api.put.callCount, 0);
    });

    it("says when the HSM has no connections at all", async () => {
      const h = harness();
      h.api.get.resolves(undefined);
      h.api.list.resolves([]);
      const error = await rejection(h.provider.create(inputs()));
      assert.ok(error.message.includes(`Private endpoint connection '${CONN}' was not found`));
      assert.ok(
        error.message.includes(`Managed HSM '${HSM}' has no private endpoint connections.`),
        error.message,
      );
      assert.doesNotMatch(error.message, /Connections that exist/);
      assert.equal(h.api.put.callCount, 0);
    });

    it("says the HSM itself was not found when listing answers 404", async () => {
      const h = harness();
      h.api.get.resolves(undefined);
      h.api.list.rejects(
        new ArmOperationError("GET list", {
          statusCode: 404,
          code: "ResourceNotFound",
          armMessage: `The Resource 'Microsoft.KeyVault/managedHSMs/${HSM}' was not found.`,
        }),
      );
      const error = await rejection(h.provider.create(inputs()));
      assert.equal(
        error.message,
        `Managed HSM '${HSM}' (resource group '${RG}', subscription '${SUB}') was not found: ` +
          `ResourceNotFound: The Resource 'Microsoft.KeyVault/managedHSMs/${HSM}' was not found.`,
      );
      assert.ok(!(error instanceof ArmOperationError));
    });

    it("says NotFound when the 404 carries no code", async () => {
      const h = harness();
      h.api.get.resolves(undefined);
      h.api.list.rejects(new ArmOperationError("GET list", { statusCode: 404 }));
      const error = await rejection(h.provider.create(inputs()));
      assert.match(error.message, /\) was not found: NotFound:?$/);
    });

    it("passes on any other failure of the listing unchanged", async () => {
      for (const failure of [
        new ArmOperationError("GET list", { statusCode: 403, code: "AuthorizationFailed" }),
        new Error("socket hang up"),
      ]) {
        const h = harness();
        h.api.get.resolves(undefined);
        h.api.list.rejects(failure);
        assert.equal(await rejection(h.provider.create(inputs())), failure);
        assert.equal(h.api.put.callCount, 0);
      }
    });
  });

  describe("the connection is already in the declared state", () => {
    it("writes nothing and returns outputs from the GET", async () => {
      const h = harness();
      h.api.get.resolves(connection({ status: "Approved", etag: 'W/"7"' }));
      const result = await h.provider.create(inputs());
      assert.equal(h.api.put.callCount, 0);
      assert.equal(h.api.get.callCount, 1);
      assert.deepEqual(h.clock.sleeps, []);
      assert.equal(result.id, CONN_ID);
      assert.deepEqual(result.outs, {
        subscriptionId: SUB,
        resourceGroupName: RG,
        hsmName: HSM,
        privateEndpointConnectionName: CONN,
        status: "Approved",
        description: "",
        connectionId: CONN_ID,
        provisioningState: "Succeeded",
        actionsRequired: "None",
        privateEndpointId: PE_ID,
        etag: 'W/"7"',
      });
    });

    it("treats an absent description in ARM and in the inputs as equal", async () => {
      for (const [armDescription, declared] of [
        [undefined, undefined],
        [undefined, ""],
        ["", undefined],
      ]) {
        const h = harness();
        h.api.get.resolves(connection({ status: "Approved", description: armDescription }));
        await h.provider.create(inputs({ description: declared }));
        assert.equal(h.api.put.callCount, 0);
      }
    });

    it("treats a connection without provisioningState as settled", async () => {
      const h = harness();
      h.api.get.resolves(connection({ status: "Rejected", provisioningState: undefined }));
      const { outs } = await h.provider.create(inputs({ status: "Rejected" }));
      assert.equal(h.api.put.callCount, 0);
      assert.equal(outs.provisioningState, "");
    });

    it("writes again when the last write Failed", async () => {
      const h = harness();
      h.api.get
        .onFirstCall()
        .resolves(connection({ status: "Approved", provisioningState: "Failed" }));
      h.api.get.resolves(connection({ status: "Approved" }));
      h.api.put.resolves({
        state: connection({ status: "Approved", provisioningState: "Updating" }),
      });
      await h.provider.create(inputs());
      assert.equal(h.api.put.callCount, 1);
    });
  });

  describe("the connection needs a write", () => {
    it("PUTs once with {status, description}, polls GET until Succeeded, and returns the last GET", async () => {
      const h = harness();
      h.api.get.onCall(0).resolves(connection({ status: "Pending" }));
      h.api.get
        .onCall(1)
        .resolves(connection({ status: "Approved", provisioningState: "Updating", etag: 'W/"2"' }));
      h.api.get
        .onCall(2)
        .resolves(connection({ status: "Approved", provisioningState: "Updating", etag: 'W/"3"' }));
      h.api.get.onCall(3).resolves(
        connection({
          id: CONN_ID,
          status: "Approved",
          description: "ok by platform team",
          provisioningState: "Succeeded",
          etag: 'W/"4"',
          privateEndpointId: `${PE_ID}-final`,
        }),
      );
      h.api.put.resolves({
        state: connection({ status: "Approved", provisioningState: "Updating", etag: 'W/"put"' }),
        retryAfterMs: 7000,
      });

      const result = await h.provider.create(inputs({ description: "ok by platform team" }));

      assert.equal(h.api.put.callCount, 1);
      const [ref, desired] = h.api.put.firstCall.args;
      assert.deepEqual(ref, REF);
      assert.deepEqual(desired, { status: "Approved", description: "ok by platform team" });
      assert.equal(h.api.get.callCount, 4);
      assert.ok(h.api.put.calledAfter(h.api.get), "GET before PUT");
      assert.deepEqual(h.clock.sleeps, [7000, 7000, 7000], "PUT's Retry-After is the cadence");
      assert.equal(result.id, CONN_ID);
      assert.equal(result.outs.etag, 'W/"4"');
      assert.equal(result.outs.provisioningState, "Succeeded");
      assert.equal(result.outs.privateEndpointId, `${PE_ID}-final`);
      assert.equal(result.outs.connectionId, CONN_ID);
      assert.equal(result.outs.status, "Approved");
      assert.equal(result.outs.description, "ok by platform team");
      assert.ok(h.reports.some((r) => r.includes(`waiting for ${CONN} to finish updating`)));
    });

    it("sends an absent description as an empty string", async () => {
      const h = harness();
      h.api.get
        .onFirstCall()
        .resolves(connection({ status: "Pending", description: "Auto-approved" }));
      h.api.get.resolves(connection({ status: "Approved" }));
      h.api.put.resolves({ state: connection({ status: "Approved" }) });
      await h.provider.create(inputs());
      assert.deepEqual(h.api.put.firstCall.args[1], { status: "Approved", description: "" });
    });

    it("rejects with the declared description", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection({ status: "Approved" }));
      h.api.get.resolves(connection({ status: "Rejected", description: "not ours" }));
      h.api.put.resolves({
        state: connection({ status: "Rejected", provisioningState: "Updating" }),
      });
      const { outs } = await h.provider.create(
        inputs({ status: "Rejected", description: "not ours" }),
      );
      assert.deepEqual(h.api.put.firstCall.args[1], {
        status: "Rejected",
        description: "not ours",
      });
      assert.equal(outs.status, "Rejected");
    });

    it("writes when only the description differs", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection({ status: "Approved", description: "old" }));
      h.api.get.resolves(connection({ status: "Approved", description: "new" }));
      h.api.put.resolves({ state: connection({ status: "Approved", description: "new" }) });
      await h.provider.create(inputs({ description: "new" }));
      assert.equal(h.api.put.callCount, 1);
    });

    it("takes outputs from the GET, never from the PUT's answer", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection());
      h.api.get.resolves(connection({ status: "Approved", etag: 'W/"get"' }));
      h.api.put.resolves({
        state: connection({ status: "Approved", etag: 'W/"put"', provisioningState: "Succeeded" }),
      });
      const { outs } = await h.provider.create(inputs());
      assert.equal(outs.etag, 'W/"get"');
      assert.equal(h.api.get.callCount, 2, "one GET confirms even a PUT that answered Succeeded");
      assert.deepEqual(
        h.clock.sleeps,
        [500],
        "a settled PUT is confirmed after the minimum interval",
      );
    });

    it("bounds the PUT's Retry-After to 0.5s..30s", async () => {
      for (const [retryAfterMs, expected] of [
        [100, 500],
        [120_000, 30_000],
        [2500, 2500],
      ]) {
        const h = harness();
        h.api.get.onFirstCall().resolves(connection());
        h.api.get
          .onSecondCall()
          .resolves(connection({ status: "Approved", provisioningState: "Updating" }));
        h.api.get.resolves(connection({ status: "Approved" }));
        h.api.put.resolves({
          state: connection({ status: "Approved", provisioningState: "Updating" }),
          retryAfterMs,
        });
        await h.provider.create(inputs());
        assert.deepEqual(h.clock.sleeps, [expected, expected]);
      }
    });

    it("without a Retry-After, polls on the 2.5 s grid from the start", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection());
      for (let i = 1; i <= 4; i++) {
        h.api.get
          .onCall(i)
          .resolves(connection({ status: "Approved", provisioningState: "Updating" }));
      }
      h.api.get.resolves(connection({ status: "Approved" }));
      h.api.put.resolves({
        state: connection({ status: "Approved", provisioningState: "Updating" }),
      });
      await h.provider.create(inputs());
      assert.deepEqual(h.clock.sleeps, [2500, 2500, 2500, 2500, 2500]);
    });

    it("fails with ARM's words when the update ends Failed", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection());
      h.api.get.resolves(
        connection({
          status: "Pending",
          description: "HSM is in a failed state",
          provisioningState: "Failed",
        }),
      );
      h.api.put.resolves({
        state: connection({ status: "Approved", provisioningState: "Updating" }),
      });
      const error = await rejection(h.provider.create(inputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(error.details.code, "ProvisioningFailed");
      assert.ok(
        error.message.startsWith(`PUT ${CONN_ID} failed: ProvisioningFailed: `),
        error.message,
      );
      assert.match(error.message, /provisioningState Failed/);
      assert.match(error.message, /status Pending/);
      // A description may be declared secret: no message repeats it.
      assert.doesNotMatch(error.message, /HSM is in a failed state/);
    });

    it("fails when the connection disappears while updating", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection());
      h.api.get.resolves(undefined);
      h.api.put.resolves({
        state: connection({ status: "Approved", provisioningState: "Updating" }),
      });
      const error = await rejection(h.provider.create(inputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(error.details.statusCode, 404);
      assert.match(error.message, /disappeared while its update was in progress/);
    });

    it("a connection deleted by someone else while create waits: no PUT, an error saying so", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection({ provisioningState: "Deleting" }));
      h.api.get.resolves(undefined);
      const error = await rejection(h.provider.create(inputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.ok(error.message.startsWith(`GET ${CONN_ID} failed: HTTP 404`), error.message);
      assert.match(error.message, /deleted by another client .* \(it showed Deleting\)/);
      assert.match(error.message, /nothing was written/);
      assert.equal(h.api.put.callCount, 0);
    });

    it("fails when ARM finishes with another status than declared", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection());
      h.api.get.resolves(connection({ status: "Rejected" }));
      h.api.put.resolves({
        state: connection({ status: "Approved", provisioningState: "Updating" }),
      });
      const error = await rejection(h.provider.create(inputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.ok(error.message.startsWith(`PUT ${CONN_ID} failed:`), error.message);
      assert.match(error.message, /the connection's status is Rejected, not Approved/);
      assert.match(error.message, /another client may have changed it/);
      assert.match(error.message, /Re-running is safe/);
    });

    it("says 'unknown' when ARM finishes without a status", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection());
      h.api.get.resolves(connection({ status: undefined }));
      h.api.put.resolves({ state: connection({ status: "Approved" }) });
      const error = await rejection(h.provider.create(inputs()));
      assert.match(error.message, /the connection's status is unknown, not Approved/);
    });

    it("says 'unknown' when a Failed connection has no status", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection());
      h.api.get.resolves(connection({ status: undefined, provisioningState: "Failed" }));
      h.api.put.resolves({
        state: connection({ status: "Approved", provisioningState: "Updating" }),
      });
      const error = await rejection(h.provider.create(inputs()));
      assert.match(error.message, /provisioningState Failed for the connection \(status unknown\)/);
    });

    it("passes on a failing PUT without polling", async () => {
      const h = harness();
      const failure = new ArmOperationError(`PUT ${CONN_ID}`, {
        statusCode: 400,
        code: "BadRequest",
      });
      h.api.get.resolves(connection());
      h.api.put.rejects(failure);
      assert.equal(await rejection(h.provider.create(inputs())), failure);
      assert.equal(h.api.get.callCount, 1);
    });
  });

  describe("an update already in flight", () => {
    it("waits for it to settle before writing", async () => {
      const h = harness();
      h.api.get
        .onCall(0)
        .resolves(connection({ status: "Pending", provisioningState: "Updating" }));
      h.api.get
        .onCall(1)
        .resolves(connection({ status: "Pending", provisioningState: "Updating" }));
      h.api.get
        .onCall(2)
        .resolves(connection({ status: "Pending", provisioningState: "Succeeded" }));
      h.api.get.resolves(connection({ status: "Approved" }));
      h.api.put.resolves({
        state: connection({ status: "Approved", provisioningState: "Updating" }),
        retryAfterMs: 4000,
      });
      await h.provider.create(inputs());
      assert.equal(h.api.put.callCount, 1);
      assert.ok(
        h.api.put.firstCall.calledAfter(h.api.get.getCall(2)),
        "PUT only after the in-flight update settled",
      );
      assert.ok(h.api.put.firstCall.calledBefore(h.api.get.getCall(3)));
      assert.deepEqual(h.clock.sleeps, [2500, 2500, 4000]);
    });

    it("writes nothing when the update in flight ends in the declared state", async () => {
      const h = harness();
      h.api.get
        .onCall(0)
        .resolves(connection({ status: "Approved", provisioningState: "Creating" }));
      h.api.get.resolves(connection({ status: "Approved", provisioningState: "Succeeded" }));
      const { outs } = await h.provider.create(inputs());
      assert.equal(h.api.put.callCount, 0);
      assert.equal(outs.provisioningState, "Succeeded");
    });
  });

  describe("deadline", () => {
    it("comes from timeouts.create, defaulting to 30 minutes", async () => {
      for (const [timeouts, budgetMs] of [
        [undefined, 1_800_000],
        [{ create: 90 }, 90_000],
        [{ update: 5 }, 1_800_000],
      ] as const) {
        const h = harness();
        h.api.get.resolves(connection({ status: "Approved" }));
        await h.provider.create(inputs({ timeouts }));
        assert.equal(h.factory.callCount, 1);
        const [subscriptionId, deadline] = h.factory.firstCall.args;
        assert.equal(subscriptionId, SUB);
        assert.equal(deadline.budgetMs, budgetMs);
      }
    });

    it("past it, fails with DeadlineExceededError saying re-running is safe, without waiting longer", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection());
      h.api.get.resolves(connection({ status: "Approved", provisioningState: "Updating" }));
      h.api.put.resolves({
        state: connection({ status: "Approved", provisioningState: "Updating" }),
        retryAfterMs: 4000,
      });
      const error = await rejection(h.provider.create(inputs({ timeouts: { create: 10 } })));
      assert.ok(error instanceof DeadlineExceededError, String(error));
      assert.equal(error.name, "DeadlineExceededError");
      assert.ok(
        error.message.startsWith(`PUT ${CONN_ID} is still Updating in ARM after 10s`),
        error.message,
      );
      assert.match(error.message, /timeout of 10s/);
      assert.match(error.message, /Re-running is safe/);
      assert.deepEqual(h.clock.sleeps, [4000, 4000, 2000], "the last wait is cut to the deadline");
      assert.equal(h.clock.slept, 10_000);
    });

    it("also bounds the wait for an update already in flight", async () => {
      const h = harness();
      h.api.get.resolves(connection({ status: "Pending", provisioningState: "Updating" }));
      const error = await rejection(h.provider.create(inputs({ timeouts: { create: 3 } })));
      assert.ok(error instanceof DeadlineExceededError);
      assert.equal(h.api.put.callCount, 0);
      assert.ok(h.clock.slept <= 3000);
    });
  });

  it("records ARM's id as the resource id, or the formatted id when ARM gives none", async () => {
    const h = harness();
    const armCased = CONN_ID.replace("managedHSMs", "managedhsms");
    h.api.get.resolves(connection({ status: "Approved", id: armCased }));
    assert.equal((await create(h.ctx, inputs())).id, armCased);

    const h2 = harness();
    h2.api.get.resolves(connection({ status: "Approved", id: "" }));
    const result = await create(h2.ctx, inputs());
    assert.equal(result.id, CONN_ID);
    assert.equal(result.outs.connectionId, CONN_ID);
  });

  it("keeps the declared timeouts in the outputs", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Approved" }));
    const { outs } = await create(h.ctx, inputs({ timeouts: { delete: 600 } }));
    assert.deepEqual(outs.timeouts, { delete: 600 });
  });
});

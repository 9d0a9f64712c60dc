import { strict as assert } from "node:assert";
import type { PollAnswer } from "../../provider/arm/connectionsApi";
import { ArmOperationError } from "../../provider/arm/errors";
import { DeadlineExceededError } from "../../provider/arm/lro";
import { deleteConnection } from "../../provider/hooks/delete";
import {
  CONN,
  CONN_ID,
  OTHER_SUB,
  REF,
  connection,
  harness,
  outputs,
  rejection,
} from "./support/fakes";

const OP1 = `https://management.azure.com/subscriptions/${REF.subscriptionId}/providers/Microsoft.KeyVault/locations/westeurope/operationResults/op-1?api-version=2025-05-01`;
const OP2 = OP1.replace("op-1", "op-2");

const running: PollAnswer = { statusCode: 202, body: undefined };

describe("delete", () => {
  describe("ARM answers the DELETE itself with gone", () => {
    for (const statusCode of [204, 404]) {
      it(`${statusCode}: done, without polling or confirming`, async () => {
        const h = harness();
        h.api.beginDelete.resolves({ kind: "gone", statusCode });
        assert.equal(await h.provider.delete(CONN_ID, outputs()), undefined);
        assert.deepEqual(h.api.beginDelete.firstCall.args, [REF]);
        assert.equal(h.api.poll.callCount, 0);
        assert.equal(h.api.get.callCount, 0);
        assert.deepEqual(h.clock.sleeps, []);
      });
    }
  });

  describe("completed synchronously (200)", () => {
    it("confirms with a GET", async () => {
      const h = harness();
      h.api.beginDelete.resolves({ kind: "completed", statusCode: 200, body: {} });
      h.api.get.resolves(undefined);
      await h.provider.delete(CONN_ID, outputs());
      assert.equal(h.api.get.callCount, 1);
      assert.deepEqual(h.api.get.firstCall.args, [REF]);
      assert.equal(h.api.poll.callCount, 0);
    });

    it("a 200 whose body says Failed is an error", async () => {
      const h = harness();
      h.api.beginDelete.resolves({
        kind: "completed",
        statusCode: 200,
        body: { status: "Failed", error: { code: "InternalError", message: "HSM unavailable" } },
      });
      const error = await rejection(h.provider.delete(CONN_ID, outputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(error.message, `DELETE ${CONN_ID} failed: InternalError: HSM unavailable`);
      assert.equal(h.api.get.callCount, 0);
    });

    it("says 'unknown' for a remaining connection without status or provisioningState", async () => {
      const h = harness();
      h.api.beginDelete.resolves({ kind: "completed", statusCode: 200, body: {} });
      h.api.get.resolves(connection({ status: undefined, provisioningState: undefined }));
      const error = await rejection(h.provider.delete(CONN_ID, outputs()));
      assert.match(error.message, /still exists \(status unknown, provisioningState unknown\)/);
    });

    it("waits while the GET still shows the connection Deleting", async () => {
      const h = harness();
      h.api.beginDelete.resolves({ kind: "completed", statusCode: 200, body: undefined });
      h.api.get.onCall(0).resolves(connection({ provisioningState: "Deleting" }));
      h.api.get.onCall(1).resolves(connection({ provisioningState: "Deleting" }));
      h.api.get.resolves(undefined);
      await h.provider.delete(CONN_ID, outputs());
      assert.equal(h.api.get.callCount, 3);
      assert.deepEqual(h.clock.sleeps, [2500, 2500]);
      assert.ok(h.reports.some((r) => r.includes("ARM still shows it Deleting")));
    });

    it("fails when the GET shows the connection still there and not Deleting", async () => {
      const h = harness();
      h.api.beginDelete.resolves({ kind: "completed", statusCode: 200, body: {} });
      h.api.get.resolves(connection({ status: "Approved", provisioningState: "Succeeded" }));
      const error = await rejection(h.provider.delete(CONN_ID, outputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.ok(error.message.startsWith(`DELETE ${CONN_ID} failed:`), error.message);
      assert.match(
        error.message,
        /reported the delete as finished, but the connection still exists \(status Approved, provisioningState Succeeded\)/,
      );
    });
  });

  describe("accepted (202) without Retry-After: watching the connection", () => {
    const unhinted = { kind: "accepted", pollUrl: OP1, style: "location" } as const;
    const deleting = connection({ status: "Approved", provisioningState: "Deleting" });

    it("GETs the connection on the 2.5 s grid until it answers 404; the operation URL is not asked", async () => {
      const h = harness();
      h.api.beginDelete.resolves(unhinted);
      h.api.get.onCall(0).resolves(deleting);
      h.api.get.onCall(1).resolves(deleting);
      h.api.get.onCall(2).resolves(deleting);
      h.api.get.resolves(undefined);
      await h.provider.delete(CONN_ID, outputs());
      assert.deepEqual(h.clock.sleeps, [2500, 2500, 2500, 2500]);
      assert.equal(h.api.get.callCount, 4);
      assert.equal(h.api.poll.callCount, 0);
      assert.ok(h.reports.some((r) => r.startsWith(`deleting ${CONN}:`)));
    });

    it("a connection that stops showing Deleting: the operation's failure, with ARM's code, message and URL", async () => {
      const h = harness();
      h.api.beginDelete.resolves(unhinted);
      h.api.get.onCall(0).resolves(deleting);
      h.api.get.resolves(connection({ status: "Approved", provisioningState: "Failed" }));
      h.api.poll.resolves({
        statusCode: 200,
        body: { status: "Failed", error: { code: "Conflict", message: "the HSM is restoring" } },
      });
      const error = await rejection(h.provider.delete(CONN_ID, outputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(
        error.message,
        `DELETE ${CONN_ID} failed: Conflict: the HSM is restoring (operation: ${OP1})`,
      );
      assert.equal(h.api.get.callCount, 2);
      assert.equal(h.api.poll.callCount, 1);
    });

    it("a service whose GET does not show Deleting: the operation is followed from then on, and a GET confirms", async () => {
      const h = harness();
      h.api.beginDelete.resolves(unhinted);
      h.api.get.callsFake(async () =>
        h.api.poll.callCount < 3 ? connection({ provisioningState: "Succeeded" }) : undefined,
      );
      h.api.poll.onCall(0).resolves({ ...running, nextPollUrl: OP2 });
      h.api.poll.onCall(1).resolves({ ...running, retryAfterMs: 4000 });
      h.api.poll.onCall(2).resolves({ statusCode: 204, body: undefined });
      await h.provider.delete(CONN_ID, outputs());
      assert.deepEqual(
        h.api.poll.getCalls().map((c) => c.args[0]),
        [OP1, OP2, OP2],
      );
      assert.equal(h.api.get.callCount, 2, "one look at the connection, one confirming GET");
      assert.deepEqual(h.clock.sleeps, [2500, 2500, 4000]);
    });

    it("the operation done while the connection is still there and not Deleting is an error", async () => {
      const h = harness();
      h.api.beginDelete.resolves(unhinted);
      h.api.get.resolves(connection({ status: "Approved", provisioningState: "Succeeded" }));
      h.api.poll.resolves({ statusCode: 204, body: undefined });
      const error = await rejection(h.provider.delete(CONN_ID, outputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.match(error.message, /finished, but the connection still exists/);
    });

    it("past the deadline while watching: DeadlineExceededError naming the operation URL", async () => {
      const h = harness();
      h.api.beginDelete.resolves(unhinted);
      h.api.get.resolves(deleting);
      const error = await rejection(
        h.provider.delete(CONN_ID, outputs({ timeouts: { delete: 6 } })),
      );
      assert.ok(error instanceof DeadlineExceededError, String(error));
      assert.ok(error.message.includes(`(operation: ${OP1})`), error.message);
      assert.match(error.message, /Re-running is safe/);
      assert.equal(h.api.poll.callCount, 0);
    });
  });

  describe("accepted (202) with Retry-After: following the operation", () => {
    it("honours the initial Retry-After, then each answer's, following a moved Location", async () => {
      const h = harness();
      h.api.beginDelete.resolves({
        kind: "accepted",
        pollUrl: OP1,
        style: "location",
        retryAfterMs: 15_000,
      });
      h.api.poll
        .onCall(0)
        .resolves({ statusCode: 202, body: undefined, retryAfterMs: 5000, nextPollUrl: OP2 });
      h.api.poll.onCall(1).resolves({ statusCode: 202, body: undefined, retryAfterMs: 3000 });
      h.api.poll.onCall(2).resolves({ statusCode: 200, body: undefined });
      h.api.get.resolves(undefined);
      await h.provider.delete(CONN_ID, outputs());
      assert.deepEqual(
        h.api.poll.getCalls().map((c) => c.args[0]),
        [OP1, OP2, OP2],
      );
      assert.equal(h.clock.sleeps[0], 15_000, "first wait is the DELETE's Retry-After");
      assert.deepEqual(h.clock.sleeps, [15_000, 5000, 3000]);
      assert.equal(h.api.get.callCount, 1, "confirmed by GET");
      assert.ok(h.api.get.calledAfter(h.api.poll));
      assert.ok(h.reports.some((r) => r.startsWith(`deleting ${CONN}:`)));
    });

    for (const statusCode of [200, 204]) {
      it(`${statusCode} ends polling and is confirmed by GET`, async () => {
        const h = harness();
        h.api.beginDelete.resolves({
          kind: "accepted",
          pollUrl: OP1,
          style: "location",
          retryAfterMs: 1000,
        });
        h.api.poll.resolves({
          statusCode,
          body: statusCode === 200 ? { status: "Succeeded" } : undefined,
        });
        h.api.get.resolves(undefined);
        await h.provider.delete(CONN_ID, outputs());
        assert.equal(h.api.poll.callCount, 1);
        assert.equal(h.api.get.callCount, 1);
      });
    }

    it("Azure-AsyncOperation: 200 with a running status keeps polling", async () => {
      const h = harness();
      h.api.beginDelete.resolves({
        kind: "accepted",
        pollUrl: OP1,
        style: "azure-asyncoperation",
        retryAfterMs: 2000,
      });
      for (const [i, status] of ["InProgress", "Running", "Accepted", "Deleting"].entries()) {
        h.api.poll.onCall(i).resolves({ statusCode: 200, body: { status }, retryAfterMs: 2000 });
      }
      h.api.poll.onCall(4).resolves({ statusCode: 200, body: { status: "Succeeded" } });
      h.api.get.resolves(undefined);
      await h.provider.delete(CONN_ID, outputs());
      assert.equal(h.api.poll.callCount, 5);
      assert.deepEqual(h.clock.sleeps, [2000, 2000, 2000, 2000, 2000]);
      assert.equal(h.api.get.callCount, 1);
    });

    // ARM's async-operation contract (and @azure/core-lro): only Succeeded, Failed and Canceled
    // are terminal; any other status means the operation is still running.
    it("Azure-AsyncOperation: any non-terminal status (NotStarted, Pending) keeps polling", async () => {
      const stoppedEarly: string[] = [];
      for (const status of ["NotStarted", "Pending"]) {
        const h = harness();
        h.api.beginDelete.resolves({
          kind: "accepted",
          pollUrl: OP1,
          style: "azure-asyncoperation",
        });
        h.api.poll.onFirstCall().resolves({ statusCode: 200, body: { status } });
        h.api.poll.resolves({ statusCode: 200, body: { status: "Succeeded" } });
        // The connection is there, untouched, until the operation has actually run.
        h.api.get.callsFake(async () =>
          h.api.poll.callCount < 2 ? connection({ provisioningState: "Succeeded" }) : undefined,
        );
        try {
          await h.provider.delete(CONN_ID, outputs());
          assert.equal(h.api.poll.callCount, 2);
        } catch (error) {
          stoppedEarly.push(`${status}: ${String(error)}`);
        }
      }
      assert.deepEqual(stoppedEarly, [], "polling stopped at a non-terminal status");
    });

    it("a 200 answer with {status: Failed, error} is an ArmOperationError with code, message and URL", async () => {
      const h = harness();
      h.api.beginDelete.resolves({
        kind: "accepted",
        pollUrl: OP1,
        style: "azure-asyncoperation",
        retryAfterMs: 2000,
      });
      h.api.poll
        .onCall(0)
        .resolves({ statusCode: 200, body: { status: "InProgress" }, nextPollUrl: OP2 });
      h.api.poll.onCall(1).resolves({
        statusCode: 200,
        body: {
          status: "Failed",
          error: {
            code: "PrivateEndpointConnectionDeleteFailed",
            message: "The HSM pool is being restored",
          },
        },
      });
      const error = await rejection(h.provider.delete(CONN_ID, outputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(error.details.code, "PrivateEndpointConnectionDeleteFailed");
      assert.equal(error.details.operationUrl, OP2);
      assert.ok(error.message.includes("PrivateEndpointConnectionDeleteFailed"), error.message);
      assert.ok(error.message.includes("The HSM pool is being restored"), error.message);
      assert.ok(error.message.includes(`operation: ${OP2}`), error.message);
      assert.ok(error.message.startsWith(`DELETE ${CONN_ID} failed:`), error.message);
      assert.equal(h.api.get.callCount, 0, "a failed operation is not taken for success");
    });

    it("a body with properties.provisioningState Failed is an error, even without an error object", async () => {
      const h = harness();
      h.api.beginDelete.resolves({
        kind: "accepted",
        pollUrl: OP1,
        style: "location",
        retryAfterMs: 1000,
      });
      h.api.poll.resolves({
        statusCode: 200,
        body: { properties: { provisioningState: "Failed" } },
      });
      const error = await rejection(h.provider.delete(CONN_ID, outputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(error.details.code, "OperationFailed");
      assert.match(error.message, /ARM reported the operation as Failed/);
      assert.ok(error.message.includes(OP1));
    });

    it("a body with properties.provisioningState Failed and an error carries ARM's words", async () => {
      const h = harness();
      h.api.beginDelete.resolves({
        kind: "accepted",
        pollUrl: OP1,
        style: "location",
        retryAfterMs: 1000,
      });
      h.api.poll.resolves({
        statusCode: 200,
        body: {
          properties: { provisioningState: "Failed" },
          error: { code: "Boom", message: "it broke" },
        },
      });
      const error = await rejection(h.provider.delete(CONN_ID, outputs()));
      assert.match(error.message, /Boom: it broke \(operation: /);
    });

    it("a Canceled operation is an error", async () => {
      const h = harness();
      h.api.beginDelete.resolves({
        kind: "accepted",
        pollUrl: OP1,
        style: "azure-asyncoperation",
        retryAfterMs: 2000,
      });
      h.api.poll.resolves({ statusCode: 200, body: { status: "Canceled" } });
      const error = await rejection(h.provider.delete(CONN_ID, outputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(error.details.code, "OperationCanceled");
    });

    it("a 404 from the operation URL is confirmed by GET", async () => {
      const h = harness();
      h.api.beginDelete.resolves({
        kind: "accepted",
        pollUrl: OP1,
        style: "location",
        retryAfterMs: 1000,
      });
      h.api.poll.resolves({ statusCode: 404, body: { error: { code: "NotFound" } } });
      h.api.get.resolves(undefined);
      await h.provider.delete(CONN_ID, outputs());
      assert.equal(h.api.poll.callCount, 1);
      assert.equal(h.api.get.callCount, 1);
    });

    it("a 404 from the operation URL while the GET shows the connection still there is an error", async () => {
      const h = harness();
      h.api.beginDelete.resolves({
        kind: "accepted",
        pollUrl: OP1,
        style: "location",
        retryAfterMs: 1000,
      });
      h.api.poll.resolves({ statusCode: 404, body: undefined });
      h.api.get.resolves(connection({ status: "Approved", provisioningState: "Succeeded" }));
      const error = await rejection(h.provider.delete(CONN_ID, outputs()));
      assert.ok(error instanceof ArmOperationError);
      assert.match(error.message, /the connection still exists/);
    });

    it("passes on a failing poll request", async () => {
      const h = harness();
      const failure = new ArmOperationError(`GET ${OP1}`, { statusCode: 500, transient: true });
      h.api.beginDelete.resolves({
        kind: "accepted",
        pollUrl: OP1,
        style: "location",
        retryAfterMs: 1000,
      });
      h.api.poll.rejects(failure);
      assert.equal(await rejection(h.provider.delete(CONN_ID, outputs())), failure);
    });
  });

  describe("deadline", () => {
    it("comes from the recorded timeouts.delete, defaulting to 30 minutes", async () => {
      for (const [p, budgetMs] of [
        [outputs({ timeouts: { delete: 45 } }), 45_000],
        [outputs({ timeouts: { create: 5 } }), 1_800_000],
        [outputs(), 1_800_000],
        [undefined, 1_800_000],
      ] as const) {
        const h = harness();
        h.api.beginDelete.resolves({ kind: "gone", statusCode: 404 });
        await deleteConnection(h.ctx, CONN_ID, p);
        assert.equal(h.factory.firstCall.args[1].budgetMs, budgetMs);
        assert.equal(h.factory.firstCall.args[0], REF.subscriptionId);
      }
    });

    it("uses the subscription of the id", async () => {
      const h = harness();
      h.api.beginDelete.resolves({ kind: "gone", statusCode: 204 });
      await h.provider.delete(CONN_ID.replace(REF.subscriptionId, OTHER_SUB), outputs());
      assert.equal(h.factory.firstCall.args[0], OTHER_SUB);
      assert.equal(h.api.beginDelete.firstCall.args[0].subscriptionId, OTHER_SUB);
    });

    it("past it while polling: DeadlineExceededError naming the operation URL and that re-running is safe", async () => {
      const h = harness();
      h.api.beginDelete.resolves({
        kind: "accepted",
        pollUrl: OP1,
        style: "location",
        retryAfterMs: 10_000,
      });
      h.api.poll
        .onFirstCall()
        .resolves({ statusCode: 202, body: undefined, retryAfterMs: 10_000, nextPollUrl: OP2 });
      h.api.poll.resolves({ statusCode: 202, body: undefined, retryAfterMs: 10_000 });
      const error = await rejection(
        h.provider.delete(CONN_ID, outputs({ timeouts: { delete: 25 } })),
      );
      assert.ok(error instanceof DeadlineExceededError, String(error));
      assert.ok(error.message.includes(`(operation: ${OP2})`), error.message);
      assert.match(error.message, /still running in ARM after 25s/);
      assert.match(error.message, /delete timeout of 25s/);
      assert.match(error.message, /Re-running is safe/);
      assert.deepEqual(h.clock.sleeps, [10_000, 10_000, 5000]);
      assert.equal(h.api.get.callCount, 0);
    });

    it("past it while the GET still shows Deleting: DeadlineExceededError", async () => {
      const h = harness();
      h.api.beginDelete.resolves({ kind: "completed", statusCode: 200, body: {} });
      h.api.get.resolves(connection({ provisioningState: "Deleting" }));
      const error = await rejection(
        h.provider.delete(CONN_ID, outputs({ timeouts: { delete: 5 } })),
      );
      assert.ok(error instanceof DeadlineExceededError);
      assert.match(error.message, /Re-running is safe/);
      assert.doesNotMatch(error.message, /operation:/);
      assert.equal(h.clock.slept, 5000);
    });
  });

  it("refuses an id that is not a connection's, before calling ARM", async () => {
    const h = harness();
    const error = await rejection(
      h.provider.delete("/subscriptions/x/resourceGroups/y", outputs()),
    );
    assert.match(error.message, /is not the ARM id of a private endpoint connection/);
    assert.equal(h.factory.callCount, 0);
  });
});

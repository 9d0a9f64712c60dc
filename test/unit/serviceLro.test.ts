import { strict as assert } from "node:assert";
import { Deadline } from "../../provider/arm/clock";
import type { ConnectionState } from "../../provider/arm/connectionState";
import type {
  ConnectionsApi,
  DeleteStart,
  PollAnswer,
  PutAnswer,
} from "../../provider/arm/connectionsApi";
import { waitUntilDeleted } from "../../provider/arm/deleteWait";
import type { ConnectionRef } from "../../provider/arm/ids";
import { DeadlineExceededError } from "../../provider/arm/lro";
import { waitForPut } from "../../provider/arm/putWait";
import { parseParentResourceId } from "../../provider/arm/parentResourceId";
import { progressOf } from "../../provider/arm/serviceLro";
import { SteppingClock } from "../support/testClocks";

/*
 * Waiting on a PUT or DELETE of each kind of service (lro.ts, deleteWait.ts), on a virtual clock: the answers follow what the
 * services' recordings show (ACR's poll 201 while running, Cosmos DB's stale GETs, App
 * Service's interim statuses, SQL's provisioningStates).
 */
/** Connection "c" of the parent. */
function parentOf(typeAndName: string): ConnectionRef {
  const parsed = parseParentResourceId(
    "parentResourceId",
    `/subscriptions/s/resourceGroups/rg/providers/${typeAndName}`,
  );
  assert.ok(parsed.ok);
  return { ...parsed.parent, connectionName: "c" };
}

const quiet = () => {};

function putWait(api: ConnectionsApi, ref: ConnectionRef, answer: PutAnswer, deadline: Deadline) {
  return waitForPut(api, ref, answer, "Approved", deadline, quiet);
}

function deleteWait(api: ConnectionsApi, ref: ConnectionRef, start: DeleteStart, d: Deadline) {
  return waitUntilDeleted(api, ref, start, d, quiet);
}

function state(status: string, provisioningState = "Succeeded"): ConnectionState {
  return { id: "/x/privateEndpointConnections/c", name: "c", status, provisioningState };
}

/** Answers in order; what was asked, in order. */
function reads(gets: (ConnectionState | undefined)[], polls: PollAnswer[] = []) {
  const asked: string[] = [];
  const unexpected = async () => assert.fail("an unexpected write or list");
  const api: ConnectionsApi = {
    list: unexpected,
    put: unexpected,
    beginDelete: unexpected,
    async get() {
      asked.push("get");
      assert.ok(gets.length > 0, "an unexpected GET");
      return gets.shift();
    },
    async poll(url) {
      asked.push(`poll ${url}`);
      const answer = polls.shift();
      assert.ok(answer, "an unexpected poll");
      return answer;
    },
  };
  return { api, asked };
}

const OP = "https://management.azure.com/op/1";

describe("waiting on a PUT of any service", () => {
  it("takes a synchronous service's settled answer without a read", async () => {
    const { api, asked } = reads([]);
    const clock = new SteppingClock();
    const answer = { state: state("Approved") };
    const done = await putWait(
      api,
      parentOf("Microsoft.Storage/storageAccounts/a"),
      answer,
      new Deadline(60_000, clock),
    );
    assert.equal(done.status, "Approved");
    assert.deepEqual(asked, []);
  });

  it("polls ACR's Azure-AsyncOperation through its 201s, then reads the connection", async () => {
    const running: PollAnswer = { statusCode: 201, body: { status: "InProgress" } };
    const { api, asked } = reads(
      [state("Approved")],
      [running, running, { statusCode: 200, body: { status: "Succeeded" } }],
    );
    const answer = {
      state: state("Pending", "Updating"),
      operation: { pollUrl: OP, style: "azure-asyncoperation" as const },
    };
    const clock = new SteppingClock();
    const acr = parentOf("Microsoft.ContainerRegistry/registries/r");
    const done = await putWait(api, acr, answer, new Deadline(600_000, clock));
    assert.equal(done.status, "Approved");
    assert.deepEqual(asked, [`poll ${OP}`, `poll ${OP}`, `poll ${OP}`, "get"]);
  });

  it("keeps polling an Azure-AsyncOperation that also names a Location (the result's URL)", async () => {
    const results = "https://management.azure.com/op/1/result";
    const running: PollAnswer = {
      statusCode: 200,
      body: { status: "InProgress" },
      nextPollUrl: results,
    };
    const { api, asked } = reads(
      [state("Approved", "Ready")],
      [running, running, { statusCode: 200, body: { status: "Succeeded" } }],
    );
    const answer = {
      state: state("Pending", "Approving"),
      operation: { pollUrl: OP, style: "azure-asyncoperation" as const },
    };
    const sql = parentOf("Microsoft.Sql/servers/s");
    const done = await putWait(api, sql, answer, new Deadline(600_000, new SteppingClock()));
    assert.equal(done.provisioningState, "Ready");
    assert.deepEqual(asked, [`poll ${OP}`, `poll ${OP}`, `poll ${OP}`, "get"]);
  });

  it("does not take Cosmos DB's stale GET for the outcome: the operation decides", async () => {
    const { api, asked } = reads(
      [state("Approved")],
      [
        { statusCode: 200, body: { status: "Enqueued" } },
        { statusCode: 200, body: { status: "Succeeded" } },
      ],
    );
    const answer = {
      operation: { pollUrl: OP, style: "azure-asyncoperation" as const },
    };
    const cosmos = parentOf("Microsoft.DocumentDB/databaseAccounts/d");
    const done = await putWait(api, cosmos, answer, new Deadline(600_000, new SteppingClock()));
    assert.equal(done.status, "Approved");
    assert.equal(asked.filter((a) => a === "get").length, 1);
  });

  it("reads App Service until its interim status ends", async () => {
    const { api } = reads([
      state("Approving", "Pending"),
      state("Approving", "Pending"),
      state("Approved"),
    ]);
    const web = parentOf("Microsoft.Web/sites/w");
    const answer = { state: state("Approving", "Pending") };
    const done = await putWait(api, web, answer, new Deadline(600_000, new SteppingClock()));
    assert.equal(done.status, "Approved");
  });

  it("reads SQL until Approving gives way to Ready", async () => {
    const { api } = reads([state("Approved", "Approving"), state("Approved", "Ready")]);
    const sql = parentOf("Microsoft.Sql/servers/s");
    const answer = { state: state("Pending", "Approving") };
    const done = await putWait(api, sql, answer, new Deadline(600_000, new SteppingClock()));
    assert.equal(done.provisioningState, "Ready");
  });

  it("fails with what the operation said when it failed", async () => {
    const failed = { statusCode: 200, body: { status: "Failed", error: { message: "quota" } } };
    const { api } = reads([], [failed]);
    const answer = {
      operation: { pollUrl: OP, style: "azure-asyncoperation" as const },
    };
    const eh = parentOf("Microsoft.EventHub/namespaces/n");
    await assert.rejects(
      putWait(api, eh, answer, new Deadline(600_000, new SteppingClock())),
      /PUT .*Microsoft\.EventHub\/namespaces\/n\/privateEndpointConnections\/c failed: the operation ended Failed: quota/,
    );
  });

  it("says re-running is safe when the deadline passes while the service works", async () => {
    const busy = Array.from({ length: 200 }, () => state("Approved", "Dropping"));
    const { api } = reads(busy);
    const sql = parentOf("Microsoft.Sql/servers/s");
    const answer = { state: state("Approved", "Dropping") };
    await assert.rejects(
      putWait(api, sql, answer, new Deadline(60_000, new SteppingClock())),
      (e: unknown) => e instanceof DeadlineExceededError && /Re-running is safe/.test(e.message),
    );
  });

  it("reads Key Vault's operation URL, which answers the connection, by its provisioningState", () => {
    const connection = (p: string) => ({
      statusCode: 200,
      body: { id: "x", properties: { provisioningState: p } },
    });
    assert.deepEqual(progressOf("azure-asyncoperation", connection("Updating")), { done: false });
    assert.deepEqual(progressOf("azure-asyncoperation", connection("Succeeded")), { done: true });
    assert.equal(progressOf("azure-asyncoperation", connection("Failed")).done, true);
  });

  it("reads a Location operation as done when it stops answering 202", () => {
    assert.deepEqual(progressOf("location", { statusCode: 202, body: undefined }), { done: false });
    assert.deepEqual(progressOf("location", { statusCode: 204, body: undefined }), { done: true });
  });
});

describe("waiting on a DELETE of any service", () => {
  const deadline = () => new Deadline(600_000, new SteppingClock());

  it("follows a Private Link service's Location until it stops answering 202, then confirms gone", async () => {
    const { api, asked } = reads(
      [undefined],
      [
        { statusCode: 202, body: undefined },
        { statusCode: 204, body: undefined },
      ],
    );
    const pls = parentOf("Microsoft.Network/privateLinkServices/p");
    const start = {
      kind: "accepted" as const,
      pollUrl: OP,
      style: "location" as const,
      retryAfterMs: 1000,
    };
    await deleteWait(api, pls, start, deadline());
    assert.deepEqual(asked, [`poll ${OP}`, `poll ${OP}`, "get"]);
  });

  it("reads App Service while it shows Disconnecting, until the connection is gone", async () => {
    const { api, asked } = reads([
      state("Disconnecting", "Deleting"),
      state("Disconnecting", "Pending"),
      undefined,
    ]);
    const web = parentOf("Microsoft.Web/sites/w");
    await deleteWait(api, web, { kind: "completed", statusCode: 200, body: undefined }, deadline());
    assert.equal(asked.length, 3);
  });

  it("fails when the service said done but the connection is still there, settled", async () => {
    const { api } = reads([state("Approved")]);
    const storage = parentOf("Microsoft.Storage/storageAccounts/a");
    await assert.rejects(
      deleteWait(api, storage, { kind: "completed", statusCode: 200, body: undefined }, deadline()),
      /DELETE .*storageAccounts\/a\/privateEndpointConnections\/c failed: ARM reported the delete as finished, but the connection still exists \(status Approved/,
    );
  });

  it("fails with what the operation said when the delete failed", async () => {
    const failed = { statusCode: 200, body: { status: "Failed", error: { message: "locked" } } };
    const { api } = reads([state("Approved")], [failed]);
    const eh = parentOf("Microsoft.EventHub/namespaces/n");
    const start = {
      kind: "accepted" as const,
      pollUrl: OP,
      style: "azure-asyncoperation" as const,
    };
    await assert.rejects(
      deleteWait(api, eh, start, deadline()),
      /DELETE .*\/namespaces\/n\/privateEndpointConnections\/c failed: .*locked/,
    );
  });
});

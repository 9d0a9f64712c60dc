import { strict as assert } from "node:assert";
import { Deadline } from "../../provider/arm/clock";
import type { ConnectionState } from "../../provider/arm/connectionState";
import type { PollAnswer } from "../../provider/arm/connectionsApi";
import { DeadlineExceededError } from "../../provider/arm/lro";
import { parseParentResourceId, type ParentResource } from "../../provider/arm/parentResourceId";
import {
  progressOf,
  waitForServiceDelete,
  waitForServicePut,
  type ServiceReads,
} from "../../provider/arm/serviceLro";
import { SteppingClock } from "../support/testClocks";

/*
 * Waiting on a PUT of each kind of service, on a virtual clock: the answers follow what the
 * services' recordings show (ACR's poll 201 while running, Cosmos DB's stale GETs, App
 * Service's interim statuses, SQL's provisioningStates).
 */
function parentOf(typeAndName: string): ParentResource {
  const parsed = parseParentResourceId(
    "parentResourceId",
    `/subscriptions/s/resourceGroups/rg/providers/${typeAndName}`,
  );
  assert.ok(parsed.ok);
  return parsed.parent;
}

function state(status: string, provisioningState = "Succeeded"): ConnectionState {
  return { id: "/x/privateEndpointConnections/c", name: "c", status, provisioningState };
}

/** Answers in order; what was asked, in order. */
function reads(gets: (ConnectionState | undefined)[], polls: PollAnswer[] = []) {
  const asked: string[] = [];
  const api: ServiceReads = {
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
    const answer = { statusCode: 200, state: state("Approved") };
    const done = await waitForServicePut(
      api,
      parentOf("Microsoft.Storage/storageAccounts/a"),
      "c",
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
      statusCode: 201,
      state: state("Pending", "Updating"),
      operation: { pollUrl: OP, style: "azure-asyncoperation" as const },
    };
    const clock = new SteppingClock();
    const acr = parentOf("Microsoft.ContainerRegistry/registries/r");
    const done = await waitForServicePut(api, acr, "c", answer, new Deadline(600_000, clock));
    assert.equal(done.status, "Approved");
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
      statusCode: 202,
      operation: { pollUrl: OP, style: "azure-asyncoperation" as const },
    };
    const cosmos = parentOf("Microsoft.DocumentDB/databaseAccounts/d");
    const done = await waitForServicePut(
      api,
      cosmos,
      "c",
      answer,
      new Deadline(600_000, new SteppingClock()),
    );
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
    const answer = { statusCode: 200, state: state("Approving", "Pending") };
    const done = await waitForServicePut(
      api,
      web,
      "c",
      answer,
      new Deadline(600_000, new SteppingClock()),
    );
    assert.equal(done.status, "Approved");
  });

  it("reads SQL until Approving gives way to Ready", async () => {
    const { api } = reads([state("Approved", "Approving"), state("Approved", "Ready")]);
    const sql = parentOf("Microsoft.Sql/servers/s");
    const answer = { statusCode: 200, state: state("Pending", "Approving") };
    const done = await waitForServicePut(
      api,
      sql,
      "c",
      answer,
      new Deadline(600_000, new SteppingClock()),
    );
    assert.equal(done.provisioningState, "Ready");
  });

  it("fails with what the operation said when it failed", async () => {
    const failed = { statusCode: 200, body: { status: "Failed", error: { message: "quota" } } };
    const { api } = reads([], [failed]);
    const answer = {
      statusCode: 202,
      operation: { pollUrl: OP, style: "azure-asyncoperation" as const },
    };
    const eh = parentOf("Microsoft.EventHub/namespaces/n");
    await assert.rejects(
      waitForServicePut(api, eh, "c", answer, new Deadline(600_000, new SteppingClock())),
      /PUT .*Microsoft\.EventHub\/namespaces\/n\/privateEndpointConnections\/c failed: the operation ended Failed: quota/,
    );
  });

  it("says re-running is safe when the deadline passes while the service works", async () => {
    const busy = Array.from({ length: 200 }, () => state("Approved", "Dropping"));
    const { api } = reads(busy);
    const sql = parentOf("Microsoft.Sql/servers/s");
    const answer = { statusCode: 200, state: state("Approved", "Dropping") };
    await assert.rejects(
      waitForServicePut(api, sql, "c", answer, new Deadline(60_000, new SteppingClock())),
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
    const start = { kind: "accepted" as const, pollUrl: OP, style: "location" as const };
    await waitForServiceDelete(api, pls, "c", start, deadline());
    assert.deepEqual(asked, [`poll ${OP}`, `poll ${OP}`, "get"]);
  });

  it("reads App Service while it shows Disconnecting, until the connection is gone", async () => {
    const { api, asked } = reads([
      state("Disconnecting", "Deleting"),
      state("Disconnecting", "Pending"),
      undefined,
    ]);
    const web = parentOf("Microsoft.Web/sites/w");
    await waitForServiceDelete(
      api,
      web,
      "c",
      { kind: "completed", statusCode: 200, body: undefined },
      deadline(),
    );
    assert.equal(asked.length, 3);
  });

  it("fails when the service said done but the connection is still there, settled", async () => {
    const { api } = reads([state("Approved")]);
    const storage = parentOf("Microsoft.Storage/storageAccounts/a");
    await assert.rejects(
      waitForServiceDelete(
        api,
        storage,
        "c",
        { kind: "completed", statusCode: 200, body: undefined },
        deadline(),
      ),
      /DELETE .*storageAccounts\/a\/privateEndpointConnections\/c failed: ARM reported the delete as finished, but the connection still exists \(status Approved/,
    );
  });

  it("fails with what the operation said when the delete failed", async () => {
    const failed = { statusCode: 200, body: { status: "Failed", error: { message: "locked" } } };
    const { api } = reads([], [failed]);
    const eh = parentOf("Microsoft.EventHub/namespaces/n");
    const start = {
      kind: "accepted" as const,
      pollUrl: OP,
      style: "azure-asyncoperation" as const,
    };
    await assert.rejects(
      waitForServiceDelete(api, eh, "c", start, deadline()),
      /the operation ended Failed: locked/,
    );
  });

  it("asks nothing more when the DELETE already said gone", async () => {
    const { api, asked } = reads([]);
    await waitForServiceDelete(
      api,
      parentOf("Microsoft.Search/searchServices/s"),
      "c",
      { kind: "gone", statusCode: 404 },
      deadline(),
    );
    assert.deepEqual(asked, []);
  });
});

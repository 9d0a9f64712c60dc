import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator";
import { RG, start, stopEmulatorsAfterEach, withApi } from "./support/emulator";
import { arm, header, json, type HttpResult } from "./support/https";
import {
  expectationOf,
  putService,
  readService,
  seedService,
  serviceConnectionPath,
  stateOf,
} from "./support/services";

/*
 * What differs between services beyond their answer styles: the state rules each applies to
 * the provider side, App Service's interim statuses, Synapse's unchanged PUT, and the stale
 * reads of Cosmos DB, PostgreSQL and App Configuration (controlled by the clock and
 * completeRunningOperations, never raced).
 */

const STORAGE = expectationOf("Microsoft.Storage/storageAccounts");
const SQL = expectationOf("Microsoft.Sql/servers");
const SEARCH = expectationOf("Microsoft.Search/searchServices");
const EVENT_HUBS = expectationOf("Microsoft.EventHub/namespaces");
const WEB = expectationOf("Microsoft.Web/sites");
const SYNAPSE = expectationOf("Microsoft.Synapse/workspaces");
const COSMOS = expectationOf("Microsoft.DocumentDB/databaseAccounts");
const POSTGRES = expectationOf("Microsoft.DBforPostgreSQL/flexibleServers");
const APP_CONFIG = expectationOf("Microsoft.AppConfiguration/configurationStores");

function errorCode(result: HttpResult): string {
  return json<{ error: { code: string } }>(result).error.code;
}

async function settled(
  emulator: RunningEmulator,
  put: Promise<HttpResult>,
  status: number,
): Promise<void> {
  const result = await put;
  assert.equal(result.status, status, result.text);
  emulator.control.completeRunningOperations();
}

describe("emulator: each service's state rules", () => {
  stopEmulatorsAfterEach();

  it("SQL changes a connection only while it is Pending: 400 PrivateEndpointConnectionStatusNotPending", async () => {
    const emulator = await start();
    seedService(emulator, SQL);
    await settled(emulator, putService(emulator, SQL, "pec-1", "Approved"), 202);
    for (const status of ["Approved", "Rejected"]) {
      const refused = await putService(emulator, SQL, "pec-1", status);
      assert.equal(refused.status, 400);
      assert.equal(errorCode(refused), "PrivateEndpointConnectionStatusNotPending");
    }
    assert.equal(stateOf(await readService(emulator, SQL, "pec-1")).status, "Approved");
  });

  it("Storage refuses to approve an Approved or Rejected connection, and rejects an Approved one", async () => {
    const emulator = await start();
    seedService(emulator, STORAGE);
    await settled(emulator, putService(emulator, STORAGE, "pec-1", "Approved"), 200);
    const again = await putService(emulator, STORAGE, "pec-1", "Approved");
    assert.equal(again.status, 400);
    assert.equal(errorCode(again), "InvalidValuesForRequestParameters");
    await settled(emulator, putService(emulator, STORAGE, "pec-1", "Rejected"), 200);
    const reapprove = await putService(emulator, STORAGE, "pec-1", "Approved");
    assert.equal(errorCode(reapprove), "InvalidValuesForRequestParameters");
  });

  it("Storage takes and answers actionRequired, and refuses a status its enum lacks", async () => {
    const emulator = await start();
    seedService(emulator, STORAGE);
    const path = withApi(serviceConnectionPath(emulator, STORAGE, "pec-1"), STORAGE.apiVersion);
    const body = (status: string) => ({
      properties: { privateLinkServiceConnectionState: { status, actionRequired: "None" } },
    });
    const refused = await arm(emulator, "PUT", path, { body: body("Disconnected") });
    assert.equal(refused.status, 400);
    const put = await arm(emulator, "PUT", path, { body: body("Approved") });
    assert.equal(put.status, 200, put.text);
    const state = json<{ properties: { privateLinkServiceConnectionState: object } }>(put)
      .properties.privateLinkServiceConnectionState;
    assert.deepEqual(state, { status: "Approved", actionRequired: "None" });
  });

  it("Search refuses Rejected -> Approved (400 OperationNotAllowed) but accepts Rejected -> Pending -> Approved", async () => {
    const emulator = await start();
    seedService(emulator, SEARCH);
    await settled(emulator, putService(emulator, SEARCH, "pec-1", "Rejected"), 200);
    const refused = await putService(emulator, SEARCH, "pec-1", "Approved");
    assert.equal(refused.status, 400);
    assert.equal(errorCode(refused), "OperationNotAllowed");
    await settled(emulator, putService(emulator, SEARCH, "pec-1", "Pending"), 200);
    await settled(emulator, putService(emulator, SEARCH, "pec-1", "Approved"), 200);
    assert.equal(stateOf(await readService(emulator, SEARCH, "pec-1")).status, "Approved");
  });

  it("the others accept Approved -> Rejected and refuse Rejected -> Approved, as Key Vault does", async () => {
    const emulator = await start();
    seedService(emulator, EVENT_HUBS);
    await settled(emulator, putService(emulator, EVENT_HUBS, "pec-1", "Approved"), 202);
    await settled(emulator, putService(emulator, EVENT_HUBS, "pec-1", "Rejected"), 202);
    const refused = await putService(emulator, EVENT_HUBS, "pec-1", "Approved");
    assert.equal(refused.status, 400);
    emulator.control.setBehavior({ allowReapproval: true });
    await settled(emulator, putService(emulator, EVENT_HUBS, "pec-1", "Approved"), 202);
  });

  it("answers 400 InvalidApiVersionParameter for an api-version the service does not have", async () => {
    const emulator = await start();
    seedService(emulator, STORAGE);
    const path = withApi(serviceConnectionPath(emulator, STORAGE, "pec-1"), "2025-05-01-nope");
    const result = await arm(emulator, "GET", path);
    assert.equal(result.status, 400);
    assert.equal(errorCode(result), "InvalidApiVersionParameter");
  });
});

describe("emulator: interim statuses and stale reads", () => {
  stopEmulatorsAfterEach();

  it("App Service shows Approving (provisioningState Pending) while approving, Disconnecting while deleting", async () => {
    const emulator = await start();
    seedService(emulator, WEB);
    const put = await putService(emulator, WEB, "pec-1", "Approved");
    assert.equal(
      json<{ properties: { privateLinkServiceConnectionState: { status: string } } }>(put)
        .properties.privateLinkServiceConnectionState.status,
      "Approving",
    );
    assert.deepEqual(stateOf(await readService(emulator, WEB, "pec-1")), {
      status: "Approving",
      provisioningState: "Pending",
    });
    emulator.control.completeRunningOperations();
    assert.deepEqual(stateOf(await readService(emulator, WEB, "pec-1")), {
      status: "Approved",
      provisioningState: "Succeeded",
    });
    const path = withApi(serviceConnectionPath(emulator, WEB, "pec-1"), WEB.apiVersion);
    assert.equal((await arm(emulator, "DELETE", path)).status, 202);
    assert.deepEqual(stateOf(await readService(emulator, WEB, "pec-1")), {
      status: "Disconnecting",
      provisioningState: "Deleting",
    });
  });

  it("Synapse answers a PUT that keeps the status with 200 at once, one that changes it with 201 Provisioning", async () => {
    const emulator = await start();
    seedService(emulator, SYNAPSE);
    const same = await putService(emulator, SYNAPSE, "pec-1", "Pending");
    assert.equal(same.status, 200);
    assert.equal(header(same, "azure-asyncoperation"), undefined);
    const changed = await putService(emulator, SYNAPSE, "pec-1", "Rejected");
    assert.equal(changed.status, 201);
    assert.ok(header(changed, "azure-asyncoperation"));
    assert.deepEqual(stateOf(await readService(emulator, SYNAPSE, "pec-1")), {
      status: "Rejected",
      provisioningState: "Provisioning",
    });
  });

  for (const s of [COSMOS, APP_CONFIG]) {
    it(`${s.resourceType} reads the old status for staleReadMs (times timeScale) after an accepted PUT`, async () => {
      const emulator = await start({ behavior: { staleReadMs: 30_000, timeScale: 0.5 } });
      seedService(emulator, s);
      assert.equal((await putService(emulator, s, "pec-1", "Approved")).status, s.put.status);
      emulator.control.advanceClock(14_999);
      assert.deepEqual(stateOf(await readService(emulator, s, "pec-1")), {
        status: "Pending",
        provisioningState: "Succeeded",
      });
      emulator.control.advanceClock(1);
      assert.deepEqual(stateOf(await readService(emulator, s, "pec-1")), {
        status: "Approved",
        provisioningState: "Succeeded",
      });
    });
  }

  it("a consumer's change during a stale window shows at once: its endpoint deleted, Disconnected", async () => {
    const emulator = await start({ behavior: { staleReadMs: 30_000 } });
    seedService(emulator, COSMOS);
    assert.equal((await putService(emulator, COSMOS, "pec-1", "Approved")).status, 202);
    const ref = {
      resourceType: COSMOS.resourceType,
      resourceGroupName: RG,
      parentName: "parent1",
      connectionName: "pec-1",
    };
    emulator.control.deletePrivateEndpoint(ref, { removeAfterMs: 60_000 });
    assert.equal(stateOf(await readService(emulator, COSMOS, "pec-1")).status, "Disconnected");
  });

  it("PostgreSQL reads the old status as Updating, and completeRunningOperations ends the window", async () => {
    const emulator = await start({ behavior: { staleReadMs: 90_000, putDurationMs: 1_000 } });
    seedService(emulator, POSTGRES);
    assert.equal((await putService(emulator, POSTGRES, "pec-1", "Approved")).status, 202);
    emulator.control.advanceClock(5_000);
    assert.deepEqual(stateOf(await readService(emulator, POSTGRES, "pec-1")), {
      status: "Pending",
      provisioningState: "Updating",
    });
    const list = await arm(
      emulator,
      "GET",
      withApi(
        serviceConnectionPath(emulator, POSTGRES, "").replace(/\/$/, ""),
        POSTGRES.apiVersion,
      ),
    );
    const items = json<{
      value: { properties: { privateLinkServiceConnectionState: { status: string } } }[];
    }>(list).value;
    assert.equal(
      items[0].properties.privateLinkServiceConnectionState.status,
      "Pending",
      "lists read stale too",
    );
    emulator.control.completeRunningOperations();
    assert.deepEqual(stateOf(await readService(emulator, POSTGRES, "pec-1")), {
      status: "Approved",
      provisioningState: "Succeeded",
    });
    const truth = emulator.control.getConnection({
      resourceType: POSTGRES.resourceType,
      resourceGroupName: RG,
      parentName: "parent1",
      connectionName: "pec-1",
    });
    assert.equal(truth?.properties.privateLinkServiceConnectionState.status, "Approved");
  });
});

describe("emulator: the behavior's outcomes for another service's operations", () => {
  stopEmulatorsAfterEach();

  it("a failed PUT polls Failed with an error and reads Failed; a lost DELETE poll answers 404", async () => {
    const emulator = await start({
      behavior: { putOutcome: "Failed", deleteOutcome: "PollNotFound" },
    });
    seedService(emulator, EVENT_HUBS);
    const put = await putService(emulator, EVENT_HUBS, "pec-1", "Approved");
    emulator.control.completeRunningOperations();
    const polled = await arm(emulator, "GET", header(put, "azure-asyncoperation") ?? "");
    assert.equal(polled.status, 200);
    const body = json<{ status: string; error?: { code: string } }>(polled);
    assert.equal(body.status, "Failed");
    assert.equal(body.error?.code, "PrivateEndpointConnectionOperationFailed");
    assert.equal(
      stateOf(await readService(emulator, EVENT_HUBS, "pec-1")).provisioningState,
      "Failed",
    );

    const path = withApi(
      serviceConnectionPath(emulator, EVENT_HUBS, "pec-2"),
      EVENT_HUBS.apiVersion,
    );
    const removed = await arm(emulator, "DELETE", path);
    assert.equal(removed.status, 202);
    const lost = await arm(emulator, "GET", header(removed, "azure-asyncoperation") ?? "");
    assert.equal(lost.status, 404);
  });

  it("a PUT that never ends keeps polling InProgress until completeRunningOperations", async () => {
    const emulator = await start({ behavior: { putOutcome: "Never" } });
    seedService(emulator, SQL);
    const put = await putService(emulator, SQL, "pec-1", "Rejected");
    emulator.control.advanceClock(600_000);
    const location = header(put, "location") ?? "";
    assert.equal((await arm(emulator, "GET", location)).status, 202);
    assert.equal(stateOf(await readService(emulator, SQL, "pec-1")).provisioningState, "Rejecting");
    assert.equal(emulator.control.completeRunningOperations(), 1);
    const done = await arm(emulator, "GET", location);
    assert.equal(done.status, 200);
    assert.deepEqual(stateOf(json(done)), { status: "Rejected", provisioningState: "Ready" });
  });
});

import { strict as assert } from "node:assert";
import type { ConnectionJson, RunningEmulator } from "../../emulator";
import {
  APPROVE,
  HSM,
  RG,
  connectionPath,
  seed,
  start,
  stopEmulatorsAfterEach,
  withApi,
} from "./support/emulator";
import { arm, header, json } from "./support/https";

const ETAG = /^[0-9a-f]{32}$/;

function kvOperation(url: string): { code: string; st: string; etag: string } {
  const token = new URL(url).searchParams.get("kv-operation") ?? "";
  return JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
    code: string;
    st: string;
    etag: string;
  };
}

async function getConnection(emulator: RunningEmulator, name = "pec-1"): Promise<ConnectionJson> {
  const result = await arm(emulator, "GET", withApi(connectionPath(emulator, name)));
  assert.equal(result.status, 200, result.text);
  return json<ConnectionJson>(result);
}

describe("emulator PUT lifecycle", () => {
  stopEmulatorsAfterEach();

  it("answers 200 Updating with Azure-AsyncOperation and Retry-After, then reaches Succeeded with a new etag", async () => {
    const emulator = await start();
    seed(emulator);
    const before = await getConnection(emulator);
    assert.equal(before.etag, undefined, "as recorded, a connection ARM never wrote has no etag");
    const put = await arm(emulator, "PUT", withApi(connectionPath(emulator)), { body: APPROVE });
    assert.equal(put.status, 200);
    const body = json<ConnectionJson>(put);
    assert.equal(body.properties.provisioningState, "Updating");
    assert.deepEqual(body.properties.privateLinkServiceConnectionState, {
      status: "Approved",
      description: "ok",
      actionsRequired: "None",
    });
    assert.match(body.etag ?? "", ETAG);
    assert.equal(header(put, "retry-after"), "1");

    // As recorded: the resource URL itself, plus &kv-operation=<base64 JSON>.
    const asyncOperation = header(put, "azure-asyncoperation") ?? "";
    assert.ok(
      asyncOperation.startsWith(
        `${emulator.url}${withApi(connectionPath(emulator))}&kv-operation=`,
      ),
      asyncOperation,
    );
    const operation = kvOperation(asyncOperation);
    assert.equal(operation.code, "privateEndpointConnections/approve");
    assert.equal(operation.etag, body.etag);
    assert.match(operation.st, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);

    const polled = await arm(emulator, "GET", asyncOperation);
    assert.equal(polled.status, 200);
    assert.equal(json<ConnectionJson>(polled).properties.provisioningState, "Updating");
    assert.equal(emulator.control.requestLog().at(-1)?.op, "poll");

    emulator.control.advanceClock(200);
    const after = await getConnection(emulator);
    assert.equal(after.properties.provisioningState, "Succeeded");
    assert.equal(after.properties.privateLinkServiceConnectionState.status, "Approved");
    assert.match(after.etag ?? "", ETAG);
    assert.notEqual(after.etag, body.etag, "completion changes the etag again, as recorded");
    assert.equal(json<ConnectionJson>(await arm(emulator, "GET", asyncOperation)).etag, after.etag);
  });

  it("names a reject 'privateEndpointConnections/reject' and clears a description the PUT omits", async () => {
    const emulator = await start();
    seed(emulator);
    await arm(emulator, "PUT", withApi(connectionPath(emulator)), { body: APPROVE });
    const reject = await arm(emulator, "PUT", withApi(connectionPath(emulator)), {
      body: { properties: { privateLinkServiceConnectionState: { status: "Rejected" } } },
    });
    assert.equal(
      kvOperation(header(reject, "azure-asyncoperation") ?? "").code,
      "privateEndpointConnections/reject",
    );
    const state = json<ConnectionJson>(reject).properties.privateLinkServiceConnectionState;
    assert.deepEqual(state, { status: "Rejected", actionsRequired: "None" });
  });

  it("ends Failed when putOutcome is Failed", async () => {
    const emulator = await start({ behavior: { putOutcome: "Failed" } });
    seed(emulator);
    await arm(emulator, "PUT", withApi(connectionPath(emulator)), { body: APPROVE });
    emulator.control.advanceClock(200);
    const after = await getConnection(emulator);
    assert.equal(after.properties.provisioningState, "Failed");
    assert.equal(after.properties.privateLinkServiceConnectionState.status, "Approved");
  });

  it("stays Updating when putOutcome is Never", async () => {
    const emulator = await start({ behavior: { putOutcome: "Never", putDurationMs: 10 } });
    seed(emulator);
    await arm(emulator, "PUT", withApi(connectionPath(emulator)), { body: APPROVE });
    emulator.control.advanceClock(100);
    assert.equal((await getConnection(emulator)).properties.provisioningState, "Updating");
  });

  it("omits Retry-After when putRetryAfterSeconds is null, and takes behavior changes at run time", async () => {
    const emulator = await start();
    seed(emulator);
    emulator.control.setBehavior({ putRetryAfterSeconds: null, putDurationMs: 0 });
    const put = await arm(emulator, "PUT", withApi(connectionPath(emulator)), { body: APPROVE });
    assert.equal(header(put, "retry-after"), undefined);
    assert.ok(header(put, "azure-asyncoperation"));
    assert.equal((await getConnection(emulator)).properties.provisioningState, "Succeeded");
  });

  it("lets a second PUT supersede one still running", async () => {
    const emulator = await start({ behavior: { putDurationMs: 300 } });
    seed(emulator);
    await arm(emulator, "PUT", withApi(connectionPath(emulator)), { body: APPROVE });
    emulator.control.advanceClock(150);
    const second = await arm(emulator, "PUT", withApi(connectionPath(emulator)), {
      body: { properties: { privateLinkServiceConnectionState: { status: "Rejected" } } },
    });
    const secondEtag = json<ConnectionJson>(second).etag;
    emulator.control.advanceClock(200);
    const midway = await getConnection(emulator);
    assert.equal(
      midway.properties.provisioningState,
      "Updating",
      "the first PUT's completion does not apply",
    );
    assert.equal(midway.etag, secondEtag);
    emulator.control.advanceClock(200);
    const done = await getConnection(emulator);
    assert.equal(done.properties.provisioningState, "Succeeded");
    assert.equal(done.properties.privateLinkServiceConnectionState.status, "Rejected");
  });

  it("answers the same for a vault's connection", async () => {
    const emulator = await start();
    seed(emulator);
    const put = await arm(emulator, "PUT", withApi(connectionPath(emulator, "pec-1", "vaults")), {
      body: APPROVE,
    });
    assert.equal(put.status, 200);
    const body = json<ConnectionJson>(put);
    assert.equal(body.properties.provisioningState, "Updating");
    assert.match(
      body.id,
      /\/providers\/Microsoft\.KeyVault\/vaults\/kv-test\/privateEndpointConnections\/pec-1$/,
    );
    assert.ok(header(put, "azure-asyncoperation")?.includes("/vaults/kv-test/"));
  });

  it("changes the HSM's privateEndpointConnections item with the connection", async () => {
    const emulator = await start();
    seed(emulator);
    const put = json<ConnectionJson>(
      await arm(emulator, "PUT", withApi(connectionPath(emulator)), { body: APPROVE }),
    );
    const hsm = json<{
      properties: { privateEndpointConnections: Array<Record<string, unknown>> };
    }>(
      await arm(
        emulator,
        "GET",
        withApi(
          `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.KeyVault/managedHSMs/${HSM}`,
        ),
      ),
    );
    const [item] = hsm.properties.privateEndpointConnections;
    assert.deepEqual(Object.keys(item).sort(), ["etag", "id", "properties"]);
    assert.equal(item.etag, put.etag);
    assert.deepEqual(item.properties, put.properties);
  });
});

import { strict as assert } from "node:assert";
import type { ConnectionJson, RunningEmulator } from "../../emulator";
import {
  APPROVE,
  RG,
  HSM,
  connectionPath,
  seed,
  start,
  stopEmulatorsAfterEach,
  withApi,
} from "./support/emulator";
import { arm, control, json, type HttpResult } from "./support/https";

/**
 * Azure's connection-state rules: what the provider side may PUT from each status, and what
 * only the consumer can do (re-request, delete its endpoint), in-process and over HTTP.
 */

const REF = { resourceGroupName: RG, parentName: HSM, connectionName: "pec-1" };
const REJECT = { properties: { privateLinkServiceConnectionState: { status: "Rejected" } } };
const statusBody = (status: string, description?: string) => ({
  properties: { privateLinkServiceConnectionState: { status, description } },
});

async function putStatus(emulator: RunningEmulator, body: object): Promise<HttpResult> {
  return arm(emulator, "PUT", withApi(connectionPath(emulator)), { body });
}

function statusOf(emulator: RunningEmulator): string | undefined {
  return emulator.control.getConnection(REF)?.properties.privateLinkServiceConnectionState.status;
}

function errorOf(result: HttpResult): { code: string; message: string } {
  return json<{ error: { code: string; message: string } }>(result).error;
}

describe("emulator: connection-state rules", () => {
  stopEmulatorsAfterEach();

  it("allows Pending -> Approved -> Rejected and a description-only change that keeps Rejected", async () => {
    const emulator = await start();
    seed(emulator);
    assert.equal((await putStatus(emulator, APPROVE)).status, 200);
    assert.equal((await putStatus(emulator, REJECT)).status, 200);
    const edited = await putStatus(emulator, statusBody("Rejected", "edited"));
    assert.equal(edited.status, 200, edited.text);
    const state = emulator.control.getConnection(REF)?.properties.privateLinkServiceConnectionState;
    assert.deepEqual(state, { status: "Rejected", description: "edited", actionsRequired: "None" });
  });

  it("allows Pending -> Rejected", async () => {
    const emulator = await start();
    seed(emulator);
    assert.equal((await putStatus(emulator, REJECT)).status, 200);
    assert.equal(statusOf(emulator), "Rejected");
  });

  it("refuses Rejected -> Approved with 400 and an ARM error body, changing nothing", async () => {
    const emulator = await start();
    seed(emulator);
    await putStatus(emulator, REJECT);
    emulator.control.advanceClock(200);
    const etag = emulator.control.getConnection(REF)?.etag;
    const refused = await putStatus(emulator, APPROVE);
    assert.equal(refused.status, 400);
    assert.deepEqual(errorOf(refused), {
      code: "BadRequest",
      message: "Approving rejected private endpoint connections is not supported.",
    });
    assert.equal(statusOf(emulator), "Rejected");
    assert.equal(emulator.control.getConnection(REF)?.etag, etag, "no write happened");
  });

  it("allows Rejected -> Approved when allowReapproval is set, as some resource providers do", async () => {
    const emulator = await start({ behavior: { allowReapproval: true } });
    seed(emulator);
    assert.equal(emulator.control.getBehavior().allowReapproval, true);
    await putStatus(emulator, REJECT);
    const approved = await putStatus(emulator, APPROVE);
    assert.equal(approved.status, 200, approved.text);
    assert.equal(statusOf(emulator), "Approved");
  });

  it("refuses the consumer's statuses (Pending, Disconnected) from the provider side", async () => {
    const emulator = await start();
    seed(emulator);
    await putStatus(emulator, APPROVE);
    for (const status of ["Pending", "Disconnected"]) {
      const refused = await putStatus(emulator, statusBody(status));
      assert.equal(refused.status, 400, status);
      assert.equal(errorOf(refused).code, "InvalidPrivateEndpointConnectionStatusTransition");
      assert.match(errorOf(refused).message, new RegExp(`from 'Approved' to '${status}'`));
    }
    assert.equal(statusOf(emulator), "Approved");
  });

  it("refuses every PUT to a Disconnected connection; DELETE still removes it", async () => {
    const emulator = await start();
    seed(emulator);
    await putStatus(emulator, APPROVE);
    emulator.control.deletePrivateEndpoint(REF, { removeAfterMs: 60_000 });
    for (const body of [APPROVE, REJECT, statusBody("Disconnected")]) {
      const refused = await putStatus(emulator, body);
      assert.equal(refused.status, 400);
      assert.equal(errorOf(refused).code, "PrivateEndpointConnectionDisconnected");
      assert.match(errorOf(refused).message, /'pec-1' is Disconnected/);
    }
    const got = json<ConnectionJson>(await arm(emulator, "GET", withApi(connectionPath(emulator))));
    assert.equal(got.properties.privateLinkServiceConnectionState.status, "Disconnected");
    const deleted = await arm(emulator, "DELETE", withApi(connectionPath(emulator)));
    assert.equal(deleted.status, 202);
    emulator.control.advanceClock(250);
    assert.equal(emulator.control.getConnection(REF), undefined);
  });

  it("setConnection (the portal) follows the same rules", async () => {
    const emulator = await start();
    seed(emulator);
    emulator.control.setConnection(REF, { status: "Rejected" });
    assert.throws(
      () => emulator.control.setConnection(REF, { status: "Approved" }),
      /Approving rejected private endpoint connections is not supported/,
    );
    emulator.control.setConnection(REF, { description: "only the description" });
    assert.equal(statusOf(emulator), "Rejected");
  });

  it("the consumer re-requests: Rejected -> Pending with its new message, then it can be approved", async () => {
    const emulator = await start();
    seed(emulator);
    await putStatus(emulator, REJECT);
    const before = emulator.control.getConnection(REF)?.etag;
    const pending = emulator.control.requestConnectionAgain(REF, { requestMessage: "please" });
    assert.deepEqual(pending.properties.privateLinkServiceConnectionState, {
      status: "Pending",
      description: "please",
      actionsRequired: "None",
    });
    assert.notEqual(pending.etag, before);
    assert.equal((await putStatus(emulator, APPROVE)).status, 200);
    assert.equal(statusOf(emulator), "Approved");
    assert.throws(
      () => emulator.control.requestConnectionAgain(REF),
      /is Approved; a consumer can request approval again only of a Rejected or Pending/,
    );
  });

  it("the consumer deletes its endpoint: Disconnected until removeAfterMs, then gone; 0 removes at once", async () => {
    const emulator = await start();
    seed(emulator);
    const disconnected = emulator.control.deletePrivateEndpoint(REF, { removeAfterMs: 300 });
    assert.equal(disconnected?.properties.privateLinkServiceConnectionState.status, "Disconnected");
    assert.equal(statusOf(emulator), "Disconnected");
    emulator.control.advanceClock(400);
    assert.equal(emulator.control.getConnection(REF), undefined, "removed after the delay");
    assert.equal((await arm(emulator, "GET", withApi(connectionPath(emulator)))).status, 404);

    emulator.control.createConnection({ ...REF, connectionName: "pec-2" });
    const ref2 = { ...REF, connectionName: "pec-2" };
    assert.equal(emulator.control.deletePrivateEndpoint(ref2), undefined);
    assert.equal(emulator.control.getConnection(ref2), undefined, "removed at once");
    assert.throws(
      () => emulator.control.deletePrivateEndpoint(REF, { removeAfterMs: -1 }),
      /No private endpoint connection/,
    );
    emulator.control.createConnection({ ...REF, connectionName: "pec-3" });
    assert.throws(
      () =>
        emulator.control.deletePrivateEndpoint(
          { ...REF, connectionName: "pec-3" },
          {
            removeAfterMs: -1,
          },
        ),
      /removeAfterMs must be a number >= 0/,
    );
  });

  it("a DELETE that is running when the connection is removed ends Succeeded", async () => {
    const emulator = await start({ behavior: { deleteDurationMs: 500 } });
    seed(emulator);
    emulator.control.deletePrivateEndpoint(REF, { removeAfterMs: 100 });
    const deleting = await arm(emulator, "DELETE", withApi(connectionPath(emulator)));
    assert.equal(deleting.status, 202);
    const location = deleting.headers.location as string;
    emulator.control.advanceClock(700);
    const done = await arm(emulator, "GET", location);
    assert.equal(done.status, 204, done.text);
  });

  it("over HTTP: re-request and delete-endpoint, with the same checks", async () => {
    const emulator = await start();
    seed(emulator);
    await putStatus(emulator, REJECT);
    const again = await control(emulator, "POST", "connections/request-again", {
      ref: REF,
      requestMessage: "second try",
    });
    assert.equal(again.status, 200, again.text);
    assert.equal(
      json<ConnectionJson>(again).properties.privateLinkServiceConnectionState.description,
      "second try",
    );
    assert.equal(statusOf(emulator), "Pending");
    await putStatus(emulator, APPROVE);
    const refused = await control(emulator, "POST", "connections/request-again", { ref: REF });
    assert.equal(refused.status, 409);
    assert.equal(errorOf(refused).code, "Conflict");

    const disconnected = await control(emulator, "POST", "connections/delete-endpoint", {
      ref: REF,
      removeAfterMs: 60_000,
    });
    assert.equal(disconnected.status, 200);
    assert.equal(statusOf(emulator), "Disconnected");
    const badDelay = await control(emulator, "POST", "connections/delete-endpoint", {
      ref: REF,
      removeAfterMs: "soon",
    });
    assert.equal(badDelay.status, 400);
    const removed = await control(emulator, "POST", "connections/delete-endpoint", { ref: REF });
    assert.equal(removed.status, 204);
    assert.equal(emulator.control.getConnection(REF), undefined);
  });

  it("allowReapproval is a checked behavior key", async () => {
    const emulator = await start();
    assert.equal(emulator.control.getBehavior().allowReapproval, false, "off by default");
    assert.throws(
      () => emulator.control.setBehavior({ allowReapproval: "yes" as never }),
      /true or false/,
    );
    emulator.control.setBehavior({ allowReapproval: true });
    assert.equal(emulator.control.getBehavior().allowReapproval, true);
  });
});

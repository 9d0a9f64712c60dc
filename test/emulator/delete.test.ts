import { strict as assert } from "node:assert";
import type { ConnectionJson, EmulatorBehavior, RunningEmulator } from "../../emulator";
import {
  RG,
  connectionPath,
  seed,
  start,
  stopEmulatorsAfterEach,
  withApi,
} from "./support/emulator";
import { arm, header, json, type HttpResult } from "./support/https";

const ref = { resourceGroupName: RG, parentName: "hsm-test", connectionName: "pec-1" };

async function startWith(behavior: Partial<EmulatorBehavior> = {}): Promise<RunningEmulator> {
  const emulator = await start({ behavior });
  seed(emulator);
  return emulator;
}

function remove(emulator: RunningEmulator, kind: "managedHSMs" | "vaults" = "managedHSMs") {
  return arm(emulator, "DELETE", withApi(connectionPath(emulator, "pec-1", kind)));
}

function location(result: HttpResult): string {
  const value = header(result, "location");
  assert.ok(value, "a Location header");
  return value;
}

describe("emulator DELETE lifecycle", () => {
  stopEmulatorsAfterEach();

  it("answers 202 with an empty body and the recorded Location; polls 202, then 204; then GET is 404", async () => {
    const emulator = await startWith();
    const accepted = await remove(emulator);
    assert.equal(accepted.status, 202);
    assert.equal(accepted.text, "");
    const poll = location(accepted);
    assert.ok(
      poll.startsWith(`${emulator.url}${withApi(connectionPath(emulator))}&kv-operation=`),
      poll,
    );
    const token = JSON.parse(
      Buffer.from(new URL(poll).searchParams.get("kv-operation") ?? "", "base64url").toString(),
    ) as { code: string };
    assert.equal(token.code, "privateEndpointConnections/delete");
    assert.equal(header(accepted, "retry-after"), "1");
    assert.equal(header(accepted, "azure-asyncoperation"), undefined);

    const deleting = json<ConnectionJson>(
      await arm(emulator, "GET", withApi(connectionPath(emulator))),
    );
    assert.equal(deleting.properties.provisioningState, "Deleting");

    const running = await arm(emulator, "GET", poll);
    assert.equal(running.status, 202);
    assert.equal(location(running), poll);
    assert.equal(header(running, "retry-after"), "1");

    emulator.control.advanceClock(200);
    const done = await arm(emulator, "GET", poll);
    assert.equal(done.status, 204);
    assert.equal(done.text, "");
    assert.equal((await arm(emulator, "GET", withApi(connectionPath(emulator)))).status, 404);
    assert.deepEqual(
      emulator.control.requestLog().map((e) => e.op),
      ["token", "delete", "get", "poll", "poll", "get"],
    );
  });

  it("answers a DELETE of a missing connection with 204, and a repeated DELETE with the same operation", async () => {
    const emulator = await startWith({ deleteDurationMs: 60_000 });
    const first = await remove(emulator);
    const second = await remove(emulator);
    assert.equal(second.status, 202);
    assert.equal(location(second), location(first));
    const missing = await arm(emulator, "DELETE", withApi(connectionPath(emulator, "never-was")));
    assert.equal(missing.status, 204);
    assert.equal(missing.text, "");
  });

  it("omits Retry-After when deleteRetryAfterSeconds is null (as recorded) and ends 200 when deleteFinalStatus is 200", async () => {
    const emulator = await startWith({ deleteRetryAfterSeconds: null, deleteFinalStatus: 200 });
    const accepted = await remove(emulator);
    assert.equal(header(accepted, "retry-after"), undefined);
    assert.equal(header(await arm(emulator, "GET", location(accepted)), "retry-after"), undefined);
    emulator.control.advanceClock(200);
    const done = await arm(emulator, "GET", location(accepted));
    assert.equal(done.status, 200);
    assert.equal(done.text, "");
  });

  it("gives a path-only Location when locationStyle is relative", async () => {
    const emulator = await startWith({ locationStyle: "relative" });
    const poll = location(await remove(emulator));
    assert.ok(poll.startsWith(`${withApi(connectionPath(emulator))}&kv-operation=`), poll);
    assert.equal((await arm(emulator, "GET", poll)).status, 202);
  });

  it("deletes at once with 200 and the connection's body when deleteMode is sync200", async () => {
    const emulator = await startWith({ deleteMode: "sync200" });
    const result = await remove(emulator);
    assert.equal(result.status, 200);
    const body = json<ConnectionJson>(result);
    assert.equal(body.name, "pec-1");
    assert.equal(body.properties.provisioningState, "Disconnected");
    assert.equal(emulator.control.getConnection(ref), undefined);
  });

  it("reports a Failed delete in the Location poll's body and keeps the connection", async () => {
    const emulator = await startWith({ deleteOutcome: "Failed" });
    const poll = location(await remove(emulator));
    emulator.control.advanceClock(200);
    const done = await arm(emulator, "GET", poll);
    assert.equal(done.status, 200);
    const body = json<{ status: string; error: { code: string; message: string } }>(done);
    assert.equal(body.status, "Failed");
    assert.ok(body.error.code && body.error.message);
    const kept = emulator.control.getConnection(ref);
    assert.equal(kept?.properties.provisioningState, "Failed");
  });

  it("keeps answering 202 when deleteOutcome is Never", async () => {
    const emulator = await startWith({ deleteOutcome: "Never", deleteDurationMs: 10 });
    const poll = location(await remove(emulator));
    emulator.control.advanceClock(100);
    assert.equal((await arm(emulator, "GET", poll)).status, 202);
    assert.equal(emulator.control.getConnection(ref)?.properties.provisioningState, "Deleting");
  });

  it("answers the poll with 404 when deleteOutcome is PollNotFound, and still deletes", async () => {
    const emulator = await startWith({ deleteOutcome: "PollNotFound" });
    const poll = location(await remove(emulator));
    const answer = await arm(emulator, "GET", poll);
    assert.equal(answer.status, 404);
    assert.equal(json<{ error: { code: string } }>(answer).error.code, "ResourceNotFound");
    emulator.control.advanceClock(200);
    assert.equal(emulator.control.getConnection(ref), undefined);
  });

  it("carries Azure-AsyncOperation and Location in the azure-asyncoperation style", async () => {
    const emulator = await startWith({ asyncStyle: "azure-asyncoperation" });
    const accepted = await remove(emulator);
    assert.equal(accepted.status, 202);
    const statusUrl = header(accepted, "azure-asyncoperation") ?? "";
    assert.ok(
      statusUrl.startsWith(`${emulator.url}${withApi(connectionPath(emulator))}&kv-operation=`),
    );
    assert.notEqual(statusUrl, location(accepted));
    const running = await arm(emulator, "GET", statusUrl);
    assert.equal(running.status, 200);
    assert.deepEqual(json(running), { status: "InProgress" });
    emulator.control.advanceClock(200);
    assert.deepEqual(json(await arm(emulator, "GET", statusUrl)), { status: "Succeeded" });
    assert.equal((await arm(emulator, "GET", location(accepted))).status, 204);
  });

  it("says Failed with an error in the azure-asyncoperation style", async () => {
    const emulator = await startWith({
      asyncStyle: "azure-asyncoperation",
      deleteOutcome: "Failed",
    });
    const statusUrl = header(await remove(emulator), "azure-asyncoperation") ?? "";
    emulator.control.advanceClock(200);
    const body = json<{ status: string; error?: { code: string } }>(
      await arm(emulator, "GET", statusUrl),
    );
    assert.equal(body.status, "Failed");
    assert.ok(body.error?.code);
  });

  it("answers 404 to a kv-operation it never issued or issued for another connection", async () => {
    const emulator = await startWith();
    emulator.control.createConnection({
      resourceGroupName: RG,
      parentName: "hsm-test",
      connectionName: "pec-2",
    });
    const poll = location(await remove(emulator));
    const token = new URL(poll).searchParams.get("kv-operation") ?? "";
    const otherConnection = `${withApi(connectionPath(emulator, "pec-2"))}&kv-operation=${token}`;
    assert.equal((await arm(emulator, "GET", otherConnection)).status, 404);
    assert.equal(
      (await arm(emulator, "GET", `${withApi(connectionPath(emulator))}&kv-operation=bogus`))
        .status,
      404,
    );
  });

  it("deletes a vault's connection the same way", async () => {
    const emulator = await startWith();
    const accepted = await remove(emulator, "vaults");
    assert.equal(accepted.status, 202);
    assert.ok(location(accepted).includes("/vaults/kv-test/privateEndpointConnections/pec-1?"));
    emulator.control.advanceClock(200);
    assert.equal((await arm(emulator, "GET", location(accepted))).status, 204);
    // The vault answers 204 for a connection that does not exist.
    assert.equal(
      (await arm(emulator, "GET", withApi(connectionPath(emulator, "pec-1", "vaults")))).status,
      204,
    );
  });

  it("lowercases the resource type in ids when lowercaseTypeInIds is set", async () => {
    const emulator = await startWith({ lowercaseTypeInIds: true });
    const body = json<ConnectionJson>(
      await arm(emulator, "GET", withApi(connectionPath(emulator))),
    );
    assert.match(
      body.id,
      /\/providers\/Microsoft\.KeyVault\/managedhsms\/hsm-test\/privateEndpointConnections\/pec-1$/,
    );
    emulator.control.setBehavior({ lowercaseTypeInIds: false });
    const again = json<ConnectionJson>(
      await arm(emulator, "GET", withApi(connectionPath(emulator))),
    );
    assert.match(again.id, /\/managedHSMs\/hsm-test\//);
  });
});

import { strict as assert } from "node:assert";
import type { ConnectionJson, EmulatorBehavior, RequestLogEntry } from "../../emulator";
import { RG, connectionPath, start, stopEmulatorsAfterEach, withApi } from "./support/emulator";
import { arm, control, json } from "./support/https";

describe("emulator control API over HTTP (/_emulator)", () => {
  stopEmulatorsAfterEach();

  it("creates parents and connections, drifts, reads and lists them", async () => {
    const emulator = await start();
    const parent = await control(emulator, "POST", "parents", {
      resourceGroupName: RG,
      parentName: "hsm-test",
    });
    assert.equal(parent.status, 201);
    assert.equal(json<{ name: string }>(parent).name, "hsm-test");

    const created = await control(emulator, "POST", "connections", {
      resourceGroupName: RG,
      parentName: "hsm-test",
      connectionName: "pec-1",
    });
    assert.equal(created.status, 201);
    assert.equal(
      json<ConnectionJson>(created).properties.privateLinkServiceConnectionState.status,
      "Pending",
    );

    const ref = { resourceGroupName: RG, parentName: "hsm-test", connectionName: "pec-1" };
    const drifted = await control(emulator, "PATCH", "connections", {
      ref,
      change: { status: "Rejected" },
    });
    assert.equal(drifted.status, 200);
    assert.equal(
      json<ConnectionJson>(drifted).properties.privateLinkServiceConnectionState.status,
      "Rejected",
    );

    const one = await control(
      emulator,
      "GET",
      `connections?resourceGroupName=${RG}&parentName=hsm-test&connectionName=pec-1`,
    );
    assert.equal(one.status, 200);
    assert.equal(json<ConnectionJson>(one).etag, json<ConnectionJson>(drifted).etag);
    const missing = await control(
      emulator,
      "GET",
      `connections?resourceGroupName=${RG}&parentName=hsm-test&connectionName=x`,
    );
    assert.equal(missing.status, 404);
    const list = await control(
      emulator,
      "GET",
      `connections?resourceGroupName=${RG}&parentName=hsm-test`,
    );
    assert.deepEqual(
      json<ConnectionJson[]>(list).map((c) => c.name),
      ["pec-1"],
    );
    assert.equal(
      emulator.control.getConnection(ref)?.properties.privateLinkServiceConnectionState.status,
      "Rejected",
    );
  });

  it("reads and changes the behavior, rejecting bad values with 400", async () => {
    const emulator = await start();
    const before = json<EmulatorBehavior>(await control(emulator, "GET", "behavior"));
    assert.equal(before.deleteMode, "async");
    const changed = await control(emulator, "PUT", "behavior", { deleteMode: "sync200" });
    assert.equal(changed.status, 200);
    assert.equal(json<EmulatorBehavior>(changed).deleteMode, "sync200");
    assert.equal(emulator.control.getBehavior().deleteMode, "sync200");
    const bad = await control(emulator, "PUT", "behavior", { deleteMode: "later" });
    assert.equal(bad.status, 400);
    assert.match(json<{ error: { message: string } }>(bad).error.message, /deleteMode/);
  });

  it("injects and clears faults, reads and clears the request log, expires tokens, resets", async () => {
    const emulator = await start();
    await control(emulator, "POST", "parents", { resourceGroupName: RG, parentName: "hsm-test" });
    await control(emulator, "POST", "connections", {
      resourceGroupName: RG,
      parentName: "hsm-test",
      connectionName: "pec-1",
    });

    assert.equal(
      (
        await control(emulator, "POST", "faults", {
          match: { op: "get" },
          count: 2,
          fault: { kind: "status", status: 502 },
        })
      ).status,
      204,
    );
    const pending = async () =>
      json<{ pending: number }>(await control(emulator, "GET", "faults")).pending;
    assert.equal(await pending(), 2);
    assert.equal((await arm(emulator, "GET", withApi(connectionPath(emulator)))).status, 502);
    assert.equal(await pending(), 1, "one faulted answer given, one still waits");
    assert.equal((await arm(emulator, "GET", withApi(connectionPath(emulator)))).status, 502);
    assert.equal(await pending(), 0);
    await control(emulator, "POST", "faults", {
      match: { op: "get" },
      fault: { kind: "status", status: 502 },
    });
    assert.equal((await control(emulator, "DELETE", "faults")).status, 204);
    assert.equal((await arm(emulator, "GET", withApi(connectionPath(emulator)))).status, 200);
    assert.equal(
      (await control(emulator, "POST", "faults", { match: { op: "nope" } })).status,
      400,
    );

    const log = json<RequestLogEntry[]>(await control(emulator, "GET", "requests"));
    assert.deepEqual(
      log.map((e) => e.op),
      ["token", "get", "get", "get"],
    );
    assert.equal((await control(emulator, "DELETE", "requests")).status, 204);
    assert.deepEqual(json(await control(emulator, "GET", "requests")), []);

    const tokens = json<string[]>(await control(emulator, "GET", "tokens"));
    assert.equal(tokens.length, 1);
    assert.equal((await control(emulator, "POST", "tokens/expire")).status, 204);
    const expired = await arm(emulator, "GET", withApi(connectionPath(emulator)));
    assert.equal(expired.status, 401);

    assert.equal((await control(emulator, "POST", "reset")).status, 204);
    assert.deepEqual(
      json(
        await control(emulator, "GET", `connections?resourceGroupName=${RG}&parentName=hsm-test`),
      ),
      [],
    );
  });

  it("moves the virtual clock and ends running operations on command, refusing a bad ms", async () => {
    const emulator = await start({ behavior: { putDurationMs: 60_000, deleteOutcome: "Never" } });
    await control(emulator, "POST", "parents", { resourceGroupName: RG, parentName: "hsm-test" });
    for (const connectionName of ["pec-1", "pec-2"]) {
      await control(emulator, "POST", "connections", {
        resourceGroupName: RG,
        parentName: "hsm-test",
        connectionName,
      });
    }
    const approve = { properties: { privateLinkServiceConnectionState: { status: "Approved" } } };
    await arm(emulator, "PUT", withApi(connectionPath(emulator, "pec-1")), { body: approve });
    const state = async (name: string) =>
      json<ConnectionJson>(await arm(emulator, "GET", withApi(connectionPath(emulator, name))))
        .properties.provisioningState;
    assert.equal((await control(emulator, "POST", "clock/advance", { ms: 59_999 })).status, 204);
    assert.equal(await state("pec-1"), "Updating", "1 ms before the PUT's duration");
    await control(emulator, "POST", "clock/advance", { ms: 1 });
    assert.equal(await state("pec-1"), "Succeeded");

    await arm(emulator, "DELETE", withApi(connectionPath(emulator, "pec-2")));
    await control(emulator, "POST", "clock/advance", { ms: 600_000 });
    assert.equal(await state("pec-2"), "Deleting", "a Never delete outlasts any clock");
    const completed = await control(emulator, "POST", "operations/complete");
    assert.deepEqual(json(completed), { completed: 1 });
    const gone = await arm(emulator, "GET", withApi(connectionPath(emulator, "pec-2")));
    assert.equal(gone.status, 404);

    const refused = await control(emulator, "POST", "clock/advance", { ms: -1 });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /ms must be a number of milliseconds >= 0 \(got -1\)/);
  });

  it("answers 404 for unknown routes, 405 for wrong methods and 400 for bodies that are not JSON", async () => {
    const emulator = await start();
    assert.equal((await control(emulator, "GET", "nothing")).status, 404);
    assert.equal((await control(emulator, "DELETE", "behavior")).status, 405);
    const notJson = await arm(emulator, "POST", "/_emulator/parents", {
      token: false,
      body: "{oops",
    });
    assert.equal(notJson.status, 400);
    const badArgs = await control(emulator, "POST", "parents", {
      resourceGroupName: RG,
      parentName: "a/b",
    });
    assert.equal(badArgs.status, 400);
    assert.deepEqual(emulator.control.requestLog(), [], "control requests are not logged");
  });
});

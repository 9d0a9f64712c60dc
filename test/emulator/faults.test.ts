import { strict as assert } from "node:assert";
import type { FaultRule } from "../../emulator";
import {
  APPROVE,
  connectionPath,
  seed,
  start,
  stopEmulatorsAfterEach,
  withApi,
} from "./support/emulator";
import { arm, armToken, header, json, requestToken } from "./support/https";

describe("emulator fault injection", () => {
  stopEmulatorsAfterEach();

  it("answers a status fault with ARM's error shape, code, message and Retry-After, count times", async () => {
    const emulator = await start();
    seed(emulator);
    await armToken(emulator);
    emulator.control.injectFault({
      match: { op: "get" },
      count: 2,
      fault: {
        kind: "status",
        status: 503,
        code: "ServerBusy",
        message: "try later",
        retryAfterSeconds: 7,
      },
    });
    const path = withApi(connectionPath(emulator));
    for (let i = 0; i < 2; i++) {
      const result = await arm(emulator, "GET", path);
      assert.equal(result.status, 503);
      assert.deepEqual(json(result), { error: { code: "ServerBusy", message: "try later" } });
      assert.equal(header(result, "retry-after"), "7");
      assert.ok(header(result, "x-ms-request-id"));
    }
    assert.equal((await arm(emulator, "GET", path)).status, 200, "the rule is used up");
  });

  it("defaults the code by status and matches by method and path", async () => {
    const emulator = await start();
    seed(emulator);
    await armToken(emulator);
    emulator.control.injectFault({
      match: { method: "put", pathIncludes: "PEC-1" },
      fault: { kind: "status", status: 500 },
    });
    assert.equal((await arm(emulator, "GET", withApi(connectionPath(emulator)))).status, 200);
    const faulted = await arm(emulator, "PUT", withApi(connectionPath(emulator)), {
      body: APPROVE,
    });
    assert.equal(faulted.status, 500);
    assert.equal(json<{ error: { code: string } }>(faulted).error.code, "InternalServerError");
    assert.equal(
      emulator.control.getConnection({
        resourceGroupName: "rg-test",
        parentName: "hsm-test",
        connectionName: "pec-1",
      })?.properties.privateLinkServiceConnectionState.status,
      "Pending",
      "a faulted request changes nothing",
    );
  });

  it("answers a page fault as a server that is not ARM: HTML, no ARM error, no request id", async () => {
    const emulator = await start();
    seed(emulator);
    await armToken(emulator);
    emulator.control.injectFault({ match: { op: "get" }, fault: { kind: "page", status: 404 } });
    const result = await arm(emulator, "GET", withApi(connectionPath(emulator)));
    assert.equal(result.status, 404);
    assert.match(header(result, "content-type") ?? "", /^text\/html/);
    assert.match(result.text, /<html>/);
    assert.equal(header(result, "x-ms-request-id"), undefined);
    assert.equal(emulator.control.requestLog().at(-1)?.status, 404);
    assert.equal((await arm(emulator, "GET", withApi(connectionPath(emulator)))).status, 200);
  });

  it("answers a page fault with the content type it names (JSON that is not ARM's)", async () => {
    const emulator = await start();
    seed(emulator);
    await armToken(emulator);
    const body = JSON.stringify({ value: [], nextLink: "https://elsewhere.example/next" });
    emulator.control.injectFault({
      match: { op: "list" },
      fault: { kind: "page", status: 200, body, contentType: "application/json" },
    });
    const result = await arm(
      emulator,
      "GET",
      withApi(`${connectionPath(emulator).replace(/\/[^/]+$/, "")}`),
    );
    assert.equal(result.status, 200);
    assert.match(header(result, "content-type") ?? "", /^application\/json/);
    assert.equal(result.text, body);
    assert.equal(header(result, "x-ms-request-id"), undefined);
    assert.throws(
      () =>
        emulator.control.injectFault({
          match: {},
          fault: { kind: "page", status: 200, contentType: 7 } as never,
        }),
      /fault.contentType must be a string/,
    );
  });

  it("resets the connection without answering, and logs status 0", async () => {
    const emulator = await start();
    seed(emulator);
    await armToken(emulator);
    emulator.control.injectFault({ match: { op: "delete" }, fault: { kind: "reset" } });
    await assert.rejects(
      arm(emulator, "DELETE", withApi(connectionPath(emulator))),
      (error: NodeJS.ErrnoException) => {
        assert.match(String(error.code ?? error.message), /ECONNRESET|socket hang up/);
        return true;
      },
    );
    const last = emulator.control.requestLog().at(-1);
    assert.equal(last?.op, "delete");
    assert.equal(last?.status, 0);
    assert.equal((await arm(emulator, "DELETE", withApi(connectionPath(emulator)))).status, 202);
  });

  it("delays an answer, then answers normally", async () => {
    const emulator = await start();
    seed(emulator);
    await armToken(emulator);
    emulator.control.injectFault({ match: { op: "get" }, fault: { kind: "delay", ms: 300 } });
    const started = Date.now();
    const result = await arm(emulator, "GET", withApi(connectionPath(emulator)));
    assert.equal(result.status, 200);
    assert.ok(Date.now() - started >= 290, `took ${Date.now() - started} ms`);
    assert.ok((emulator.control.requestLog().at(-1)?.durationMs ?? 0) >= 290);
  });

  it("faults the token endpoint in AAD's error shape", async () => {
    const emulator = await start();
    emulator.control.injectFault({
      match: { op: "token" },
      fault: { kind: "status", status: 503, code: "temporarily_unavailable" },
    });
    const result = await requestToken(emulator);
    assert.equal(result.status, 503);
    assert.equal(json<{ error: string }>(result).error, "temporarily_unavailable");
    assert.equal((await requestToken(emulator)).status, 200);
  });

  it("never faults the control API, and clearFaults removes pending rules", async () => {
    const emulator = await start();
    seed(emulator);
    await armToken(emulator);
    emulator.control.injectFault({ match: {}, count: 10, fault: { kind: "status", status: 500 } });
    assert.equal((await arm(emulator, "GET", "/_emulator/behavior", { token: false })).status, 200);
    emulator.control.clearFaults();
    assert.equal((await arm(emulator, "GET", withApi(connectionPath(emulator)))).status, 200);
  });

  it("rejects malformed rules with a message saying what is wrong", async () => {
    const emulator = await start();
    const bad: unknown[] = [
      { match: { op: "fetch" }, fault: { kind: "reset" } },
      { match: {}, count: 0, fault: { kind: "reset" } },
      { match: {}, fault: { kind: "status", status: 42 } },
      { match: {}, fault: { kind: "delay" } },
      { match: {}, fault: { kind: "explode" } },
    ];
    for (const rule of bad) {
      assert.throws(
        () => emulator.control.injectFault(rule as FaultRule),
        /fault rule: /,
        JSON.stringify(rule),
      );
    }
  });
});

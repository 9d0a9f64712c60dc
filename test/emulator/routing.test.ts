import { strict as assert } from "node:assert";
import { DEFAULT_SUBSCRIPTION_ID } from "../../emulator";
import {
  APPROVE,
  HSM,
  RG,
  connectionPath,
  connectionsPath,
  parentPath,
  seed,
  start,
  stopEmulatorsAfterEach,
  withApi,
} from "./support/emulator";
import { arm, header, json } from "./support/https";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("emulator routing", () => {
  stopEmulatorsAfterEach();

  it("matches resource types, segments and names case-insensitively and answers the created casing", async () => {
    const emulator = await start();
    seed(emulator);
    const shouted =
      `/SUBSCRIPTIONS/${DEFAULT_SUBSCRIPTION_ID}/RESOURCEGROUPS/${RG.toUpperCase()}` +
      `/PROVIDERS/microsoft.keyvault/MANAGEDHSMS/${HSM.toUpperCase()}/PRIVATEENDPOINTCONNECTIONS/PEC-1`;
    const result = await arm(emulator, "GET", withApi(shouted));
    assert.equal(result.status, 200);
    const body = json<{ id: string; name: string }>(result);
    assert.equal(body.name, "pec-1");
    assert.equal(
      body.id,
      `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.KeyVault/managedHSMs/${HSM}/privateEndpointConnections/pec-1`,
    );
  });

  it("routes the HSM, the vault, one connection and the list", async () => {
    const emulator = await start();
    seed(emulator);
    for (const path of [
      parentPath(emulator),
      parentPath(emulator, "vaults"),
      connectionPath(emulator),
      connectionPath(emulator, "pec-1", "vaults"),
      connectionsPath(emulator),
      connectionsPath(emulator, "vaults"),
    ]) {
      const result = await arm(emulator, "GET", withApi(path));
      assert.equal(result.status, 200, path);
    }
    const ops = emulator.control.requestLog().map((e) => e.op);
    assert.deepEqual(ops.slice(-6), ["getParent", "getParent", "get", "get", "list", "list"]);
  });

  it("answers 404 NotFound in ARM's error shape for paths it does not serve", async () => {
    const emulator = await start();
    seed(emulator);
    for (const path of [
      "/nothing/here",
      `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.Contoso/widgets/x`,
      `${parentPath(emulator)}/privateLinkResources`,
    ]) {
      const result = await arm(emulator, "GET", withApi(path));
      assert.equal(result.status, 404, path);
      assert.equal(json<{ error: { code: string } }>(result).error.code, "NotFound");
      assert.ok(GUID.test(header(result, "x-ms-request-id") ?? ""));
    }
  });

  it("answers 405 MethodNotAllowed for a method a route does not have", async () => {
    const emulator = await start();
    seed(emulator);
    for (const [method, path] of [
      ["PATCH", connectionPath(emulator)],
      ["POST", connectionsPath(emulator)],
      ["PUT", parentPath(emulator)],
    ]) {
      const result = await arm(emulator, method, withApi(path), { body: APPROVE });
      assert.equal(result.status, 405, `${method} ${path}`);
      assert.equal(json<{ error: { code: string } }>(result).error.code, "MethodNotAllowed");
    }
  });

  it("sends ARM's headers on every answer: request id, echoed correlation id, rate limits, JSON type", async () => {
    const emulator = await start();
    seed(emulator);
    const correlation = "0b7c2f5e-1111-4222-8333-944455556666";
    const read = await arm(emulator, "GET", withApi(connectionPath(emulator)), {
      headers: { "x-ms-correlation-request-id": correlation },
    });
    assert.ok(GUID.test(header(read, "x-ms-request-id") ?? ""));
    assert.equal(header(read, "x-ms-correlation-request-id"), correlation);
    assert.match(header(read, "x-ms-ratelimit-remaining-subscription-reads") ?? "", /^\d+$/);
    assert.match(header(read, "content-type") ?? "", /^application\/json/);
    assert.ok(header(read, "x-ms-keyvault-service-version"));

    const write = await arm(emulator, "PUT", withApi(connectionPath(emulator)), { body: APPROVE });
    assert.match(header(write, "x-ms-ratelimit-remaining-subscription-writes") ?? "", /^\d+$/);
    assert.ok(
      GUID.test(header(write, "x-ms-correlation-request-id") ?? ""),
      "a fresh one when none is sent",
    );

    const remove = await arm(emulator, "DELETE", withApi(connectionPath(emulator)));
    assert.equal(remove.status, 202);
    assert.match(header(remove, "x-ms-ratelimit-remaining-subscription-deletes") ?? "", /^\d+$/);
    assert.equal(header(remove, "content-type"), undefined, "no content type without a body");
    assert.equal(remove.text, "");
  });

  it("logs ARM and token requests with op, status and request id, but not the control API", async () => {
    const emulator = await start();
    seed(emulator);
    const result = await arm(emulator, "GET", withApi(connectionPath(emulator)));
    await arm(emulator, "GET", "/_emulator/behavior", { token: false });
    const log = emulator.control.requestLog();
    assert.deepEqual(
      log.map((e) => [e.method, e.op, e.status]),
      [
        ["POST", "token", 200],
        ["GET", "get", 200],
      ],
    );
    assert.equal(log[1].requestId, header(result, "x-ms-request-id"));
    assert.ok(log[1].path.startsWith(connectionPath(emulator)));
    assert.ok(log[1].durationMs >= 0 && !Number.isNaN(Date.parse(log[1].time)));
    emulator.control.clearRequestLog();
    assert.deepEqual(emulator.control.requestLog(), []);
  });
});

import { strict as assert } from "node:assert";
import type { EmulatorBehavior, EmulatedParentKind, RunningEmulator } from "../../emulator";
import {
  APPROVE,
  RG,
  connectionPath,
  connectionsPath,
  parentPath,
  seed,
  start,
  stopEmulatorsAfterEach,
  withApi,
} from "../emulator/support/emulator";
import { arm, header, requestToken, type HttpResult } from "../emulator/support/https";
import { loadSpec } from "./loadSpec";
import { SpecValidator, type SpecOperationName } from "./specValidator";

/**
 * Every kind of answer the emulator gives on ARM routes, validated against the response the
 * spec declares for that operation and status: the status must be declared (or be an error,
 * answered with the "default" schema), the body must match its schema with no undeclared
 * property, and integer headers must be integers.
 */

const spec = loadSpec();
const validator = new SpecValidator(spec);

const VERSIONS: Array<[EmulatedParentKind, string]> = [
  ["managedHSMs", "2025-05-01"],
  ["managedHSMs", "2026-02-01"],
  ["vaults", "2025-05-01"],
];

function bodyOf(result: HttpResult): unknown {
  return result.text === "" ? undefined : (JSON.parse(result.text) as unknown);
}

describe(`conformance of the emulator's answers to the spec (${spec.source.mode} copy)`, function () {
  this.timeout(20_000);
  stopEmulatorsAfterEach();

  for (const [kind, apiVersion] of VERSIONS) {
    const conforms = (result: HttpResult, operation: SpecOperationName, expectedStatus: number) => {
      assert.equal(result.status, expectedStatus, result.text);
      const op = validator.operation(kind, apiVersion, operation);
      assert.deepEqual(
        validator.checkAnswer(op, result.status, result.headers, bodyOf(result)),
        [],
      );
    };

    async function seeded(behavior: Partial<EmulatorBehavior> = {}): Promise<RunningEmulator> {
      const emulator = await start({
        behavior: { putDurationMs: 50, deleteDurationMs: 50, ...behavior },
      });
      seed(emulator);
      return emulator;
    }

    const at = (path: string) => withApi(path, apiVersion);

    it(`${kind} ${apiVersion}: parent, connection, paged list and PUT`, async () => {
      const emulator = await seeded({ listPageSize: 1 });
      emulator.control.createConnection({
        kind,
        resourceGroupName: RG,
        parentName: kind === "vaults" ? "kv-test" : "hsm-test",
        connectionName: "pec-2",
      });
      conforms(await arm(emulator, "GET", at(parentPath(emulator, kind))), "getParent", 200);
      conforms(await arm(emulator, "GET", at(connectionPath(emulator, "pec-1", kind))), "get", 200);
      const firstPage = await arm(emulator, "GET", at(connectionsPath(emulator, kind)));
      conforms(firstPage, "list", 200);
      const nextLink = (bodyOf(firstPage) as { nextLink?: string }).nextLink;
      assert.ok(nextLink, "a second page");
      conforms(await arm(emulator, "GET", nextLink), "list", 200);
      const put = await arm(emulator, "PUT", at(connectionPath(emulator, "pec-1", kind)), {
        body: APPROVE,
      });
      conforms(put, "put", 200);
      // The PUT's Azure-AsyncOperation answers the connection, as a GET does.
      conforms(await arm(emulator, "GET", header(put, "azure-asyncoperation") ?? ""), "get", 200);
      emulator.control.advanceClock(100);
      conforms(await arm(emulator, "GET", at(connectionPath(emulator, "pec-1", kind))), "get", 200);
      conforms(await arm(emulator, "GET", at(parentPath(emulator, kind))), "getParent", 200);
    });

    it(`${kind} ${apiVersion}: DELETE in every mode, and a missing connection`, async () => {
      const emulator = await seeded({ lowercaseTypeInIds: true });
      const accepted = await arm(emulator, "DELETE", at(connectionPath(emulator, "pec-1", kind)));
      conforms(accepted, "delete", 202);
      conforms(await arm(emulator, "GET", at(connectionPath(emulator, "pec-1", kind))), "get", 200);
      emulator.control.advanceClock(100);
      // The Location poll's final answer is the DELETE's final answer.
      conforms(await arm(emulator, "GET", header(accepted, "location") ?? ""), "delete", 204);
      emulator.control.setBehavior({ deleteFinalStatus: 200 });
      emulator.control.createConnection({
        kind,
        resourceGroupName: RG,
        parentName: kind === "vaults" ? "kv-test" : "hsm-test",
        connectionName: "pec-2",
      });
      const second = await arm(emulator, "DELETE", at(connectionPath(emulator, "pec-2", kind)));
      emulator.control.advanceClock(100);
      const finalAnswer = await arm(emulator, "GET", header(second, "location") ?? "");
      assert.equal(finalAnswer.status, 200);
      assert.equal(
        finalAnswer.text,
        "",
        "an empty 200, which the 200's schema (a connection) does not describe",
      );
      emulator.control.setBehavior({ deleteMode: "sync200" });
      emulator.control.createConnection({
        kind,
        resourceGroupName: RG,
        parentName: kind === "vaults" ? "kv-test" : "hsm-test",
        connectionName: "pec-3",
      });
      conforms(
        await arm(emulator, "DELETE", at(connectionPath(emulator, "pec-3", kind))),
        "delete",
        200,
      );
      conforms(
        await arm(emulator, "DELETE", at(connectionPath(emulator, "gone", kind))),
        "delete",
        204,
      );
      const missing = await arm(emulator, "GET", at(connectionPath(emulator, "gone", kind)));
      conforms(missing, "get", kind === "vaults" ? 204 : 404);
    });

    it(`${kind} ${apiVersion}: every error answer has the error schema`, async () => {
      const emulator = await seeded({ deleteDurationMs: 60_000 });
      const connection = at(connectionPath(emulator, "pec-1", kind));
      conforms(await arm(emulator, "PUT", connection, { body: "{" }), "put", 400);
      conforms(
        await arm(emulator, "PUT", at(connectionPath(emulator, "nope", kind)), { body: APPROVE }),
        "put",
        404,
      );
      conforms(await arm(emulator, "GET", connection, { token: false }), "get", 401);
      const otherAudience = JSON.parse(
        (await requestToken(emulator, { scope: `${emulator.url}/.default` })).text,
      ) as {
        access_token: string;
      };
      conforms(
        await arm(emulator, "GET", connection, { token: otherAudience.access_token }),
        "get",
        401,
      );
      conforms(
        await arm(emulator, "GET", withApi(connectionPath(emulator, "pec-1", kind), "1999-01-01")),
        "get",
        400,
      );
      conforms(await arm(emulator, "GET", connectionPath(emulator, "pec-1", kind)), "get", 400);
      conforms(
        await arm(
          emulator,
          "GET",
          at(`${parentPath(emulator, kind, "ghost")}/privateEndpointConnections/x`),
        ),
        "get",
        404,
      );
      conforms(
        await arm(
          emulator,
          "GET",
          at(`${parentPath(emulator, kind, "ghost")}/privateEndpointConnections`),
        ),
        "list",
        404,
      );
      conforms(
        await arm(emulator, "GET", at(parentPath(emulator, kind, "ghost"))),
        "getParent",
        404,
      );
      conforms(await arm(emulator, "DELETE", connection), "delete", 202);
      conforms(await arm(emulator, "PUT", connection, { body: APPROVE }), "put", 409);
      emulator.control.injectFault({
        match: { op: "get" },
        fault: { kind: "status", status: 500 },
      });
      conforms(await arm(emulator, "GET", connection), "get", 500);
      emulator.control.setBehavior({ throttle: { reads: { capacity: 1, refillPerSecond: 0 } } });
      await arm(emulator, "GET", connection);
      conforms(await arm(emulator, "GET", connection), "get", 429);
    });

    it(`${kind} ${apiVersion}: the connection-state rules' refusals have the error schema`, async () => {
      const emulator = await seeded();
      const connection = at(connectionPath(emulator, "pec-1", kind));
      const status = (s: string) => ({
        body: { properties: { privateLinkServiceConnectionState: { status: s } } },
      });
      conforms(await arm(emulator, "PUT", connection, status("Rejected")), "put", 200);
      conforms(await arm(emulator, "PUT", connection, { body: APPROVE }), "put", 400);
      conforms(await arm(emulator, "PUT", connection, status("Pending")), "put", 400);
      emulator.control.deletePrivateEndpoint(
        {
          kind,
          resourceGroupName: RG,
          parentName: kind === "vaults" ? "kv-test" : "hsm-test",
          connectionName: "pec-1",
        },
        { removeAfterMs: 60_000 },
      );
      conforms(await arm(emulator, "GET", connection), "get", 200);
      conforms(await arm(emulator, "PUT", connection, status("Rejected")), "put", 400);
    });
  }

  it("gives the Failed delete an error of the spec's CloudErrorBody shape, and ARM's operation statuses", async () => {
    const emulator = await start({
      behavior: {
        deleteDurationMs: 50,
        deleteOutcome: "Failed",
        asyncStyle: "azure-asyncoperation",
      },
    });
    seed(emulator);
    const accepted = await arm(emulator, "DELETE", withApi(connectionPath(emulator)));
    const statusUrl = header(accepted, "azure-asyncoperation") ?? "";
    const running = bodyOf(await arm(emulator, "GET", statusUrl)) as { status: string };
    assert.equal(running.status, "InProgress");
    emulator.control.advanceClock(100);
    for (const url of [statusUrl, header(accepted, "location") ?? ""]) {
      const failed = bodyOf(await arm(emulator, "GET", url)) as { status: string; error: unknown };
      assert.deepEqual(Object.keys(failed).sort(), ["error", "status"]);
      assert.equal(failed.status, "Failed");
      assert.deepEqual(
        validator.validate("#/definitions/CloudErrorBody", [validator.urls.common], failed.error),
        [],
      );
    }
  });

  it("is strict: an undeclared property or a wrong enum value fails validation", () => {
    const op = validator.operation("managedHSMs", "2025-05-01", "get");
    const connection = {
      id: "/x",
      name: "x",
      type: "t",
      etag: "e",
      properties: {
        provisioningState: "Succeeded",
        privateLinkServiceConnectionState: { status: "Approved" },
      },
    };
    assert.deepEqual(validator.checkAnswer(op, 200, {}, connection), []);
    assert.notDeepEqual(validator.checkAnswer(op, 200, {}, { ...connection, extra: 1 }), []);
    assert.notDeepEqual(
      validator.checkAnswer(
        op,
        200,
        {},
        {
          ...connection,
          properties: {
            ...connection.properties,
            privateLinkServiceConnectionState: { status: "Maybe" },
          },
        },
      ),
      [],
    );
    assert.notDeepEqual(validator.checkAnswer(op, 201, {}, connection), [], "201 is not declared");
  });
});

import { strict as assert } from "node:assert";
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
} from "./support/emulator";
import { arm, json, type HttpResult } from "./support/https";

function errorOf(result: HttpResult): { code: string; message: string } {
  const body = json<{ error: { code: string; message: string } }>(result);
  assert.deepEqual(Object.keys(body), ["error"], "ARM's error body has only 'error'");
  assert.deepEqual(Object.keys(body.error).sort(), ["code", "message"]);
  return body.error;
}

function assertError(result: HttpResult, status: number, code: string, message?: RegExp): void {
  assert.equal(result.status, status, result.text);
  const error = errorOf(result);
  assert.equal(error.code, code);
  if (message) {
    assert.match(error.message, message);
  }
}

describe("emulator ARM errors", () => {
  stopEmulatorsAfterEach();

  it("ResourceNotFound for a missing HSM connection and a missing HSM; 204 for a missing vault connection", async () => {
    const emulator = await start();
    seed(emulator);
    assertError(
      await arm(emulator, "GET", withApi(connectionPath(emulator, "nope"))),
      404,
      "ResourceNotFound",
      /privateEndpointConnections\/nope' under resource group 'rg-test' was not found/,
    );
    assertError(
      await arm(emulator, "GET", withApi(parentPath(emulator, "managedHSMs", "other-hsm"))),
      404,
      "ResourceNotFound",
      /Microsoft\.KeyVault\/managedHSMs\/other-hsm/,
    );
    // The vault spec declares "204: The private endpoint connection does not exist."
    const vault = await arm(emulator, "GET", withApi(connectionPath(emulator, "nope", "vaults")));
    assert.equal(vault.status, 204);
    assert.equal(vault.text, "");
  });

  it("PUT to a connection that does not exist is ResourceNotFound: only private endpoints create them", async () => {
    const emulator = await start();
    seed(emulator);
    assertError(
      await arm(emulator, "PUT", withApi(connectionPath(emulator, "new-one")), { body: APPROVE }),
      404,
      "ResourceNotFound",
    );
    assert.equal(
      emulator.control.listConnections({ resourceGroupName: RG, parentName: "hsm-test" }).length,
      1,
    );
  });

  it("ParentResourceNotFound when the HSM or the vault is missing; ResourceGroupNotFound, SubscriptionNotFound as ARM says", async () => {
    const emulator = await start();
    seed(emulator);
    const missingHsm = `${parentPath(emulator, "managedHSMs", "ghost")}/privateEndpointConnections`;
    const missingVault = `${parentPath(emulator, "vaults", "ghost")}/privateEndpointConnections`;
    const missingGroup = `${parentPath(emulator, "managedHSMs", "hsm-test", "no-such-rg")}/privateEndpointConnections`;
    for (const [method, path] of [
      ["GET", `${missingHsm}/pec-1`],
      ["PUT", `${missingHsm}/pec-1`],
      ["DELETE", `${missingHsm}/pec-1`],
      ["GET", missingHsm],
      ["GET", `${missingVault}/pec-1`],
      ["DELETE", `${missingVault}/pec-1`],
    ]) {
      assertError(
        await arm(emulator, method, withApi(path), {
          body: method === "PUT" ? APPROVE : undefined,
        }),
        404,
        "ParentResourceNotFound",
        /Parent resource 'ghost' not found/,
      );
    }
    for (const path of [`${missingGroup}/pec-1`, missingGroup]) {
      assertError(
        await arm(emulator, "GET", withApi(path)),
        404,
        "ResourceGroupNotFound",
        /^Resource group 'no-such-rg' could not be found\.$/,
      );
    }
    assertError(
      await arm(
        emulator,
        "GET",
        withApi(parentPath(emulator, "managedHSMs", "hsm-test", "no-such-rg")),
      ),
      404,
      "ResourceGroupNotFound",
    );
    const unknown = "9e9e9e9e-0000-4000-8000-000000000009";
    const otherSubscription =
      `${parentPath(emulator, "managedHSMs", "hsm-test")}/privateEndpointConnections/pec-1`.replace(
        /\/subscriptions\/[^/]+\//,
        `/subscriptions/${unknown}/`,
      );
    assertError(
      await arm(emulator, "DELETE", withApi(otherSubscription)),
      404,
      "SubscriptionNotFound",
      new RegExp(`^The subscription '${unknown}' could not be found\\.$`),
    );
  });

  it("MissingApiVersionParameter without api-version; InvalidApiVersionParameter for an unknown one", async () => {
    const emulator = await start();
    seed(emulator);
    assertError(
      await arm(emulator, "GET", connectionPath(emulator)),
      400,
      "MissingApiVersionParameter",
    );
    assertError(
      await arm(emulator, "GET", withApi(connectionPath(emulator), "2025-05-02")),
      400,
      "InvalidApiVersionParameter",
      /'2025-05-02' is invalid.*2026-02-01/,
    );
    // Managed HSM did not exist before 2020-04-01-preview; vaults did.
    assertError(
      await arm(emulator, "GET", withApi(connectionPath(emulator), "2019-09-01")),
      400,
      "InvalidApiVersionParameter",
    );
    for (const version of ["2021-10-01", "2024-12-01-preview", "2025-05-01", "2026-02-01"]) {
      assert.equal(
        (await arm(emulator, "GET", withApi(connectionPath(emulator), version))).status,
        200,
      );
    }
    assert.equal(
      (await arm(emulator, "GET", withApi(parentPath(emulator, "vaults"), "2019-09-01"))).status,
      200,
    );
  });

  it("InvalidSubscriptionId for a subscription that is not a GUID", async () => {
    const emulator = await start();
    const path = `/subscriptions/not-a-guid/resourceGroups/${RG}/providers/Microsoft.KeyVault/managedHSMs/h`;
    assertError(await arm(emulator, "GET", withApi(path)), 400, "InvalidSubscriptionId");
  });

  it("BadRequest for malformed JSON, wrong types and values outside the spec's enums", async () => {
    const emulator = await start();
    seed(emulator);
    const path = withApi(connectionPath(emulator));
    const cases: Array<[unknown, RegExp]> = [
      ["{not json", /could not be deserialized/],
      ["[]", /must be a JSON object/],
      [{ properties: "x" }, /'properties' must be a JSON object/],
      [{ properties: {} }, /privateLinkServiceConnectionState\.status' is required/],
      [
        { properties: { privateLinkServiceConnectionState: { status: "approved" } } },
        /status' must be one of 'Pending', 'Approved', 'Rejected', 'Disconnected'/,
      ],
      [
        { properties: { privateLinkServiceConnectionState: { status: 1 } } },
        /status' must be a JSON string/,
      ],
      [
        {
          properties: { privateLinkServiceConnectionState: { status: "Approved", description: 5 } },
        },
        /description' must be a JSON string/,
      ],
      [
        {
          properties: {
            privateLinkServiceConnectionState: { status: "Approved", actionsRequired: "Recreate" },
          },
        },
        /actionsRequired' must be one of 'None'/,
      ],
      [{ etag: 3, ...APPROVE }, /'etag' must be a JSON string/],
    ];
    for (const [body, message] of cases) {
      assertError(await arm(emulator, "PUT", path, { body }), 400, "BadRequest", message);
    }
    const unchanged = emulator.control.getConnection({
      resourceGroupName: RG,
      parentName: "hsm-test",
      connectionName: "pec-1",
    });
    assert.equal(unchanged?.properties.privateLinkServiceConnectionState.status, "Pending");
  });

  it("accepts the read-only fields a client echoes back, as the CLI's recorded PUT does", async () => {
    const emulator = await start();
    seed(emulator);
    const recordedShape = {
      location: "centraluseuap",
      etag: "88cd5f696b3b4b99b2e2a8cb644fb8ed",
      properties: {
        privateEndpoint: {},
        privateLinkServiceConnectionState: {
          status: "Rejected",
          description: "You are rejected!",
          actionsRequired: "None",
        },
        provisioningState: "Succeeded",
      },
    };
    const result = await arm(emulator, "PUT", withApi(connectionPath(emulator)), {
      body: recordedShape,
    });
    assert.equal(result.status, 200, result.text);
  });

  it("Conflict for a PUT while the connection is being deleted", async () => {
    const emulator = await start({ behavior: { deleteDurationMs: 60_000 } });
    seed(emulator);
    assert.equal((await arm(emulator, "DELETE", withApi(connectionPath(emulator)))).status, 202);
    assertError(
      await arm(emulator, "PUT", withApi(connectionPath(emulator)), { body: APPROVE }),
      409,
      "Conflict",
      /being deleted/,
    );
  });

  it("BadRequest for a $skipToken that is not an offset into the list", async () => {
    const emulator = await start();
    seed(emulator);
    assertError(
      await arm(emulator, "GET", `${withApi(connectionsPath(emulator))}&$skipToken=abc`),
      400,
      "BadRequest",
    );
    assertError(
      await arm(emulator, "GET", `${withApi(connectionsPath(emulator))}&$skipToken=99`),
      400,
      "BadRequest",
    );
  });
});

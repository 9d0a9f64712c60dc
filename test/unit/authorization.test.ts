import { strict as assert } from "node:assert";
import { authorizationHint } from "../../provider/arm/authorization";
import { isTransientStatus, toArmOperationError } from "../../provider/arm/errors";
import { CONN_ID, HSM_ID, restError } from "./support/fakes";

const VAULT_CONN_ID = CONN_ID.replace("managedHSMs/contoso-hsm", "vaults/contoso-kv");

describe("ARM's refusals made clear", () => {
  it("409 ConflictError ('serialize the operations') is transient, like AnotherOperationInProgress", () => {
    assert.equal(isTransientStatus(409, "ConflictError"), true);
    assert.equal(isTransientStatus(409, "AnotherOperationInProgress"), true);
    assert.equal(
      isTransientStatus(409, "PrivateEndpointConnectionStateTransitionNotAllowed"),
      false,
    );
  });

  const cases = [
    ["PUT", CONN_ID, "Microsoft.KeyVault/managedHSMs/privateEndpointConnections/write", HSM_ID],
    ["DELETE", CONN_ID, "Microsoft.KeyVault/managedHSMs/privateEndpointConnections/delete", HSM_ID],
    ["GET", CONN_ID, "Microsoft.KeyVault/managedHSMs/privateEndpointConnections/read", HSM_ID],
    [
      "PUT",
      VAULT_CONN_ID,
      "Microsoft.KeyVault/vaults/privateEndpointConnections/write",
      VAULT_CONN_ID.replace(/\/privateEndpointConnections\/.*$/, ""),
    ],
  ] as const;
  for (const [method, id, permission, scope] of cases) {
    it(`403 AuthorizationFailed on ${method} of a ${id.includes("/vaults/") ? "vault" : "Managed HSM"}'s connection names ${permission} and the scope`, () => {
      const hint = authorizationHint(`${method} ${id}`, 403, "AuthorizationFailed");
      assert.ok(hint?.includes(`lacks ${permission} on ${scope} `), hint);
    });
  }

  it("LinkedAuthorizationFailed says the linked scope ARM names is what is missing", () => {
    const hint = authorizationHint(`PUT ${CONN_ID}`, 403, "LinkedAuthorizationFailed");
    assert.match(hint ?? "", /linked/);
    assert.ok(
      hint?.includes("Microsoft.KeyVault/managedHSMs/privateEndpointConnections/write"),
      hint,
    );
  });

  it("other answers get no authorization hint", () => {
    assert.equal(authorizationHint(`PUT ${CONN_ID}`, 400, "BadRequest"), undefined);
  });

  it("the error keeps ARM's code, message and request id, adds the hint, and is not retried", () => {
    const armMessage =
      "The client 'app-id' with object id 'obj-id' does not have authorization to perform action 'Microsoft.KeyVault/managedHSMs/privateEndpointConnections/write'";
    const error = toArmOperationError(
      `PUT ${CONN_ID}`,
      restError(403, {
        code: "AuthorizationFailed",
        body: { error: { code: "AuthorizationFailed", message: armMessage } },
        headers: { "x-ms-request-id": "req-1" },
      }),
    );
    assert.equal(error.details.transient, false);
    assert.match(error.message, /HTTP 403: AuthorizationFailed: The client 'app-id'/);
    assert.match(error.message, /x-ms-request-id: req-1/);
    assert.match(error.message, /grant it a role with that action/);
  });
});

import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  connectionNameOfId,
  connectionPath,
  formatConnectionId,
  formatParentId,
  parseConnectionId,
  sameArmName,
  sameConnection,
  type ConnectionRef,
} from "../../provider/arm/ids";
import { KEY_VAULT, MANAGED_HSM, parentKindOf } from "../../provider/arm/parentKinds";
import { CONN, CONN_ID, HSM, HSM_ID, PE_ID, REF, RG, SUB } from "./support/fakes";

const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-1/privateEndpointConnections/${CONN}`;

describe("ids", () => {
  it("formats the parent and connection ids as ARM spells them", () => {
    assert.equal(formatParentId(REF), HSM_ID);
    assert.equal(formatConnectionId(REF), CONN_ID);
    assert.equal(
      formatConnectionId({ ...REF, profile: KEY_VAULT.profile, parentName: "kv-1" }),
      VAULT_ID,
    );
  });

  it("takes a connection's name from its id, and nothing from an id that names none", () => {
    assert.equal(connectionNameOfId(CONN_ID), CONN);
    assert.equal(connectionNameOfId(`${VAULT_ID}/`), CONN);
    assert.equal(connectionNameOfId(HSM_ID), "");
    assert.equal(connectionNameOfId(""), "");
  });

  it("parses what it formats (round trip)", () => {
    assert.deepEqual(parseConnectionId(CONN_ID), REF);
    assert.equal(formatConnectionId(parseConnectionId(CONN_ID)), CONN_ID);
    assert.equal(formatConnectionId(parseConnectionId(VAULT_ID)), VAULT_ID);
  });

  it("round trip (property)", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._()~-]{1,20}$/);
    fc.assert(
      fc.property(
        fc.uuid(),
        segment,
        fc.constantFrom(MANAGED_HSM.profile, KEY_VAULT.profile),
        segment,
        segment,
        (subscriptionId, resourceGroupName, profile, parentName, connectionName) => {
          const ref = { subscriptionId, resourceGroupName, profile, parentName, connectionName };
          assert.deepEqual(parseConnectionId(formatConnectionId(ref)), ref);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("parses the resource type and segment names case-insensitively, normalising the type", () => {
    for (const type of ["managedHSMs", "managedhsms", "MANAGEDHSMS", "ManagedHsms"]) {
      const ref = parseConnectionId(CONN_ID.replace("managedHSMs", type));
      assert.equal(ref.profile, MANAGED_HSM.profile, type);
      assert.equal(ref.parentName, HSM);
    }
    for (const type of ["vaults", "Vaults", "VAULTS"]) {
      assert.equal(parseConnectionId(VAULT_ID.replace("vaults", type)).profile, KEY_VAULT.profile);
    }
    const lower = `/SUBSCRIPTIONS/${SUB}/resourcegroups/${RG}/PROVIDERS/microsoft.keyvault/managedhsms/${HSM}/PrivateEndpointConnections/${CONN}`;
    assert.deepEqual(parseConnectionId(lower), REF);
  });

  it("keeps the names' casing as given and trims surrounding whitespace", () => {
    const ref = parseConnectionId(`  ${CONN_ID.replace(HSM, "Contoso-HSM")}\n`);
    assert.equal(ref.parentName, "Contoso-HSM");
    assert.equal(ref.connectionName, CONN);
  });

  it("refuses other resource types and malformed ids", () => {
    const bad = [
      "",
      CONN,
      HSM_ID,
      PE_ID,
      `${CONN_ID}/`,
      `${CONN_ID}/extra`,
      CONN_ID.slice(1),
      CONN_ID.replace("managedHSMs", "managedHSM"),
      CONN_ID.replace("managedHSMs", "vaultz"),
      CONN_ID.replace("Microsoft.KeyVault", "Microsoft.Storage").replace(
        "managedHSMs",
        "storageAccounts",
      ),
      CONN_ID.replace("Microsoft.KeyVault", "MicrosoftXKeyVault"),
      CONN_ID.replace("privateEndpointConnections", "privateLinkResources"),
      CONN_ID.replace(`/resourceGroups/${RG}`, "/resourceGroups/"),
      CONN_ID.replace(`/${HSM}/`, "//"),
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv/keys/k`,
      `${HSM_ID}/privateEndpointConnections/`,
    ];
    for (const id of bad) {
      assert.throws(
        () => parseConnectionId(id),
        (error: Error) => {
          assert.ok(
            error.message.startsWith(`'${id}' is not the ARM id of a private endpoint connection`),
            error.message,
          );
          assert.match(error.message, /managedHSMs\|vaults/);
          return true;
        },
        id,
      );
    }
  });

  it("sameConnection compares every part case-insensitively", () => {
    const upper: ConnectionRef = {
      subscriptionId: SUB.toUpperCase(),
      resourceGroupName: RG.toUpperCase(),
      profile: MANAGED_HSM.profile,
      parentName: HSM.toUpperCase(),
      connectionName: CONN.toUpperCase(),
    };
    assert.equal(sameConnection(REF, upper), true);
    assert.equal(sameConnection(upper, REF), true);
    for (const [key, value] of [
      ["subscriptionId", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"],
      ["resourceGroupName", "rg-2"],
      ["profile", KEY_VAULT.profile],
      ["parentName", "other"],
      ["connectionName", "other.1"],
    ] as const) {
      assert.equal(sameConnection(REF, { ...REF, [key]: value }), false, key);
    }
  });

  it("sameArmName treats undefined as empty", () => {
    assert.equal(sameArmName(undefined, ""), true);
    assert.equal(sameArmName(undefined, "a"), false);
    assert.equal(sameArmName("ABC", "abc"), true);
  });

  it("connectionPath escapes each name", () => {
    assert.equal(
      connectionPath({ ...REF, connectionName: "a b#c" }),
      `${HSM_ID}/privateEndpointConnections/a%20b%23c`,
    );
  });

  it("parentKindOf maps resource types case-insensitively", () => {
    assert.equal(parentKindOf("MANAGEDHSMS"), MANAGED_HSM);
    assert.equal(parentKindOf("vaults"), KEY_VAULT);
    assert.equal(parentKindOf("storageAccounts"), undefined);
  });
});

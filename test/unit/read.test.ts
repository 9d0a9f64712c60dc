import { strict as assert } from "node:assert";
import { KEY_VAULT, MANAGED_HSM } from "../../provider/arm/parentKinds";
import { read } from "../../provider/hooks/read";
import { KeyVaultPrivateEndpointConnectionProvider } from "../../provider/provider";
import {
  CONN,
  CONN_ID,
  FakeClock,
  HSM,
  PE_ID,
  REF,
  RG,
  SUB,
  connection,
  fakeApi,
  harness,
  outputs,
  rejection,
  totalApiCalls,
} from "./support/fakes";

describe("read", () => {
  it("returns an empty id when the connection is gone, so refresh drops it", async () => {
    const h = harness();
    h.api.get.resolves(undefined);
    assert.deepEqual(await h.provider.read(CONN_ID, outputs({ description: "ok" })), { id: "" });
    assert.deepEqual(h.api.get.firstCall.args[0], REF);
  });

  it("refresh: outputs and inputs carry ARM's status and description (drift)", async () => {
    const h = harness();
    h.api.get.resolves(
      connection({
        status: "Pending",
        description: "reset in the portal",
        provisioningState: "Succeeded",
        etag: 'W/"9"',
        actionsRequired: "Recreate",
      }),
    );
    const result = await h.provider.read(CONN_ID, outputs({ description: "ok" }));
    assert.equal(result.id, CONN_ID);
    assert.deepEqual(result.inputs, {
      subscriptionId: SUB,
      resourceGroupName: RG,
      hsmName: HSM,
      privateEndpointConnectionName: CONN,
      status: "Pending",
      description: "reset in the portal",
      onDelete: "delete",
    });
    assert.deepEqual(result.props, {
      subscriptionId: SUB,
      resourceGroupName: RG,
      hsmName: HSM,
      privateEndpointConnectionName: CONN,
      status: "Pending",
      description: "reset in the portal",
      connectionId: CONN_ID,
      provisioningState: "Succeeded",
      actionsRequired: "Recreate",
      onDelete: "delete",
      privateEndpointId: PE_ID,
      etag: 'W/"9"',
    });
  });

  it("records an absent description as empty in outputs, and leaves it out of inputs", async () => {
    // A program that sets no description has none in its inputs: refresh must not show one.
    const h = harness();
    h.api.get.resolves(connection({ status: "Approved", description: undefined }));
    const result = await h.provider.read(CONN_ID, outputs({ description: "ok" }));
    assert.equal(result.inputs ? "description" in result.inputs : true, false);
    assert.equal(result.props?.description, "");
  });

  it("records absent ARM fields as empty strings in the outputs", async () => {
    const h = harness();
    h.api.get.resolves({ id: CONN_ID, name: CONN });
    const result = await h.provider.read(CONN_ID);
    assert.equal(result.props?.status, "");
    assert.equal(result.props?.provisioningState, "");
    assert.equal(result.props?.actionsRequired, "");
    assert.equal(result.props?.privateEndpointId, "");
    assert.equal(result.props?.etag, "");
  });

  it("import (no props): takes the names from the id", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Approved" }));
    const result = await h.provider.read(CONN_ID);
    assert.deepEqual(result.inputs, {
      subscriptionId: SUB,
      resourceGroupName: RG,
      hsmName: HSM,
      privateEndpointConnectionName: CONN,
      status: "Approved",
      onDelete: "delete",
    });
    assert.equal(result.props?.connectionId, CONN_ID);
    assert.equal(h.factory.firstCall.args[0], SUB);
    assert.equal(h.factory.firstCall.args[1].budgetMs, 1_800_000);
  });

  it("import of a Pending connection: inputs that check accepts, ARM's status in the outputs, and a warning of what up will do", async () => {
    const h = harness({ env: { AZURE_SUBSCRIPTION_ID: SUB } });
    h.api.get.resolves(connection({ status: "Pending" }));
    const result = await h.provider.read(CONN_ID);
    assert.equal(result.inputs?.status, "Approved");
    assert.equal(result.props?.status, "Pending");
    // The engine checks an import's inputs against themselves.
    const inputs = { ...result.inputs };
    const checked = await h.provider.check(inputs, inputs);
    assert.deepEqual(checked.failures ?? [], []);
    assert.equal(h.warnings.length, 1);
    assert.match(h.warnings[0], /is Pending in ARM/);
    assert.match(h.warnings[0], /next `pulumi up` with them approves it/);
    assert.match(h.warnings[0], /Declare status "Rejected"/);
  });

  it("import of a Rejected connection records Rejected, which check accepts, with no warning", async () => {
    const h = harness({ env: { AZURE_SUBSCRIPTION_ID: SUB } });
    h.api.get.resolves(connection({ status: "Rejected" }));
    const result = await h.provider.read(CONN_ID);
    assert.equal(result.inputs?.status, "Rejected");
    const inputs = { ...result.inputs };
    const checked = await h.provider.check(inputs, inputs);
    assert.deepEqual(checked.failures ?? [], []);
    assert.deepEqual(h.warnings, []);
  });

  it("import of a Disconnected connection warns that up will refuse it", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Disconnected" }));
    const result = await h.provider.read(CONN_ID);
    assert.equal(result.inputs?.status, "Approved");
    assert.equal(result.props?.status, "Disconnected");
    assert.match(h.warnings.join("\n"), /is Disconnected in ARM.*refuses it/s);
  });

  it("refresh keeps ARM's undeclarable status in the inputs, with no warning", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Pending" }));
    const result = await h.provider.read(CONN_ID, outputs({ status: "Approved" }));
    assert.equal(result.inputs?.status, "Pending");
    assert.deepEqual(h.warnings, []);
  });

  it("import accepts the lowercase resource type ARM sometimes answers", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Approved" }));
    const id = CONN_ID.replace("/managedHSMs/", "/managedhsms/");
    const result = await h.provider.read(id);
    assert.equal(result.id, id);
    assert.equal(h.api.get.firstCall.args[0].profile, MANAGED_HSM.profile);
    assert.equal(result.inputs?.hsmName, HSM);
  });

  it("refuses the id of a key vault connection given to the Managed HSM resource, without calling ARM", async () => {
    const h = harness();
    const vaultId = CONN_ID.replace("/managedHSMs/", "/vaults/");
    const error = await rejection(h.provider.read(vaultId));
    assert.ok(
      error.message.includes(`'${vaultId}' is a connection of a key vault, not of a Managed HSM`),
      error.message,
    );
    assert.match(error.message, /not of a Managed HSM; use the matching resource class/);
    assert.equal(h.factory.callCount, 0);
    assert.equal(totalApiCalls(h.api), 0);
  });

  it("refuses the id of a Managed HSM connection given to the key vault resource", async () => {
    const api = fakeApi();
    const provider = new KeyVaultPrivateEndpointConnectionProvider({
      connectionsApi: () => api,
      clock: new FakeClock(),
      report: () => undefined,
      env: {},
    });
    const error = await rejection(provider.read(CONN_ID));
    assert.match(error.message, /is a connection of a Managed HSM, not of a key vault/);
    assert.equal(totalApiCalls(api), 0);
  });

  it("refuses ids that are not private endpoint connections", async () => {
    const h = harness();
    for (const id of [
      "",
      "not-an-id",
      PE_ID,
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/managedHSMs/${HSM}`,
    ]) {
      const error = await rejection(h.provider.read(id));
      assert.match(error.message, /is not the ARM id of a private endpoint connection/);
    }
    assert.equal(totalApiCalls(h.api), 0);
  });

  it("keeps the program's casing of names that denote the same id", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Approved" }));
    const props = outputs({
      description: "ok",
      subscriptionId: SUB.toUpperCase(),
      resourceGroupName: RG.toUpperCase(),
      hsmName: "Contoso-HSM",
      privateEndpointConnectionName: CONN.toUpperCase(),
    });
    const result = await h.provider.read(CONN_ID, props);
    assert.equal(result.inputs?.subscriptionId, SUB.toUpperCase());
    assert.equal(result.inputs?.resourceGroupName, RG.toUpperCase());
    assert.equal(result.inputs?.hsmName, "Contoso-HSM");
    assert.equal(result.inputs?.privateEndpointConnectionName, CONN.toUpperCase());
    assert.equal(result.props?.hsmName, "Contoso-HSM");
  });

  it("takes the id's names when the props denote another connection or lack a name", async () => {
    for (const props of [
      outputs({ description: "ok", hsmName: "other-hsm" }),
      outputs({ description: "ok", privateEndpointConnectionName: "other.1" }),
      outputs({ description: "ok", resourceGroupName: "" }),
      { ...outputs({ description: "ok" }), hsmName: undefined },
    ]) {
      const h = harness();
      h.api.get.resolves(connection({ status: "Approved" }));
      const result = await h.provider.read(CONN_ID, props);
      assert.equal(result.inputs?.hsmName, HSM);
      assert.equal(result.inputs?.resourceGroupName, RG);
      assert.equal(result.inputs?.privateEndpointConnectionName, CONN);
    }
  });

  it("keeps the recorded timeouts, and waits within timeouts.update", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Approved" }));
    const result = await h.provider.read(
      CONN_ID,
      outputs({ description: "ok", timeouts: { update: 42, delete: 7 } }),
    );
    assert.deepEqual(result.inputs?.timeouts, { update: 42, delete: 7 });
    assert.deepEqual(result.props?.timeouts, { update: 42, delete: 7 });
    assert.equal(h.factory.firstCall.args[1].budgetMs, 42_000);
  });

  it("keeps the declared waitForConnectionSeconds, and adds none the program did not declare", async () => {
    const h = harness();
    h.api.get.resolves(connection({ status: "Approved" }));
    const waited = await h.provider.read(CONN_ID, outputs({ waitForConnectionSeconds: 300 }));
    assert.equal(waited.inputs?.waitForConnectionSeconds, 300);
    assert.equal(waited.props?.waitForConnectionSeconds, 300);
    const plain = await h.provider.read(CONN_ID, outputs());
    assert.ok(!("waitForConnectionSeconds" in (plain.inputs ?? {})));
  });

  it("passes on a failing GET", async () => {
    const h = harness();
    const failure = new Error("HTTP 403 AuthorizationFailed");
    h.api.get.rejects(failure);
    assert.equal(
      await rejection(h.provider.read(CONN_ID, outputs({ description: "ok" }))),
      failure,
    );
  });

  it("works for the key vault kind through the hook directly", async () => {
    const h = harness({ kind: KEY_VAULT });
    const vaultId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-1/privateEndpointConnections/${CONN}`;
    h.api.get.resolves(connection({ id: vaultId, status: "Approved" }));
    const result = await read(h.ctx, vaultId, undefined);
    assert.equal(result.inputs?.vaultName, "kv-1");
    assert.equal(result.inputs?.hsmName, undefined);
    assert.equal(h.api.get.firstCall.args[0].profile, KEY_VAULT.profile);
  });
});

import { strict as assert } from "node:assert";
import { AnyPrivateEndpointConnectionPolicyProvider } from "../../provider/policy/provider";
import { AnyPrivateEndpointConnectionProvider } from "../../provider/provider";
import type { ConnectionInputs } from "../../provider/inputs";
import type { PolicyInputs } from "../../provider/policy/rules";
import {
  FAST_RETRY,
  HSM,
  RG,
  countOps,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";
import { standaloneCalls } from "../support/standaloneCalls";

/*
 * PrivateEndpointConnection and its policy, the parent given by its ARM id, on the emulator's
 * Managed HSM and key vault: the real SDK client, credential and HTTPS, the hooks as the
 * Managed HSM resources run them.
 */
describe("integration: the resources of any service, on Key Vault parents by parentResourceId", function () {
  this.timeout(30_000);
  let h: Harness;
  let provider: AnyPrivateEndpointConnectionProvider;

  beforeEach(async () => {
    h = await startHarness();
    const options = { retryPolicy: FAST_RETRY, declarations: standaloneCalls(), report: () => {} };
    provider = new AnyPrivateEndpointConnectionProvider(options);
  });
  afterEach(() => h.stop());

  const parentId = (typeAndName: string) =>
    `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.KeyVault/${typeAndName}`;

  async function checked(news: Record<string, unknown>): Promise<ConnectionInputs> {
    const result = await provider.check({}, news);
    assert.deepEqual(result.failures, []);
    return result.inputs as unknown as ConnectionInputs;
  }

  it("approves an HSM's connection, shows drift on refresh, restores it, and deletes it by LRO", async () => {
    const { name } = seedPendingConnection(h);
    const hsm = parentId(`managedHSMs/${HSM}`);
    const inputs = await checked({ parentResourceId: hsm, privateEndpointConnectionName: name });
    const { id, outs } = await provider.create(inputs);
    assert.equal(outs.status, "Approved");
    assert.equal(outs.provisioningState, "Succeeded");
    assert.equal(outs.parentResourceId, hsm);
    assert.equal(id.toLowerCase(), `${hsm}/privateEndpointConnections/${name}`.toLowerCase());
    assert.equal(countOps(h, "put"), 1);

    const ref = { resourceGroupName: RG, parentName: HSM, connectionName: name };
    h.emulator.control.setConnection(ref, { description: "changed by hand" });
    const refreshed = await provider.read(id, outs);
    assert.equal(refreshed.props?.description, "changed by hand");
    assert.equal(refreshed.inputs?.parentResourceId, hsm);
    const plan = await provider.diff(id, { ...refreshed.props }, { ...inputs });
    assert.equal(plan.changes, true);
    assert.deepEqual(plan.replaces, []);
    const { outs: restored } = await provider.update(id, refreshed.props!, inputs);
    assert.equal(restored.description, "");

    await provider.delete(id, restored);
    assert.equal(h.emulator.control.getConnection(ref), undefined);
    assert.ok(countOps(h, "delete") >= 1);
  });

  it("rejects a key vault's connection and imports it by its id", async () => {
    h.emulator.control.createParent({ kind: "vaults", resourceGroupName: RG, parentName: "kv1" });
    const { name } = h.emulator.control.createConnection({
      kind: "vaults",
      resourceGroupName: RG,
      parentName: "kv1",
      connectionName: "pe-kv.1",
      privateEndpointId: `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/c/providers/Microsoft.Network/privateEndpoints/pe-kv`,
    });
    const vault = parentId("vaults/kv1");
    const inputs = await checked({
      parentResourceId: vault,
      privateEndpointId: `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/c/providers/Microsoft.Network/privateEndpoints/pe-kv`,
      status: "Rejected",
    });
    const { id, outs } = await provider.create(inputs);
    assert.equal(outs.status, "Rejected");
    assert.equal(outs.privateEndpointConnectionName, name);
    const imported = await provider.read(id, undefined);
    assert.equal(imported.inputs?.parentResourceId?.toLowerCase(), vault.toLowerCase());
    assert.equal(imported.inputs?.privateEndpointConnectionName, name);
  });

  it("fails the preview for an HSM that does not exist, naming parentResourceId", async () => {
    seedPendingConnection(h);
    const result = await provider.check(
      {},
      { parentResourceId: parentId("managedHSMs/no-such-hsm"), privateEndpointConnectionName: "x" },
    );
    assert.equal(result.failures.length, 1);
    assert.equal(result.failures[0].property, "parentResourceId");
    assert.match(result.failures[0].reason, /Managed HSM 'no-such-hsm'/);
  });

  it("a policy by parentResourceId approves an HSM's Pending connections by rule", async () => {
    const { name } = seedPendingConnection(h);
    const policy = new AnyPrivateEndpointConnectionPolicyProvider({
      retryPolicy: FAST_RETRY,
      declarations: standaloneCalls(),
      notice: () => undefined,
      report: () => undefined,
    });
    const hsm = parentId(`managedHSMs/${HSM}`);
    const result = await policy.check(
      {},
      {
        parentResourceId: hsm,
        rules: [
          {
            name: "ours",
            action: "Approved",
            match: { subscriptionIds: [h.emulator.subscriptionId] },
          },
        ],
      },
    );
    assert.deepEqual(result.failures, []);
    const { id, outs } = await policy.create(result.inputs as unknown as PolicyInputs);
    assert.equal(id, `${hsm}/privateEndpointConnectionPolicy`);
    assert.deepEqual(
      outs.decisions.map((d) => [d.name, d.status, d.rule]),
      [[name, "Approved", "ours"]],
    );
  });
});

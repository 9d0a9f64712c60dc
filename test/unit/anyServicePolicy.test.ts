/**
 * The approval policy of any private-link service's resource, the parent given by its ARM id,
 * through its hooks with ARM in memory: the writes reach the parent's profile, and a service's
 * stricter status rules (the SQL family: only from Pending) bound what the policy plans.
 */
import { strict as assert } from "node:assert";
import type { ConnectionsApi } from "../../provider/arm/connectionsApi";
import type { ConnectionState } from "../../provider/arm/connectionState";
import type { ConnectionRef, ParentRef } from "../../provider/arm/ids";
import type { RegistrationLookup } from "../../provider/arm/providerRegistration";
import { DeclaredInDeployment } from "../../provider/declarations";
import { AnyPrivateEndpointConnectionPolicyProvider } from "../../provider/policy/provider";
import type { PolicyInputs } from "../../provider/policy/rules";
import { FakeClock, SUB } from "./support/fakes";

const CONSUMER = "aaaaaaaa-0000-4000-8000-00000000000a";
const parentId = (typeAndName: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-apps/providers/${typeAndName}`;

/** One parent's connections in memory; PUT settles at once. */
function memoryArm(statuses: Record<string, string>) {
  const puts: string[] = [];
  const parents: ParentRef[] = [];
  const connections = new Map<string, ConnectionState>(
    Object.entries(statuses).map(([name, status]) => [
      name,
      {
        id: `/x/${name}`,
        name,
        status,
        provisioningState: "Succeeded",
        privateEndpointId: `/subscriptions/${CONSUMER}/resourceGroups/c/providers/Microsoft.Network/privateEndpoints/${name}`,
      },
    ]),
  );
  const api: ConnectionsApi = {
    async get(ref: ConnectionRef) {
      return connections.get(ref.connectionName);
    },
    async list(parent: ParentRef) {
      parents.push(parent);
      return [...connections.values()].map((c) => ({ ...c }));
    },
    async put(ref, desired) {
      puts.push(`${ref.connectionName}:${desired.status}:${ref.profile.resourceType}`);
      const state = { ...connections.get(ref.connectionName)!, status: desired.status };
      connections.set(ref.connectionName, state);
      return { state };
    },
    async beginDelete() {
      throw new Error("no delete here");
    },
    async poll() {
      throw new Error("no LRO here");
    },
  };
  return { api, puts, parents };
}

function setup(statuses: Record<string, string>, registration?: RegistrationLookup) {
  const arm = memoryArm(statuses);
  const provider = new AnyPrivateEndpointConnectionPolicyProvider({
    connectionsApi: () => arm.api,
    registration,
    clock: new FakeClock(),
    report: () => undefined,
    notice: () => undefined,
    env: {},
    declarations: new DeclaredInDeployment(),
  });
  return { ...arm, provider };
}

function policy(parentResourceId: string, extra: Partial<PolicyInputs> = {}): PolicyInputs {
  return {
    parentResourceId,
    rules: [{ name: "team-a", action: "Approved", match: { subscriptionIds: [CONSUMER] } }],
    otherwise: "Rejected",
    scope: "pending",
    exclude: [],
    onDelete: "retain",
    ...extra,
  };
}

describe("PrivateEndpointConnectionPolicy of any service", () => {
  it("approves a storage account's Pending connections by rule, through its profile", async () => {
    const storage = parentId("Microsoft.Storage/storageAccounts/acct");
    const { provider, puts, parents } = setup({ "a.1": "Pending", "b.2": "Approved" });
    const { id, outs } = await provider.create(policy(storage));
    assert.equal(id, `${storage}/privateEndpointConnectionPolicy`);
    assert.deepEqual(puts, ["a.1:Approved:Microsoft.Storage/storageAccounts"]);
    assert.equal(parents[0].parentName, "acct");
    assert.equal(outs.counts.approved, 2);
    assert.equal(outs.parentResourceId, storage);
  });

  it("plans no rejection of an Approved SQL connection (the SQL family changes only Pending)", async () => {
    const sql = parentId("Microsoft.Sql/servers/sql1");
    const { provider, puts } = setup({ "a.1": "Approved" });
    const noRule = policy(sql, { rules: [], scope: "all", otherwise: "Rejected" });
    const { outs } = await provider.create(noRule);
    assert.deepEqual(puts, []);
    assert.deepEqual(outs.outstanding, []);
    // The same policy over a storage account rejects it: Azure's common rules allow it.
    const storage = setup({ "a.1": "Approved" });
    await storage.provider.create(
      policy(parentId("Microsoft.Storage/storageAccounts/acct"), {
        rules: [],
        scope: "all",
        otherwise: "Rejected",
      }),
    );
    assert.deepEqual(storage.puts, ["a.1:Rejected:Microsoft.Storage/storageAccounts"]);
  });

  it("check takes parentResourceId and refuses the Key Vault names", async () => {
    const { provider } = setup({});
    const storage = parentId("Microsoft.Storage/storageAccounts/acct");
    const ok = await provider.check(
      {},
      { parentResourceId: storage, rules: policy(storage).rules },
    );
    assert.deepEqual(ok.failures, []);
    const bad = await provider.check({}, { parentResourceId: "acct", hsmName: "h", rules: [] });
    assert.deepEqual(bad.failures.map((f) => f.property).sort(), ["hsmName", "parentResourceId"]);
  });

  it("check refuses a parent whose type's registration has no private endpoint connections", async () => {
    const problem = "parentResourceId: Microsoft.Compute/disks has no private endpoint connections";
    const asked: string[] = [];
    const { provider, parents } = setup({}, async (subscriptionId, resourceType) => {
      asked.push(`${subscriptionId} ${resourceType}`);
      return { ok: false, problem };
    });
    const disk = parentId("Microsoft.Compute/disks/d1");
    const checked = await provider.check({}, { parentResourceId: disk, rules: [] });
    assert.deepEqual(checked.failures, [{ property: "parentResourceId", reason: problem }]);
    assert.deepEqual(asked, [`${SUB} Microsoft.Compute/disks`]);
    assert.deepEqual(parents, [], "no list of the parent's connections");
  });
});

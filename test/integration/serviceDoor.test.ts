import { strict as assert } from "node:assert";
import { createArmContext } from "../../provider/arm/client";
import { Deadline } from "../../provider/arm/clock";
import { armCredential } from "../../provider/arm/credential";
import type { ConnectionRef, ParentRef } from "../../provider/arm/ids";
import { parseParentResourceId } from "../../provider/arm/parentResourceId";
import { ServiceConnectionsApi } from "../../provider/arm/serviceConnectionsApi";
import { waitUntilDeleted } from "../../provider/arm/deleteWait";
import { waitForPut } from "../../provider/arm/putWait";
import { readArmSettings } from "../../provider/config";
import { resolveCredentialSettings } from "../../provider/credentialSettings";
import {
  armRequests,
  FAST_RETRY,
  HSM,
  RG,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";
import { SteppingClock } from "../support/testClocks";

/*
 * The Managed HSM and key vault kinds as two profiles behind the one door for every service:
 * ServiceConnectionsApi over the real SDK client, credential and HTTPS to the emulator, its
 * paths and api-version from the profile alone.
 */
describe("integration: the one ARM door, for the Key Vault profiles", function () {
  this.timeout(30_000);
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  function door(): ServiceConnectionsApi {
    const settings = readArmSettings(process.env, {});
    const credential = armCredential(settings, resolveCredentialSettings(process.env, {}));
    const client = createArmContext(settings, h.emulator.subscriptionId, credential);
    const retry = { deadline: new Deadline(20_000), policy: FAST_RETRY };
    return new ServiceConnectionsApi(client, settings.endpoint, 10_000, retry);
  }

  function at(parentRef: ParentRef, connectionName: string): ConnectionRef {
    return { ...parentRef, connectionName };
  }

  function parent(typeAndName: string): ParentRef {
    const id = `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/${RG}/providers/${typeAndName}`;
    const parsed = parseParentResourceId("parentResourceId", id);
    assert.ok(parsed.ok);
    return parsed.parent;
  }

  it("approves a Managed HSM's connection, waits for ARM's operation, lists and deletes it", async () => {
    const { name } = seedPendingConnection(h);
    const hsm = parent(`Microsoft.KeyVault/managedHSMs/${HSM}`);
    const api = door();
    assert.equal((await api.get(at(hsm, name)))?.status, "Pending");
    const answer = await api.put(at(hsm, name), { status: "Approved", description: "by the door" });
    assert.equal(
      answer.operation?.style,
      "azure-asyncoperation",
      "as recorded: PUT 200 + operation",
    );
    // ARM's backend finishes when the test says so; the wait runs on virtual time.
    assert.equal(h.emulator.control.completeRunningOperations(), 1);
    const deadline = new Deadline(20_000, new SteppingClock());
    const settled = await waitForPut(api, at(hsm, name), answer, "Approved", deadline, () => {});
    assert.equal(settled.status, "Approved");
    assert.equal(settled.provisioningState, "Succeeded");
    assert.deepEqual(
      (await api.list(hsm)).map((c) => c.name),
      [name],
    );
    const started = await api.beginDelete(at(hsm, name));
    assert.equal(started.kind, "accepted");
    assert.equal(h.emulator.control.completeRunningOperations(), 1);
    const deleteDeadline = new Deadline(20_000, new SteppingClock());
    await waitUntilDeleted(api, at(hsm, name), started, deleteDeadline, () => {});
    assert.equal(
      h.emulator.control.getConnection({
        resourceGroupName: RG,
        parentName: HSM,
        connectionName: name,
      }),
      undefined,
    );
    const paths = armRequests(h)
      .filter((r) => r.op !== "poll")
      .map((r) => r.path);
    const under = `/providers/Microsoft.KeyVault/managedHSMs/${HSM}/privateEndpointConnections`;
    assert.ok(paths.length >= 5 && paths.every((p) => p.includes(under)), paths.join("\n"));
  });

  it("reads a key vault's absent connection as its spec's 204, an HSM's as ARM's 404", async () => {
    h.emulator.control.createParent({ kind: "vaults", resourceGroupName: RG, parentName: "kv1" });
    seedPendingConnection(h);
    const api = door();
    assert.equal(await api.get(at(parent("Microsoft.KeyVault/vaults/kv1"), "nope")), undefined);
    assert.equal(
      await api.get(at(parent(`Microsoft.KeyVault/managedHSMs/${HSM}`), "nope")),
      undefined,
    );
    // A token cached from an earlier emulator is refused once (401) and renewed: not an answer.
    const statuses = armRequests(h)
      .filter((r) => r.path.includes("/privateEndpointConnections/nope") && r.status !== 401)
      .map((r) => r.status);
    assert.deepEqual(statuses, [204, 404]);
  });
});

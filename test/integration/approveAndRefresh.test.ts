import { strict as assert } from "node:assert";
import {
  armRequests,
  countOps,
  inputsFor,
  seedPendingConnection,
  startHarness,
  HSM,
  RG,
  type Harness,
} from "../support/emulatorHarness";
import { SteppingClock } from "../support/testClocks";

describe("integration: approve, reject, update and refresh through the real SDK", function () {
  this.timeout(30_000);
  let h: Harness;
  let name: string;

  beforeEach(async () => {
    h = await startHarness();
    name = seedPendingConnection(h).name;
    h.emulator.control.clearRequestLog();
  });
  afterEach(() => h.stop());

  it("approves a Pending connection with exactly one PUT, then polls GET until Succeeded", async () => {
    const { id, outs } = await h.provider.create(
      inputsFor(h, name, { description: "approved by pulumi" }),
    );
    assert.equal(outs.status, "Approved");
    assert.equal(outs.provisioningState, "Succeeded");
    assert.equal(outs.description, "approved by pulumi");
    assert.match(
      id,
      new RegExp(
        `/managedHSMs/${HSM}/privateEndpointConnections/${name.replace(".", "\\.")}$`,
        "i",
      ),
    );
    assert.equal(outs.connectionId, id);
    assert.match(outs.privateEndpointId, /privateEndpoints\/pe-app$/);
    assert.equal(countOps(h, "put"), 1);
    const arm = h.emulator.control.getConnection({
      resourceGroupName: RG,
      parentName: HSM,
      connectionName: name,
    });
    assert.equal(arm?.properties.privateLinkServiceConnectionState.status, "Approved");
    assert.equal(arm?.properties.privateLinkServiceConnectionState.actionsRequired, "None");
    // Outputs come from the last GET: the etag is the one ARM holds after completion.
    assert.equal(outs.etag, arm?.etag);
    assert.ok(countOps(h, "get") >= 2, "a GET before the PUT and at least one after");
  });

  it("sends no write when the connection is already in the declared state", async () => {
    await h.provider.create(inputsFor(h, name));
    h.emulator.control.clearRequestLog();
    const again = await h.provider.create(inputsFor(h, name));
    assert.equal(again.outs.status, "Approved");
    assert.deepEqual(
      armRequests(h).map((r) => `${r.method} ${r.op}`),
      ["GET get"],
    );
  });

  // Approved -> Rejected is a change Azure allows (the az CLI recording does it); the
  // reverse is not (connectionStateRules.test.ts).
  it("approves, then rejects with a new description, in place", async () => {
    const { id } = await h.provider.create(
      inputsFor(h, name, { status: "Approved", description: "reviewed" }),
    );
    const ref = { resourceGroupName: RG, parentName: HSM, connectionName: name };
    let arm = h.emulator.control.getConnection(ref);
    assert.equal(arm?.properties.privateLinkServiceConnectionState.status, "Approved");
    h.emulator.control.clearRequestLog();
    const olds = (await h.provider.read(id, undefined)).props;
    assert.ok(olds);
    const { outs } = await h.provider.update(
      id,
      olds,
      inputsFor(h, name, { status: "Rejected", description: "not ours" }),
    );
    assert.equal(outs.status, "Rejected");
    assert.equal(outs.description, "not ours");
    assert.equal(countOps(h, "put"), 1);
    arm = h.emulator.control.getConnection(ref);
    assert.equal(arm?.properties.privateLinkServiceConnectionState.status, "Rejected");
    assert.equal(arm?.properties.privateLinkServiceConnectionState.description, "not ours");
  });

  // Restorable drift: Azure lets the description be put back. A rejected connection cannot
  // be approved again; that drift is in connectionStateRules.test.ts.
  it("read shows drift made out of band, in outputs and inputs; update restores it", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    h.emulator.control.setConnection(
      { resourceGroupName: RG, parentName: HSM, connectionName: name },
      { description: "changed by hand" },
    );
    const refreshed = await h.provider.read(id, outs);
    assert.equal(refreshed.id, id);
    assert.equal(refreshed.props?.status, "Approved");
    assert.equal(refreshed.props?.description, "changed by hand");
    assert.equal(refreshed.inputs?.status, "Approved");
    assert.equal(refreshed.inputs?.description, "changed by hand");
    const plan = await h.provider.diff(
      id,
      refreshed.props as unknown as Record<string, unknown>,
      inputsFor(h, name),
    );
    assert.equal(plan.changes, true);
    assert.deepEqual(plan.replaces, []);
    const { outs: restored } = await h.provider.update(id, refreshed.props!, inputsFor(h, name));
    assert.equal(restored.status, "Approved");
    assert.equal(restored.description, "");
  });

  it("read after the connection is deleted returns an empty id, so refresh drops it", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    await h.provider.delete(id, outs);
    const after = await h.provider.read(id, outs);
    assert.equal(after.id, "");
  });

  it("a connection that does not exist fails create with the HSM named and what exists listed", async () => {
    await assert.rejects(h.provider.create(inputsFor(h, "pe-missing.0000")), (e: Error) => {
      assert.match(e.message, /'pe-missing\.0000' was not found on Managed HSM 'hsm-integration'/);
      assert.match(e.message, new RegExp(`${name.replace(".", "\\.")} \\(Pending\\)`));
      return true;
    });
    assert.equal(countOps(h, "put"), 0);
  });

  it("an HSM that does not exist is named as such", async () => {
    await assert.rejects(
      h.provider.create({ ...inputsFor(h, name), hsmName: "hsm-absent" }),
      /Managed HSM 'hsm-absent' .* was not found/,
    );
  });

  it("an HSM that does not exist fails check, at preview, in one sentence naming hsmName", async () => {
    h.emulator.control.clearRequestLog();
    const { failures } = await h.provider.check({}, {
      ...inputsFor(h, name),
      hsmName: "hsm-absent",
    } as unknown as Record<string, unknown>);
    assert.deepEqual(
      failures.map((f) => f.property),
      ["hsmName"],
    );
    assert.match(
      failures[0].reason,
      /^Managed HSM 'hsm-absent' \(resource group '[^']+', subscription '[^']+'\) does not exist \(ARM answered 404 [A-Za-z]+\): check the name, the resource group and the subscription\.$/,
    );
    assert.ok(
      h.emulator.control.requestLog().every((r) => r.method !== "PUT" && r.method !== "DELETE"),
      "reads only",
    );
  });

  it("provisioningState Failed after the PUT is an error with ARM's words", async () => {
    h.emulator.control.setBehavior({ putOutcome: "Failed" });
    await assert.rejects(h.provider.create(inputsFor(h, name)), /provisioningState Failed/);
  });

  it("a PUT that never leaves Updating hits timeouts.create with an honest message", async () => {
    h.emulator.control.setBehavior({ putOutcome: "Never" });
    // The deadline runs on a clock that moves only when the provider waits, not on this
    // machine's speed: the operation never ends, so only the deadline can end the create.
    const clock = new SteppingClock();
    await assert.rejects(
      h.providerWith({ clock }).create(inputsFor(h, name, { timeouts: { create: 2 } })),
      (e: Error) => {
        assert.match(e.message, /Re-running is safe/);
        assert.match(e.message, /Updating/);
        return true;
      },
    );
    assert.ok(clock.slept <= 2000, `waited ${clock.slept} ms in all, within timeouts.create`);
    assert.equal(countOps(h, "put"), 1, "one PUT, then GETs until the deadline");
  });

  it("reads ids that ARM answers with lowercase managedhsms", async () => {
    h.emulator.control.setBehavior({ lowercaseTypeInIds: true });
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    assert.match(id, /\/managedhsms\//);
    const refreshed = await h.provider.read(id, outs);
    assert.equal(refreshed.id, id);
    assert.equal(refreshed.props?.hsmName, HSM);
  });

  it("serves key vault connections the same way", async () => {
    h.emulator.control.createParent({
      kind: "vaults",
      resourceGroupName: RG,
      parentName: "kv-integration",
    });
    const pec = h.emulator.control.createConnection({
      kind: "vaults",
      resourceGroupName: RG,
      parentName: "kv-integration",
    });
    const inputs = {
      subscriptionId: h.emulator.subscriptionId,
      resourceGroupName: RG,
      vaultName: "kv-integration",
      privateEndpointConnectionName: pec.name,
      status: "Approved" as const,
    };
    const { id, outs } = await h.vaultProvider.create(inputs);
    assert.match(id, /\/vaults\/kv-integration\/privateEndpointConnections\//i);
    assert.equal(outs.status, "Approved");
    await h.vaultProvider.delete(id, outs);
    assert.equal((await h.vaultProvider.read(id, outs)).id, "");
  });
});

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

/**
 * Azure's connection-state rules through the real SDK against the emulator: drift only the
 * consumer can undo is refused with no PUT in the request log; restorable drift is put back.
 */
describe("integration: connection-state rules and the two kinds of drift", function () {
  this.timeout(30_000);
  let h: Harness;
  let name: string;
  let ref: { resourceGroupName: string; parentName: string; connectionName: string };

  beforeEach(async () => {
    h = await startHarness();
    name = seedPendingConnection(h).name;
    ref = { resourceGroupName: RG, parentName: HSM, connectionName: name };
  });
  afterEach(() => h.stop());

  const asRecord = (value: unknown) => value as Record<string, unknown>;
  const armStatus = () =>
    h.emulator.control.getConnection(ref)?.properties.privateLinkServiceConnectionState.status;

  it("rejected by hand: refresh shows it, check and update refuse with one message and no PUT; a re-request lets update approve", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    h.emulator.control.setConnection(ref, { status: "Rejected", description: "rejected by hand" });
    const refreshed = await h.provider.read(id, outs);
    assert.equal(refreshed.props?.status, "Rejected");

    h.emulator.control.clearRequestLog();
    const expected = new RegExp(
      `${id.replace(/[.]/g, "\\.")} is declared Approved, but ARM reports status Rejected ` +
        `\\(a description of 16 characters\\)\\. (This stack set it Approved at [^;]+; ARM now reports Rejected, so someone else changed it since .*)?Azure does not let a rejected connection be approved again`,
    );
    const checked = await h.provider.check(asRecord(refreshed.props), inputsFor(h, name));
    assert.equal(checked.failures.length, 1);
    assert.equal(checked.failures[0].property, "status");
    assert.match(checked.failures[0].reason, expected);
    await assert.rejects(h.provider.update(id, refreshed.props!, inputsFor(h, name)), expected);
    assert.deepEqual(
      armRequests(h).map((r) => r.method),
      ["GET", "GET"],
      "one GET each, no PUT",
    );
    assert.equal(armStatus(), "Rejected");

    h.emulator.control.requestConnectionAgain(ref, { requestMessage: "please, again" });
    const recheck = await h.provider.check(asRecord(refreshed.props), inputsFor(h, name));
    assert.deepEqual(recheck.failures, [], "the stale state is checked against ARM: Pending");
    const plan = await h.provider.diff(id, asRecord(refreshed.props), inputsFor(h, name));
    assert.equal(plan.changes, true);
    h.emulator.control.clearRequestLog();
    const { outs: approved } = await h.provider.update(id, refreshed.props!, inputsFor(h, name));
    assert.equal(approved.status, "Approved");
    assert.equal(countOps(h, "put"), 1);
    assert.equal(armStatus(), "Approved");
  });

  it("adopting a Rejected connection declared Approved is refused before any PUT", async () => {
    h.emulator.control.setConnection(ref, { status: "Rejected" });
    h.emulator.control.clearRequestLog();
    await assert.rejects(h.provider.create(inputsFor(h, name)), /ARM reports status Rejected/);
    assert.equal(countOps(h, "put"), 0);
  });

  it("declared Rejected, approved by hand: create, update and refresh + update reject it again", async () => {
    h.emulator.control.setConnection(ref, { status: "Approved", description: "approved by hand" });
    const declared = inputsFor(h, name, { status: "Rejected", description: "not allowed" });
    const { id, outs } = await h.provider.create(declared);
    assert.equal(outs.status, "Rejected");
    assert.equal(armStatus(), "Rejected");

    // To approve it by hand again, its consumer must have asked again first (Azure's rule).
    h.emulator.control.requestConnectionAgain(ref);
    h.emulator.control.setConnection(ref, { status: "Approved", description: "approved by hand" });
    const refreshed = await h.provider.read(id, outs);
    assert.equal(refreshed.props?.status, "Approved");
    const plan = await h.provider.diff(id, asRecord(refreshed.props), declared);
    assert.equal(plan.changes, true);
    h.emulator.control.clearRequestLog();
    const { outs: again } = await h.provider.update(id, refreshed.props!, declared);
    assert.equal(again.status, "Rejected");
    assert.equal(countOps(h, "put"), 1);
    assert.equal(armStatus(), "Rejected");
  });

  it("Disconnected: refresh reports it, update refuses without a PUT, destroy deletes it", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    h.emulator.control.deletePrivateEndpoint(ref, { removeAfterMs: 60_000 });
    const refreshed = await h.provider.read(id, outs);
    assert.equal(refreshed.props?.status, "Disconnected");
    assert.equal(refreshed.inputs?.status, "Disconnected");

    h.emulator.control.clearRequestLog();
    await assert.rejects(
      h.provider.update(id, refreshed.props!, inputsFor(h, name)),
      /ARM reports status Disconnected .* consumer deleted the private endpoint/,
    );
    assert.equal(countOps(h, "put"), 0);

    await h.provider.delete(id, refreshed.props!);
    assert.equal(h.emulator.control.getConnection(ref), undefined);
    assert.ok(
      armRequests(h).some((r) => r.method === "DELETE"),
      "a DELETE was sent",
    );
  });

  it("a connection Azure already removed after its endpoint was deleted: refresh drops it, delete succeeds", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    h.emulator.control.deletePrivateEndpoint(ref);
    assert.equal((await h.provider.read(id, outs)).id, "");
    await h.provider.delete(id, outs);
    assert.equal(h.emulator.control.getConnection(ref), undefined);
  });
});

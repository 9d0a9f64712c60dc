import { strict as assert } from "node:assert";
import { REJECTED_ON_DELETE_PREFIX } from "../../provider/hooks/rejectOnDelete";
import {
  armRequests,
  HSM,
  inputsFor,
  RG,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";

describe("integration: onDelete decides what deleting a connection resource does in ARM", function () {
  this.timeout(60_000);
  let h: Harness;
  let name: string;
  const inArm = () =>
    h.emulator.control.getConnection({
      resourceGroupName: RG,
      parentName: HSM,
      connectionName: name,
    })?.properties.privateLinkServiceConnectionState;

  beforeEach(async () => {
    h = await startHarness({ deleteRetryAfterSeconds: null });
    name = seedPendingConnection(h).name;
  });
  afterEach(() => h.stop());

  it("reject: the connection stays, Rejected, with a description saying why, and no DELETE is sent", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name, { onDelete: "reject" }));
    assert.equal(outs.onDelete, "reject");
    await h.provider.delete(id, outs);
    const left = inArm();
    assert.equal(left?.status, "Rejected");
    assert.ok((left?.description ?? "").startsWith(REJECTED_ON_DELETE_PREFIX), left?.description);
    assert.equal(armRequests(h).filter((r) => r.op === "delete").length, 0);
    // Re-running the destroy is safe: it finds the connection Rejected and writes nothing.
    const puts = armRequests(h).filter((r) => r.op === "put").length;
    await h.provider.delete(id, outs);
    assert.equal(armRequests(h).filter((r) => r.op === "put").length, puts);
  });

  it("reject, then adopted again as Approved: Azure's state rules refuse it with a clear error", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name, { onDelete: "reject" }));
    await h.provider.delete(id, outs);
    await assert.rejects(h.provider.create(inputsFor(h, name)), (e: Error) => {
      assert.match(e.message, /onDelete "reject"/);
      assert.match(e.message, /does not let a rejected connection be approved again/);
      return true;
    });
    assert.equal(inArm()?.status, "Rejected");
  });

  it("retain: the connection stays as it is, and delete sends nothing to ARM", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name, { onDelete: "retain" }));
    const before = armRequests(h).length;
    await h.provider.delete(id, outs);
    assert.equal(armRequests(h).length, before);
    assert.equal(inArm()?.status, "Approved");
  });

  it("changing onDelete is an update with no PUT, and destroy applies the new value", async () => {
    const created = await h.provider.create(inputsFor(h, name));
    const puts = armRequests(h).filter((r) => r.op === "put").length;
    const { outs } = await h.provider.update(
      created.id,
      created.outs,
      inputsFor(h, name, { onDelete: "retain" }),
    );
    assert.equal(armRequests(h).filter((r) => r.op === "put").length, puts);
    await h.provider.delete(created.id, outs);
    assert.equal(inArm()?.status, "Approved");
  });
});

describe("integration: ARM's authorization refusals say which permission, on which scope", function () {
  this.timeout(60_000);
  let h: Harness;
  let name: string;

  beforeEach(async () => {
    h = await startHarness({ deleteRetryAfterSeconds: null });
    name = seedPendingConnection(h).name;
  });
  afterEach(() => h.stop());

  it("403 AuthorizationFailed on PUT names the write permission and the HSM, and is not retried", async () => {
    h.emulator.control.injectFault({
      match: { op: "put" },
      count: 1,
      fault: {
        kind: "status",
        status: 403,
        code: "AuthorizationFailed",
        message:
          "The client 'app' with object id 'obj' does not have authorization to perform action 'Microsoft.KeyVault/managedHSMs/privateEndpointConnections/write' over scope '/subscriptions/x' or the scope is invalid.",
      },
    });
    await assert.rejects(h.provider.create(inputsFor(h, name)), (e: Error) => {
      assert.match(e.message, /HTTP 403: AuthorizationFailed/);
      assert.match(e.message, /x-ms-request-id: /);
      assert.match(
        e.message,
        new RegExp(
          `lacks Microsoft\\.KeyVault/managedHSMs/privateEndpointConnections/write on /subscriptions/[^ ]+/managedHSMs/${HSM} `,
        ),
      );
      assert.doesNotMatch(e.message, /Bearer|eyJ/);
      return true;
    });
    assert.equal(armRequests(h).filter((r) => r.op === "put").length, 1);
  });

  it("403 LinkedAuthorizationFailed on PUT says the linked scope is missing, and is not retried", async () => {
    h.emulator.control.injectFault({
      match: { op: "put" },
      count: 1,
      fault: {
        kind: "status",
        status: 403,
        code: "LinkedAuthorizationFailed",
        message:
          "The client has permission to perform action 'Microsoft.KeyVault/managedHSMs/privateEndpointConnections/write' on scope '/subscriptions/x'; however, it does not have permission to perform action(s) 'Microsoft.Network/privateEndpoints/write' on the linked scope(s) '/subscriptions/y' (respectively) or the linked scope(s) are invalid.",
      },
    });
    await assert.rejects(h.provider.create(inputsFor(h, name)), (e: Error) => {
      assert.match(e.message, /HTTP 403: LinkedAuthorizationFailed/);
      assert.match(e.message, /not the linked resource ARM names/);
      return true;
    });
    assert.equal(armRequests(h).filter((r) => r.op === "put").length, 1);
  });

  it("403 AuthorizationFailed on DELETE names the delete permission", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    h.emulator.control.injectFault({
      match: { op: "delete" },
      count: 1,
      fault: { kind: "status", status: 403, code: "AuthorizationFailed" },
    });
    await assert.rejects(
      h.provider.delete(id, outs),
      /lacks Microsoft\.KeyVault\/managedHSMs\/privateEndpointConnections\/delete on /,
    );
  });
});

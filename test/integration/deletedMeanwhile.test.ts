import { strict as assert } from "node:assert";
import { MhsmPrivateEndpointConnectionPolicyProvider } from "../../provider";
import {
  armRequests,
  FAST_RETRY,
  HSM,
  inputsFor,
  RG,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";
import { waitFor } from "../support/testClocks";

/**
 * A connection another client is deleting, met by a write that only meant to keep it from
 * being used: onDelete "reject" and an approval policy's writes take it as gone, with no write
 * and no error. The other client's DELETE runs until the test ends it (`deleteOutcome: "Never"`,
 * then `completeRunningOperations()`), so nothing here waits on time.
 */
describe("integration: a connection someone else is deleting", function () {
  this.timeout(60_000);
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ deleteOutcome: "Never" });
  });
  afterEach(() => h.stop());

  const ref = (connectionName: string) => ({
    resourceGroupName: RG,
    parentName: HSM,
    connectionName,
  });
  const connectionId = (name: string) =>
    `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.KeyVault` +
    `/managedHSMs/${HSM}/privateEndpointConnections/${name}`;

  /** Another client's DELETE, running until the test completes it. */
  async function theirDelete(name: string): Promise<{ done: Promise<void> }> {
    const other = h.providerWith({ retryPolicy: FAST_RETRY, report: () => undefined });
    const deleting = other.delete(connectionId(name), {
      onDelete: "delete",
    } as unknown as Parameters<typeof other.delete>[1]);
    await waitFor(
      () =>
        h.emulator.control.getConnection(ref(name))?.properties.provisioningState === "Deleting",
      "the other client's DELETE to start",
    );
    // Wrapped: an async function returning the promise itself would wait for it.
    return { done: deleting };
  }

  const waitsFor = (name: string) =>
    waitFor(
      () => h.progress.some((m) => m.startsWith(`waiting for ${name} to finish updating`)),
      `the provider to wait for ${name}`,
    );

  it("onDelete reject waits out their delete: no PUT, no error", async () => {
    const { name } = seedPendingConnection(h);
    const { id, outs } = await h.provider.create(inputsFor(h, name, { onDelete: "reject" }));
    const theirs = await theirDelete(name);
    h.emulator.control.clearRequestLog();
    h.progress.length = 0; // the create's own wait reported the same words
    const ours = h.provider.delete(id, outs);
    await waitsFor(name);
    assert.equal(h.emulator.control.completeRunningOperations(), 1);
    await ours;
    await theirs.done;
    assert.equal(h.emulator.control.getConnection(ref(name)), undefined);
    assert.deepEqual(
      armRequests(h).filter((r) => r.op === "put"),
      [],
    );
  });

  it("onDelete reject after a GET still showing it Approved: ARM's 409, then no error", async () => {
    const { name } = seedPendingConnection(h);
    const { id, outs } = await h.provider.create(inputsFor(h, name, { onDelete: "reject" }));
    const theirs = await theirDelete(name);
    // The GET answered just before their DELETE began: the connection as it was.
    const before = h.emulator.control.getConnection(ref(name));
    assert.ok(before);
    const stale = {
      ...before,
      properties: { ...before.properties, provisioningState: "Succeeded" },
    };
    h.emulator.control.injectFault({
      match: { op: "get" },
      fault: {
        kind: "page",
        status: 200,
        body: JSON.stringify(stale),
        contentType: "application/json",
      },
    });
    h.emulator.control.clearRequestLog();
    await h.provider.delete(id, outs);
    assert.deepEqual(
      armRequests(h).map((r) => `${r.op} ${r.status}`),
      ["get 200", "put 409", "get 200"],
      "one PUT, refused Conflict, not retried once a GET shows it Deleting",
    );
    h.emulator.control.completeRunningOperations();
    await theirs.done;
  });

  it("a policy's write waits out their delete and skips it, writing the others", async () => {
    const leaving = seedPendingConnection(
      h,
      "pe-leaving.00000000-0000-0000-0000-00000000000a",
    ).name;
    const staying = seedPendingConnection(
      h,
      "pe-staying.00000000-0000-0000-0000-00000000000b",
    ).name;
    const progress: string[] = [];
    const policy = new MhsmPrivateEndpointConnectionPolicyProvider({
      retryPolicy: FAST_RETRY,
      report: (m) => progress.push(m),
      notice: () => undefined,
    });
    const theirs = await theirDelete(leaving);
    const created = policy.create({
      subscriptionId: h.emulator.subscriptionId,
      resourceGroupName: RG,
      hsmName: HSM,
      rules: [],
      otherwise: "Rejected",
      scope: "pending",
      exclude: [],
      onDelete: "retain",
    });
    await waitFor(
      () => progress.some((m) => m.startsWith(`waiting for ${leaving} to finish updating`)),
      "the policy to wait for the connection being deleted",
    );
    // Their DELETE, and the policy's write of the other connection if it is still running.
    assert.ok(h.emulator.control.completeRunningOperations() >= 1);
    await created;
    await theirs.done;
    assert.equal(h.emulator.control.getConnection(ref(leaving)), undefined);
    assert.equal(
      h.emulator.control.getConnection(ref(staying))?.properties.privateLinkServiceConnectionState
        .status,
      "Rejected",
    );
  });
});

import { strict as assert } from "node:assert";
import {
  RG,
  HSM,
  inputsFor,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";

/**
 * Which 404s mean "the connection is gone", through the real SDK and ARM's own answers: only
 * the connection's not-found and its HSM's (the parent deleted takes its connections with it).
 * A subscription or resource group that is not there, or a 404 that is not ARM's, says what was
 * not found and where; refresh keeps the resource and destroy is not reported done.
 */
describe("integration: a 404 counts as gone only when ARM says the connection is", function () {
  this.timeout(60_000);
  let h: Harness;
  let id: string;
  let outs: Awaited<ReturnType<Harness["provider"]["create"]>>["outs"];
  const UNKNOWN_SUBSCRIPTION = "9e9e9e9e-0000-4000-8000-000000000009";

  beforeEach(async () => {
    h = await startHarness();
    const name = seedPendingConnection(h).name;
    ({ id, outs } = await h.provider.create(inputsFor(h, name)));
  });
  afterEach(() => h.stop());

  const elsewhere = (from: string, to: string) => id.replace(from, to);

  it("the connection's own 404 (ResourceNotFound) is gone: read returns no id", async () => {
    const other = id.replace(/[^/]+$/, "pe-never.00000000-0000-0000-0000-000000000000");
    const read = await h.provider.read(other, outs);
    assert.equal(read.id, "", "gone from ARM: the engine drops the resource");
  });

  it("the HSM's 404 (ParentResourceNotFound: the HSM was deleted) is gone", async () => {
    const read = await h.provider.read(
      elsewhere(`/managedHSMs/${HSM}/`, "/managedHSMs/hsm-deleted/"),
      outs,
    );
    assert.equal(read.id, "");
  });

  it("SubscriptionNotFound is an error naming the subscription, for read and for delete", async () => {
    const wrong = elsewhere(h.emulator.subscriptionId, UNKNOWN_SUBSCRIPTION);
    for (const call of [() => h.provider.read(wrong, outs), () => h.provider.delete(wrong, outs)]) {
      await assert.rejects(call(), (e: Error) => {
        assert.match(
          e.message,
          /HTTP 404: SubscriptionNotFound: The subscription '9e9e9e9e-[^']+' could not be found/,
        );
        assert.match(e.message, /check subscriptionId/);
        assert.match(e.message, /kept in the state and nothing was deleted/);
        return true;
      });
    }
    assert.ok(
      h.emulator.control.getConnection({
        resourceGroupName: RG,
        parentName: HSM,
        connectionName: outs.privateEndpointConnectionName,
      }),
    );
  });

  it("ResourceGroupNotFound is an error naming the group, for read and for delete", async () => {
    const wrong = elsewhere(`/resourceGroups/${RG}/`, "/resourceGroups/rg-mistyped/");
    for (const call of [() => h.provider.read(wrong, outs), () => h.provider.delete(wrong, outs)]) {
      await assert.rejects(call(), (e: Error) => {
        assert.match(
          e.message,
          /HTTP 404: ResourceGroupNotFound: Resource group 'rg-mistyped' could not be found/,
        );
        assert.match(e.message, /check resourceGroupName/);
        return true;
      });
    }
  });

  it("a 404 page that is not ARM's (a proxy, a mistyped endpoint) keeps the resource, for read and for delete", async () => {
    for (const [op, call] of [
      ["get", () => h.provider.read(id, outs)],
      ["delete", () => h.provider.delete(id, outs)],
    ] as const) {
      h.emulator.control.injectFault({
        match: { op },
        count: 100,
        fault: { kind: "page", status: 404 },
      });
      await assert.rejects(call(), (e: Error) => {
        assert.match(e.message, /answered 404 without an ARM error body/, op);
        assert.match(e.message, /AZURE_RESOURCE_MANAGER_ENDPOINT/, op);
        return true;
      });
      h.emulator.control.clearFaults();
    }
    const connection = h.emulator.control.getConnection({
      resourceGroupName: RG,
      parentName: HSM,
      connectionName: outs.privateEndpointConnectionName,
    });
    assert.equal(connection?.properties.privateLinkServiceConnectionState.status, "Approved");
  });
});

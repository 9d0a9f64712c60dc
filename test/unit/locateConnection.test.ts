import { strict as assert } from "node:assert";
import { check } from "../../provider/hooks/check";
import { diff } from "../../provider/hooks/diff";
import { MANAGED_HSM } from "../../provider/arm/parentKinds";
import {
  CONN,
  PE_ID,
  SUB,
  connection,
  harness,
  inputs,
  rejection,
  totalApiCalls,
} from "./support/fakes";

const OTHER_PE = PE_ID.replace("pe-contoso", "pe-other");

function byEndpoint(extra: Record<string, unknown> = {}) {
  const { privateEndpointConnectionName: _name, ...rest } = inputs();
  return { ...rest, privateEndpointId: PE_ID, ...extra };
}

describe("selecting the connection by its private endpoint, and waiting for it", () => {
  describe("check", () => {
    it("accepts privateEndpointId instead of privateEndpointConnectionName", () => {
      const { failures, inputs: checked } = check(MANAGED_HSM, {}, byEndpoint());
      assert.deepEqual(failures, []);
      assert.equal(checked.privateEndpointId, PE_ID);
      assert.equal(checked.privateEndpointConnectionName, undefined);
    });

    it("refuses both, and neither, naming the rule", () => {
      const both = check(MANAGED_HSM, {}, { ...inputs(), privateEndpointId: PE_ID });
      assert.match(
        both.failures[0].reason,
        /exactly one of privateEndpointConnectionName and privateEndpointId/,
      );
      const neither = check(MANAGED_HSM, {}, { ...byEndpoint(), privateEndpointId: undefined });
      assert.equal(neither.failures[0].property, "privateEndpointConnectionName");
      assert.match(neither.failures[0].reason, /or privateEndpointId/);
    });

    for (const bad of [
      "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe",
      PE_ID.replace("Microsoft.Network/privateEndpoints", "Microsoft.KeyVault/managedHSMs"),
      PE_ID.replace("pe-contoso", "p"),
      `${PE_ID}/extra`,
      "pe-contoso",
    ]) {
      it(`refuses privateEndpointId '${bad}' with the rule`, () => {
        const { failures } = check(MANAGED_HSM, {}, byEndpoint({ privateEndpointId: bad }));
        assert.equal(failures.length, 1);
        assert.equal(failures[0].property, "privateEndpointId");
        assert.match(
          failures[0].reason,
          /privateEndpointId '.*' (must be the ARM id of a private endpoint|is not a valid private endpoint id)/,
        );
      });
    }

    for (const bad of [-1, "10", Number.NaN, 86_401]) {
      it(`refuses waitForConnectionSeconds ${String(bad)}`, () => {
        const { failures } = check(MANAGED_HSM, {}, byEndpoint({ waitForConnectionSeconds: bad }));
        assert.equal(failures.length, 1);
        assert.equal(failures[0].property, "waitForConnectionSeconds");
      });
    }
  });

  describe("diff", () => {
    const olds = { ...inputs(), privateEndpointId: PE_ID, connectionId: "id", status: "Approved" };

    it("switching from the name to the same endpoint (any casing) is no change", () => {
      const result = diff(
        MANAGED_HSM,
        olds,
        byEndpoint({ privateEndpointId: PE_ID.toLowerCase() }),
      );
      assert.equal(result.changes, false);
    });

    it("another endpoint replaces, creating the replacement first", () => {
      const result = diff(MANAGED_HSM, olds, byEndpoint({ privateEndpointId: OTHER_PE }));
      assert.deepEqual(result.replaces, ["privateEndpointId"]);
      assert.equal(result.deleteBeforeReplace, false);
    });
  });

  describe("create", () => {
    it("lists the HSM's connections and adopts the one whose privateEndpoint.id matches (case-insensitively)", async () => {
      const h = harness();
      h.api.list.resolves([
        connection({ name: "other.1", privateEndpointId: OTHER_PE }),
        connection({ privateEndpointId: PE_ID.toUpperCase() }),
      ]);
      h.api.put.resolves({
        state: connection({ status: "Approved", provisioningState: "Updating" }),
      });
      h.api.get.resolves(connection({ status: "Approved" }));
      const { outs } = await h.provider.create(byEndpoint());
      assert.equal(outs.privateEndpointConnectionName, CONN);
      assert.equal(h.api.put.firstCall.args[0].connectionName, CONN);
      assert.equal(h.api.list.firstCall.args[0].subscriptionId, SUB);
    });

    it("two matches: an error listing both", async () => {
      const h = harness();
      h.api.list.resolves([connection({ name: "a.1" }), connection({ name: "b.2" })]);
      const error = await rejection(h.provider.create(byEndpoint()));
      assert.match(error.message, /has 2 connections from private endpoint/);
      assert.match(error.message, /a\.1 \(Pending, from .*\), b\.2/);
      assert.equal(h.api.put.callCount, 0);
    });

    it("no match and no wait: an error listing what was found, with endpoints", async () => {
      const h = harness();
      h.api.list.resolves([connection({ name: "other.1", privateEndpointId: OTHER_PE })]);
      const error = await rejection(h.provider.create(byEndpoint()));
      assert.match(
        error.message,
        /A connection from private endpoint '.*pe-contoso' was not found/,
      );
      assert.match(error.message, /other\.1 \(Pending, from .*pe-other\)/);
      assert.equal(h.clock.slept, 0);
    });

    it("waits for the connection to appear, with backoff and progress", async () => {
      const h = harness();
      h.api.list.onCall(0).resolves([]);
      h.api.list.onCall(1).resolves([]);
      h.api.list.onCall(2).resolves([connection({ status: "Approved" })]);
      const { outs } = await h.provider.create(byEndpoint({ waitForConnectionSeconds: 60 }));
      assert.equal(outs.status, "Approved");
      assert.equal(h.api.list.callCount, 3);
      assert.deepEqual(h.clock.sleeps, [1000, 1500]);
      assert.ok(
        h.reports.some((r) =>
          /waiting for A connection from private endpoint .* 0s of 60s/.test(r),
        ),
      );
      assert.equal(h.api.put.callCount, 0, "already Approved: no write");
    });

    it("by name, waits on GET 404 until the connection exists", async () => {
      const h = harness();
      h.api.get.onCall(0).resolves(undefined);
      h.api.get.onCall(1).resolves(connection({ status: "Approved" }));
      const { outs } = await h.provider.create(inputs({ waitForConnectionSeconds: 30 }));
      assert.equal(outs.privateEndpointConnectionName, CONN);
      assert.deepEqual(h.clock.sleeps, [1000]);
    });

    it("gives up after waitForConnectionSeconds, saying how long it waited", async () => {
      const h = harness();
      h.api.list.resolves([]);
      const error = await rejection(h.provider.create(byEndpoint({ waitForConnectionSeconds: 5 })));
      assert.match(error.message, /was not found on Managed HSM .* after waiting 5s/);
      assert.equal(h.clock.slept, 5000);
      assert.ok(totalApiCalls(h.api) >= 4);
    });
  });
});

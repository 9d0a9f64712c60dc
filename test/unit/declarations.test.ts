import { strict as assert } from "node:assert";
import { KEY_VAULT, MANAGED_HSM } from "../../provider/arm/parentKinds";
import type { ConnectionRef } from "../../provider/arm/ids";
import { DeclaredInDeployment } from "../../provider/declarations";
import {
  CONN,
  CONN_ID,
  HSM,
  PE_ID,
  REF,
  RG,
  SUB,
  connection,
  harness,
  inputs,
  outputs,
  totalApiCalls,
} from "./support/fakes";

const OTHER = "pe-other.00000000-0000-0000-0000-000000000002";

/** As the engine hands them to check: the program's inputs, without the serialized provider. */
function program(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...inputs(), ...overrides };
}

describe("what the deployment declares (declarations.ts)", () => {
  describe("the record", () => {
    const parent = { ...REF } as Omit<ConnectionRef, "connectionName"> & {
      connectionName?: string;
    };
    delete parent.connectionName;

    it("matches a connection by name as ARM compares names, and by its endpoint's id", () => {
      const d = new DeclaredInDeployment();
      d.declareConnection(parent, { name: CONN.toUpperCase() });
      assert.ok(d.declarerOf(REF));
      assert.equal(d.declarerOf({ ...REF, connectionName: OTHER }), undefined);
      assert.equal(d.declarerOf({ ...REF, parentName: "other-hsm" }), undefined);
      assert.equal(d.declarerOf({ ...REF, profile: KEY_VAULT.profile }), undefined, "another kind");
      d.declareConnection(parent, { privateEndpointId: PE_ID });
      assert.ok(d.declarerOf({ ...REF, connectionName: OTHER }, PE_ID.toLowerCase()));
      assert.equal(d.declarerOf({ ...REF, connectionName: OTHER }, `${PE_ID}2`), undefined);
    });

    it("a policy declares its parent's connections but those it excludes", () => {
      const d = new DeclaredInDeployment();
      assert.equal(d.declaresPolicyOf(parent), false);
      d.declarePolicy(parent, [OTHER.toUpperCase()]);
      assert.ok(d.declaresPolicyOf(parent));
      assert.match(d.declarerOf(REF) ?? "", /approval policy/);
      assert.equal(d.declarerOf({ ...REF, connectionName: OTHER }), undefined, "excluded");
    });
  });

  describe("a connection resource's delete", () => {
    for (const onDelete of ["delete", "reject"] as const) {
      it(`leaves a connection this deployment's check declared to it (onDelete ${onDelete}): no ARM call`, async () => {
        const h = harness();
        h.api.get.resolves(connection({ status: "Approved" }));
        const checked = await h.provider.check({}, program());
        assert.deepEqual(checked.failures, []);
        const before = totalApiCalls(h.api);
        await h.provider.delete(CONN_ID, outputs({ status: "Approved", onDelete }));
        assert.equal(totalApiCalls(h.api), before, "nothing sent to ARM");
        assert.ok(
          h.reports.some((r) => r.includes(CONN_ID) && r.includes(`onDelete "${onDelete}"`)),
          h.reports.join("\n"),
        );
      });
    }

    it("deletes a connection nothing of this deployment declares (destroy, a removed resource)", async () => {
      const h = harness();
      h.api.get.resolves(connection({ name: OTHER, status: "Approved" }));
      await h.provider.check({}, program({ privateEndpointConnectionName: OTHER }));
      h.api.beginDelete.resolves({ kind: "gone", statusCode: 404 });
      await h.provider.delete(CONN_ID, outputs({ status: "Approved" }));
      assert.equal(h.api.beginDelete.callCount, 1);
      assert.deepEqual(h.api.beginDelete.firstCall.args[0], REF);
    });

    it("leaves a connection a create found by its endpoint (the id is known only then)", async () => {
      const h = harness();
      h.api.list.resolves([connection({ status: "Pending" })]);
      h.api.get.resolves(connection({ status: "Approved" }));
      h.api.put.resolves({ state: connection({ status: "Approved" }) });
      const selected = { ...inputs(), privateEndpointConnectionName: undefined };
      await h.provider.create({ ...selected, privateEndpointId: PE_ID });
      const before = totalApiCalls(h.api);
      await h.provider.delete(CONN_ID, outputs({ status: "Approved" }));
      assert.equal(totalApiCalls(h.api), before);
    });

    it("leaves a connection the approval policy of its parent declares and does not exclude", async () => {
      const h = harness();
      h.ctx.declarations.declarePolicy(
        {
          subscriptionId: SUB,
          resourceGroupName: RG,
          profile: MANAGED_HSM.profile,
          parentName: HSM,
        },
        [OTHER],
      );
      await h.provider.delete(CONN_ID, outputs({ status: "Approved" }));
      assert.equal(totalApiCalls(h.api), 0);
    });
  });

  describe("check of a new name for an existing resource", () => {
    const state = () => program();

    it("refuses a name that names no connection, before any write, naming the field", async () => {
      const h = harness();
      h.api.get.resolves(undefined);
      const checked = await h.provider.check(
        state(),
        program({ privateEndpointConnectionName: OTHER }),
      );
      assert.equal(checked.failures.length, 1);
      assert.equal(checked.failures[0].property, "privateEndpointConnectionName");
      assert.match(checked.failures[0].reason, new RegExp(`${OTHER} does not exist`));
      assert.match(checked.failures[0].reason, /waitForConnectionSeconds/);
      assert.equal(h.api.get.callCount, 1);
      assert.equal(h.api.get.firstCall.args[0].connectionName, OTHER);
      assert.equal(h.api.put.callCount + h.api.beginDelete.callCount, 0);
    });

    it("passes a name that exists, and records it as declared", async () => {
      const h = harness();
      h.api.get.resolves(connection({ name: OTHER }));
      const checked = await h.provider.check(
        state(),
        program({ privateEndpointConnectionName: OTHER }),
      );
      assert.deepEqual(checked.failures, []);
      assert.ok(h.ctx.declarations.declarerOf({ ...REF, connectionName: OTHER }));
    });

    it("reads nothing when the name is the same (in any case) or the connection may still appear", async () => {
      const h = harness();
      await h.provider.check(
        state(),
        program({ privateEndpointConnectionName: CONN.toUpperCase() }),
      );
      await h.provider.check(
        state(),
        program({ privateEndpointConnectionName: OTHER, waitForConnectionSeconds: 60 }),
      );
      assert.equal(totalApiCalls(h.api), 0);
    });

    it("leaves other failures of the read to the operation", async () => {
      const h = harness();
      h.api.get.rejects(new Error("socket hang up"));
      const checked = await h.provider.check(
        state(),
        program({ privateEndpointConnectionName: OTHER }),
      );
      assert.deepEqual(checked.failures, []);
    });
  });

  it("a failed check declares nothing", async () => {
    const h = harness();
    const checked = await h.provider.check({}, program({ status: "Pending" }));
    assert.equal(checked.failures.length, 1);
    assert.equal(h.ctx.declarations.declarerOf(REF), undefined);
    h.api.beginDelete.resolves({ kind: "gone", statusCode: 404 });
    await h.provider.delete(CONN_ID, outputs({ status: "Approved" }));
    assert.equal(h.api.beginDelete.callCount, 1);
  });
});

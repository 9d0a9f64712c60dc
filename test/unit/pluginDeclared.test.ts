import { strict as assert } from "node:assert";
import { isDeepStrictEqual } from "node:util";
import * as sinon from "sinon";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ReadRequest } from "@pulumi/pulumi/proto/provider_pb";
import { pluginProvider } from "../../provider/plugin/pluginProvider";
import { passReadInputs, recordedInputsOf } from "../../provider/plugin/readInputs";
import { CONN, CONN_ID, HSM, RG, SUB, connection, fakeApi } from "./support/fakes";
import { DeclaredInDeployment } from "../../provider/declarations";

/**
 * The plugin records only what the program declared: check's inputs, create's and update's
 * outputs and a refresh's inputs hold no default the program left out, so the engine's diff of
 * the recorded inputs against the program's (what `[diff: ...]` shows) names only real drift.
 */
const URN = "urn:pulumi:dev::p::azure-mhsm-pec:index:MhsmPrivateEndpointConnection::pec";
const READ_INPUTS = "__pulumiReadInputs";
const DECLARED = { resourceGroupName: RG, hsmName: HSM, privateEndpointConnectionName: CONN };

function setup() {
  const api = fakeApi();
  const plugin = pluginProvider("1.0.0", {
    connectionsApi: sinon.stub().returns(api),
    env: { AZURE_SUBSCRIPTION_ID: SUB },
    report: () => undefined,
    declarations: new DeclaredInDeployment(),
  });
  return { api, plugin };
}

/** The top-level keys whose values differ: what the engine shows when a diff has no detail. */
function changedKeys(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => !isDeepStrictEqual(olds[k], news[k])).sort();
}

describe("provider plugin: only what the program declared", () => {
  it("check returns the declared inputs (and the subscription it resolved), no defaults", async () => {
    const { plugin } = setup();
    const checked = await plugin.check!(URN, {}, DECLARED);
    assert.deepEqual(checked.failures, []);
    assert.deepEqual(checked.inputs, { ...DECLARED, subscriptionId: SUB });
    const given = { ...DECLARED, waitForConnectionSeconds: 0, onDelete: "retain" };
    assert.deepEqual((await plugin.check!(URN, {}, given)).inputs, {
      ...given,
      subscriptionId: SUB,
    });
  });

  it("create applies the defaults for the hooks and records no input the program left out", async () => {
    const { plugin, api } = setup();
    const { inputs } = await plugin.check!(URN, {}, DECLARED);
    api.get.resetHistory();
    api.get.resolves(connection({ status: "Approved" }));
    api.get.onFirstCall().resolves(connection());
    api.put.resolves({ state: connection({ status: "Approved" }) });
    const created = await plugin.create!(URN, inputs);
    assert.equal(api.put.firstCall.args[1].status, "Approved", "the default status was written");
    const outs = created.outs as Record<string, unknown>;
    assert.equal(outs.status, "Approved", "ARM's status is an output");
    for (const undeclared of ["onDelete", "waitForConnectionSeconds", "timeouts"]) {
      assert.ok(!(undeclared in outs), `${undeclared} is not recorded`);
    }
  });

  it("create records the input-only properties the program gave, as it gave them", async () => {
    const { plugin, api } = setup();
    api.get.resolves(connection({ status: "Approved" }));
    const declared = { ...DECLARED, waitForConnectionSeconds: 30, timeouts: { delete: 60 } };
    const { inputs } = await plugin.check!(URN, {}, declared);
    const outs = (await plugin.create!(URN, inputs)).outs as Record<string, unknown>;
    assert.equal(outs.waitForConnectionSeconds, 30);
    assert.deepEqual(outs.timeouts, { delete: 60 });
    assert.ok(!("onDelete" in outs));
  });

  for (const [what, declared] of [
    ["the minimal program", DECLARED],
    [
      "a program that sets every input",
      {
        ...DECLARED,
        status: "Approved",
        waitForConnectionSeconds: 0,
        timeouts: { create: 60 },
        onDelete: "delete",
      },
    ],
  ] as const) {
    it(`after drift, refresh's inputs differ from ${what}'s by the drift alone`, async () => {
      const { plugin, api } = setup();
      api.get.resolves(connection({ status: "Approved" }));
      const { inputs } = await plugin.check!(URN, {}, declared);
      const outs = (await plugin.create!(URN, inputs)).outs as Record<string, unknown>;

      api.get.resolves(connection({ status: "Approved", description: "edited in the portal" }));
      const read = await plugin.read!(CONN_ID, URN, { ...outs, [READ_INPUTS]: inputs });
      const refreshed = read.inputs as Record<string, unknown>;
      assert.deepEqual(changedKeys(inputs as Record<string, unknown>, refreshed), ["description"]);
      assert.deepEqual(changedKeys(outs, read.props as Record<string, unknown>), ["description"]);

      const again = await plugin.check!(URN, refreshed, declared);
      assert.deepEqual(changedKeys(refreshed, again.inputs as Record<string, unknown>), [
        "description",
      ]);
      const diff = await plugin.diff!(CONN_ID, URN, read.props, again.inputs);
      assert.equal(diff.changes, true, "up puts the description back");
    });
  }

  it("a status the program left out is refreshed only when ARM's is not the default", async () => {
    const { plugin, api } = setup();
    const inputs = { ...DECLARED, subscriptionId: SUB };
    api.get.resolves(connection({ status: "Approved" }));
    const outs = (await plugin.create!(URN, inputs)).outs as Record<string, unknown>;
    const same = await plugin.read!(CONN_ID, URN, { ...outs, [READ_INPUTS]: inputs });
    assert.deepEqual(same.inputs, inputs);
    api.get.resolves(connection({ status: "Pending" }));
    const drifted = await plugin.read!(CONN_ID, URN, { ...outs, [READ_INPUTS]: inputs });
    assert.deepEqual(drifted.inputs, { ...inputs, status: "Pending" });
    const diff = await plugin.diff!(CONN_ID, URN, drifted.props, inputs);
    assert.equal(diff.changes, true, "the default status is still declared");
  });

  it("an import (no recorded inputs) records what ARM has, without the defaults", async () => {
    const { plugin, api } = setup();
    api.get.resolves(connection({ status: "Approved" }));
    const read = await plugin.read!(CONN_ID, URN, { [READ_INPUTS]: {} });
    assert.deepEqual(read.inputs, { ...DECLARED, subscriptionId: SUB, status: "Approved" });
    assert.ok(!("onDelete" in (read.props as Record<string, unknown>)));
  });

  it("the Read request's recorded inputs reach read beside the properties, then leave them", () => {
    passReadInputs();
    passReadInputs(); // idempotent
    const request = new ReadRequest();
    request.setProperties(Struct.fromJavaScript({ status: "Approved" }));
    request.setInputs(Struct.fromJavaScript({ onDelete: "retain" }));
    const props = request.getProperties()?.toJavaScript() ?? {};
    assert.deepEqual(recordedInputsOf(props), {
      props: { status: "Approved" },
      recorded: { onDelete: "retain" },
    });
    const without = new ReadRequest();
    without.setProperties(Struct.fromJavaScript({ status: "Approved" }));
    assert.deepEqual(recordedInputsOf(without.getProperties()?.toJavaScript() ?? {}), {
      props: { status: "Approved" },
      recorded: undefined,
    });
  });
});

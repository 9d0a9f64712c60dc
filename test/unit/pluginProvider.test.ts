import { strict as assert } from "node:assert";
import * as sinon from "sinon";
import { ArmOperationError } from "../../provider/arm/errors";
import { MhsmPrivateEndpointConnectionProvider } from "../../provider/provider";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { CreateRequest, DeleteRequest, UpdateRequest } from "@pulumi/pulumi/proto/provider_pb";
import { pluginProvider } from "../../provider/plugin/pluginProvider";
import { passRequestTimeouts } from "../../provider/plugin/requestTimeouts";
import { MALFORMED_INPUTS } from "../support/malformedInputs";
import { DeclaredInDeployment } from "../../provider/declarations";
import {
  CONN,
  CONN_ID,
  HSM,
  RG,
  SUB,
  connection,
  fakeApi,
  inputs,
  outputs,
  rejection,
} from "./support/fakes";

/**
 * The plugin's face of the hooks: the type comes from the URN, secrets are unwrapped, and
 * everything else (validation, faults, what read returns for an import) is the dynamic
 * provider's, compared call for call.
 */
const MHSM_URN = "urn:pulumi:dev::yaml::azure-mhsm-pec:index:MhsmPrivateEndpointConnection::pec";
const VAULT_URN =
  "urn:pulumi:dev::yaml::my:index:Component$azure-mhsm-pec:index:KeyVaultPrivateEndpointConnection::pec";
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

function setup() {
  const api = fakeApi();
  const reports: string[] = [];
  const options = {
    connectionsApi: sinon.stub().returns(api),
    env: { AZURE_SUBSCRIPTION_ID: SUB },
    report: (m: string) => void reports.push(m),
    declarations: new DeclaredInDeployment(),
  };
  return {
    api,
    reports,
    factory: options.connectionsApi,
    plugin: pluginProvider("9.9.9", options),
    dynamic: new MhsmPrivateEndpointConnectionProvider(options),
  };
}

const VALID = { resourceGroupName: RG, hsmName: HSM, privateEndpointConnectionName: CONN };

describe("provider plugin", () => {
  it("serves its version and a schema of that version", () => {
    const { plugin } = setup();
    assert.equal(plugin.version, "9.9.9");
    assert.equal((JSON.parse(plugin.schema ?? "{}") as { version: string }).version, "9.9.9");
  });

  it("refuses a resource type it does not serve, naming it and the ones it does", async () => {
    const { plugin } = setup();
    const error = await rejection(
      plugin.check!("urn:pulumi:dev::p::azure-mhsm-pec:index:Nope::x", {}, VALID),
    );
    assert.match(error.message, /unknown resource type 'azure-mhsm-pec:index:Nope'/);
    assert.match(
      error.message,
      /MhsmPrivateEndpointConnection, .*KeyVaultPrivateEndpointConnection/,
    );
  });

  it("finds the type of a resource with a parent (parent$type in the URN)", async () => {
    const { plugin } = setup();
    const { hsmName: _, ...withoutHsm } = VALID;
    const result = await plugin.check!(VAULT_URN, {}, withoutHsm);
    assert.deepEqual(
      result.failures?.map((f) => f.property),
      ["vaultName"],
    );
  });

  it("reports every malformed input exactly as the dynamic provider does", async () => {
    const { plugin, dynamic, api } = setup();
    for (const bad of MALFORMED_INPUTS) {
      const news = { ...VALID, subscriptionId: SUB, ...bad.news };
      const fromPlugin = await plugin.check!(MHSM_URN, {}, news);
      const fromDynamic = await dynamic.check({}, news);
      assert.deepEqual(fromPlugin.failures, fromDynamic.failures, JSON.stringify(bad.news));
      assert.ok(
        fromPlugin.failures?.some((f) => f.property === bad.property && bad.reason.test(f.reason)),
      );
    }
    assert.equal(api.get.callCount + api.put.callCount, 0);
  });

  it("unwraps secret inputs for the hooks and returns those properties secret again", async () => {
    const { plugin, api } = setup();
    const description = { ...SECRET, value: "approved by ticket 42" };
    const checked = await plugin.check!(MHSM_URN, {}, { ...VALID, description });
    // The hook saw a string (a wrapper would fail "description must be a string").
    assert.deepEqual(checked.failures, []);
    const inputs = checked.inputs as Record<string, unknown>;
    assert.deepEqual(inputs.description, description);
    assert.equal(inputs.hsmName, HSM, "other properties stay plain");

    api.get.resolves(connection({ status: "Approved", description: "approved by ticket 42" }));
    const created = await plugin.create!(MHSM_URN, inputs);
    const outs = created.outs as Record<string, unknown>;
    assert.deepEqual(outs.description, description);
    assert.equal(outs.status, "Approved");
    assert.equal(api.put.callCount, 0, "ARM already had it, the hook compared plain values");

    const read = await plugin.read!(CONN_ID, MHSM_URN, outs);
    assert.deepEqual((read.props as Record<string, unknown>).description, description);
    assert.deepEqual((read.inputs as Record<string, unknown>).description, description);
  });

  it("diffs as the dynamic provider does", async () => {
    const { plugin, dynamic } = setup();
    const olds: Record<string, unknown> = { ...outputs() };
    const news = { ...inputs(), status: "Rejected", hsmName: HSM.toUpperCase() };
    assert.deepEqual(
      await plugin.diff!(CONN_ID, MHSM_URN, olds, news),
      await dynamic.diff(CONN_ID, olds, news),
    );
  });

  it("read (import: no state yet) returns inputs and outputs from ARM and the id", async () => {
    const { plugin, api } = setup();
    api.get.resolves(connection({ status: "Approved", description: "ok" }));
    const result = await plugin.read!(CONN_ID, MHSM_URN, {});
    assert.equal(result.id, CONN_ID);
    assert.deepEqual(result.inputs, {
      subscriptionId: SUB,
      resourceGroupName: RG,
      hsmName: HSM,
      privateEndpointConnectionName: CONN,
      status: "Approved",
      description: "ok",
    });
    assert.equal((result.props as { connectionId: string }).connectionId, CONN_ID);
  });

  it("read of a vault connection's id through the HSM type fails before any ARM call", async () => {
    const { plugin, api } = setup();
    const error = await rejection(
      plugin.read!(CONN_ID.replace("managedHSMs", "vaults"), MHSM_URN, {}),
    );
    assert.match(error.message, /not of a Managed HSM/);
    assert.equal(api.get.callCount, 0);
  });

  it("create approves through the hooks and fails with ARM's words when ARM refuses", async () => {
    const { plugin, api } = setup();
    api.get.resolves(connection());
    api.put.rejects(
      new ArmOperationError(`PUT ${CONN_ID}`, {
        statusCode: 409,
        code: "Conflict",
        armMessage: "another operation is in progress",
        requestId: "req-1",
      }),
    );
    const error = await rejection(plugin.create!(MHSM_URN, inputs()));
    assert.match(error.message, /Conflict/);
    assert.match(error.message, /another operation is in progress/);
    assert.match(error.message, /req-1/);
  });

  it("delete of a connection already gone succeeds (re-running a destroy is safe)", async () => {
    const { plugin, api } = setup();
    api.beginDelete.resolves({ kind: "gone", statusCode: 404 });
    await plugin.delete!(CONN_ID, MHSM_URN, outputs());
    assert.equal(api.beginDelete.callCount, 1);
  });
});

const ANY_URN = "urn:pulumi:dev::yaml::azure-mhsm-pec:index:PrivateEndpointConnection::pec";
const POLICY_URN =
  "urn:pulumi:dev::yaml::azure-mhsm-pec:index:PrivateEndpointConnectionPolicy::policy";
const STORAGE = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/acct`;

describe("provider plugin: the resources of any service", () => {
  it("imports a storage account's connection by its id, naming the parent by parentResourceId", async () => {
    const { plugin, api } = setup();
    const id = `${STORAGE}/privateEndpointConnections/${CONN}`;
    api.get.resolves(connection({ id, status: "Approved" }));
    const result = await plugin.read!(id, ANY_URN, {});
    assert.equal(result.id, id);
    assert.deepEqual(result.inputs, {
      parentResourceId: STORAGE,
      privateEndpointConnectionName: CONN,
      status: "Approved",
    });
    assert.equal(
      api.get.firstCall.args[0].profile.resourceType,
      "Microsoft.Storage/storageAccounts",
    );
  });

  it("checks parentResourceId before any ARM call, for the connection and the policy", async () => {
    const { plugin, factory } = setup();
    const connectionCheck = await plugin.check!(ANY_URN, {}, { parentResourceId: "acct" });
    assert.deepEqual(
      connectionCheck.failures?.map((f) => f.property),
      ["parentResourceId", "privateEndpointConnectionName"],
    );
    const policyCheck = await plugin.check!(
      POLICY_URN,
      {},
      { parentResourceId: "acct", rules: [] },
    );
    assert.deepEqual(
      policyCheck.failures?.map((f) => f.property),
      ["parentResourceId"],
    );
    assert.equal(factory.callCount, 0);
  });
});

describe("provider plugin: customTimeouts", () => {
  const KEY = "__pulumiRequestTimeoutSeconds";

  it("the request getters the server reads carry the engine's timeout into the properties", () => {
    passRequestTimeouts();
    const create = new CreateRequest();
    create.setProperties(Struct.fromJavaScript({ resourceGroupName: RG }));
    create.setTimeout(120);
    assert.deepEqual(create.getProperties()?.toJavaScript(), { resourceGroupName: RG, [KEY]: 120 });
    const update = new UpdateRequest();
    update.setNews(Struct.fromJavaScript({ status: "Approved" }));
    update.setTimeout(30);
    assert.equal(update.getNews()?.toJavaScript()[KEY], 30);
    const without = new DeleteRequest();
    without.setProperties(Struct.fromJavaScript({ etag: "1" }));
    assert.deepEqual(without.getProperties()?.toJavaScript(), { etag: "1" }, "no timeout: as sent");
  });

  it("update returns the outputs of a secret input secret again", async () => {
    const { plugin, api } = setup();
    api.get.onFirstCall().resolves(connection({ status: "Approved", description: "old" }));
    api.get.resolves(connection({ status: "Approved", description: "ticket 43" }));
    api.put.resolves({
      state: connection({ status: "Approved", description: "ticket 43" }),
      requestId: "r",
    });
    const description = { ...SECRET, value: "ticket 43" };
    const olds = { ...outputs({ description: "old" }) } as unknown as Record<string, unknown>;
    const news = { ...VALID, subscriptionId: SUB, status: "Approved", description };
    const updated = await plugin.update!(CONN_ID, MHSM_URN, olds, news);
    assert.equal(api.put.callCount, 1, "the description changed: one write");
    assert.deepEqual(updated.outs.description, description, "wrapped secret, never in clear");
    assert.equal(updated.outs.status, "Approved", "other outputs stay plain");
  });

  it("a check failure quoting a name the program declared secret does not print it", async () => {
    const { plugin } = setup();
    const bad = "rg with spaces!";
    const news = { ...VALID, subscriptionId: SUB, resourceGroupName: { ...SECRET, value: bad } };
    const fromPlugin = await plugin.check!(MHSM_URN, {}, news);
    const failure = fromPlugin.failures?.find((f) => f.property === "resourceGroupName");
    assert.ok(failure, JSON.stringify(fromPlugin.failures));
    assert.ok(!failure.reason.includes(bad), failure.reason);
    assert.match(failure.reason, /resourceGroupName '\[secret\]'/);
  });

  it("create, update and delete wait as long as customTimeouts says; the state keeps the timeouts as given", async () => {
    const { plugin, api, factory } = setup();
    api.get.resolves(connection({ status: "Approved" }));
    const given = { ...VALID, subscriptionId: SUB, status: "Approved", timeouts: { update: 600 } };
    const created = await plugin.create!(MHSM_URN, { ...given, [KEY]: 90 });
    assert.deepEqual(created.outs.timeouts, { update: 600 }, "as the program gave them");
    assert.ok(!(KEY in created.outs));
    const updated = await plugin.update!(CONN_ID, MHSM_URN, created.outs, { ...given, [KEY]: 45 });
    assert.ok(!(KEY in updated.outs));
    // A destroy is a deployment of its own: there, nothing declares the connection.
    const destroy = setup();
    destroy.api.beginDelete.resolves({ kind: "gone", statusCode: 404 });
    await destroy.plugin.delete!(CONN_ID, MHSM_URN, { ...outputs(), [KEY]: 15 });
    const budgets = [...factory.getCalls(), ...destroy.factory.getCalls()].map(
      (call) => (call.args[1] as { budgetMs: number }).budgetMs / 1000,
    );
    assert.deepEqual(budgets, [90, 45, 15], "each operation's deadline is the request's timeout");
  });
});

import { strict as assert } from "node:assert";
import { ConfigurationError } from "../../provider/config";
import { KEY_VAULT } from "../../provider/arm/parentKinds";
import {
  KeyVaultPrivateEndpointConnectionProvider,
  MhsmPrivateEndpointConnectionProvider,
} from "../../provider/provider";
import {
  CONN,
  FakeClock,
  HSM,
  RG,
  SUB,
  connection,
  fakeApi,
  harness,
  inputs,
  rejection,
} from "./support/fakes";

describe("provider (public entry)", () => {
  it("is constructible with no arguments", () => {
    const provider = new MhsmPrivateEndpointConnectionProvider();
    assert.equal(typeof provider.check, "function");
    assert.equal(typeof provider.delete, "function");
  });

  it("reads process.env at each call when given no env", async () => {
    const saved = {
      AZURE_SUBSCRIPTION_ID: process.env.AZURE_SUBSCRIPTION_ID,
      ARM_SUBSCRIPTION_ID: process.env.ARM_SUBSCRIPTION_ID,
    };
    const provider = new MhsmPrivateEndpointConnectionProvider({ connectionsApi: () => fakeApi() });
    const news = { resourceGroupName: RG, hsmName: HSM, privateEndpointConnectionName: CONN };
    try {
      delete process.env.ARM_SUBSCRIPTION_ID;
      process.env.AZURE_SUBSCRIPTION_ID = SUB;
      assert.equal((await provider.check({}, news)).inputs.subscriptionId, SUB);
      delete process.env.AZURE_SUBSCRIPTION_ID;
      const { failures } = await provider.check({}, news);
      assert.deepEqual(
        failures.map((f) => f.property),
        ["subscriptionId"],
      );
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("reads the given env at each call, so a changed environment takes effect", async () => {
    const h = harness();
    const news = { resourceGroupName: RG, hsmName: HSM, privateEndpointConnectionName: CONN };
    assert.equal((await h.provider.check({}, news)).failures.length, 1);
    h.env.ARM_SUBSCRIPTION_ID = SUB;
    assert.deepEqual((await h.provider.check({}, news)).failures, []);
  });

  it("without a connectionsApi, resolves ARM settings at call time and refuses a bad environment before any request", async () => {
    for (const env of [
      { AZURE_ENVIRONMENT: "Mars" },
      { AZURE_RESOURCE_MANAGER_ENDPOINT: "http://127.0.0.1:1" },
    ]) {
      const provider = new MhsmPrivateEndpointConnectionProvider({ env, clock: new FakeClock() });
      const error = await rejection(provider.create(inputs()));
      assert.ok(error instanceof ConfigurationError, String(error));
    }
  });

  it("the key vault provider validates and diffs vaultName", async () => {
    const api = fakeApi();
    const provider = new KeyVaultPrivateEndpointConnectionProvider({
      connectionsApi: () => api,
      clock: new FakeClock(),
      report: () => undefined,
      env: {},
    });
    const news = {
      subscriptionId: SUB,
      resourceGroupName: RG,
      vaultName: "kv-1",
      privateEndpointConnectionName: CONN,
    };
    assert.deepEqual((await provider.check({}, news)).failures, []);
    const result = await provider.diff(
      "id",
      { ...news, status: "Approved" },
      { ...news, vaultName: "kv-2", status: "Approved" },
    );
    assert.deepEqual(result.replaces, ["vaultName"]);
  });

  it("the key vault provider reaches ARM with the vault profile and the vault's name", async () => {
    const api = fakeApi();
    api.get.resolves(connection({ status: "Approved" }));
    const provider = new KeyVaultPrivateEndpointConnectionProvider({
      connectionsApi: () => api,
      clock: new FakeClock(),
      report: () => undefined,
      env: {},
    });
    await provider.create({ ...inputs({ hsmName: undefined }), vaultName: "kv-1" });
    const ref = api.get.firstCall.args[0];
    assert.equal(ref.profile, KEY_VAULT.profile);
    assert.equal(ref.parentName, "kv-1");
  });
});

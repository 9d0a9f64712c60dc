import { strict as assert } from "node:assert";
import { MhsmPrivateEndpointConnectionProvider } from "../../provider";
import { rememberStackConfig } from "../../provider/stackConfig";
import { SUB } from "./support/fakes";

/** The host calls `configure` on one provider object; hooks may run on another (see stackConfig.ts). */
describe("provider: configure", () => {
  afterEach(() => rememberStackConfig({}));

  function configure(
    provider: MhsmPrivateEndpointConnectionProvider,
    values: Record<string, string>,
  ) {
    return provider.configure({
      config: {
        get: (key) => values[key],
        require: (key) => values[key] ?? assert.fail(`missing ${key}`),
      },
    });
  }

  const news = {
    resourceGroupName: "rg",
    hsmName: "hsm1",
    privateEndpointConnectionName: "pe.1",
  };

  it("keeps the azure-native: keys it reads, for every provider object of the process", async () => {
    await configure(new MhsmPrivateEndpointConnectionProvider({ env: {} }), {
      "azure-native:subscriptionId": SUB,
      "azure-native:clientSecret": "from-config",
    });
    const other = new MhsmPrivateEndpointConnectionProvider({ env: {} });
    const { inputs, failures } = await other.check({}, news);
    assert.deepEqual(failures, []);
    assert.equal(inputs.subscriptionId, SUB);
  });

  it("without configuration, check says where a subscription may be set", async () => {
    const provider = new MhsmPrivateEndpointConnectionProvider({ env: {} });
    const { failures } = await provider.check({}, news);
    assert.equal(failures.length, 1);
    assert.match(failures[0].reason, /stack config azure-native:subscriptionId/);
  });
});

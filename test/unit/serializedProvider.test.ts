import { strict as assert } from "node:assert";
import { MhsmPrivateEndpointConnection, KeyVaultPrivateEndpointConnection } from "../../provider";
import { registeredInputsOf } from "../../tools/lib/registeredInputs";

describe("the serialized provider (__provider in state)", () => {
  const secret = "s3cr3t-client-value-never-serialized";
  let saved: NodeJS.ProcessEnv;
  before(() => {
    saved = { ...process.env };
    process.env.AZURE_CLIENT_SECRET = secret;
    process.env.AZURE_SUBSCRIPTION_ID = "11111111-2222-3333-4444-555555555555";
    process.env.AZURE_RESOURCE_MANAGER_ENDPOINT = "https://127.0.0.1:65000";
  });
  after(() => {
    process.env = saved;
  });

  for (const [name, build] of [
    [
      "MhsmPrivateEndpointConnection",
      () =>
        new MhsmPrivateEndpointConnection("pec", {
          resourceGroupName: "rg",
          hsmName: "hsm1",
          privateEndpointConnectionName: "pe.1",
        }),
    ],
    [
      "KeyVaultPrivateEndpointConnection",
      () =>
        new KeyVaultPrivateEndpointConnection("pec", {
          resourceGroupName: "rg",
          vaultName: "vault1",
          privateEndpointConnectionName: "pe.1",
        }),
    ],
  ] as const) {
    it(`${name}: is a small shim that loads the package at run time, holding no environment value`, async () => {
      const inputs = await registeredInputsOf(build);
      const text = inputs.__provider;
      assert.equal(typeof text, "string");
      const serialized = text as string;
      assert.ok(serialized.length < 4096, `serialized provider is ${serialized.length} bytes`);
      if (process.env.SHOW_SHIM) console.log(serialized);
      assert.match(serialized, /pulumi-azure-mhsm-pec/);
      assert.doesNotMatch(serialized, /SdkConnectionsApi|waitUntilDeleted|KeyVaultManagement/);
      for (const [key, value] of Object.entries(process.env)) {
        if (value && value.length >= 6 && value !== "pulumi-azure-mhsm-pec") {
          assert.ok(
            !serialized.includes(value),
            `environment value of ${key} is in the serialized provider`,
          );
        }
      }
    });
  }
});

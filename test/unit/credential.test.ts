import { strict as assert } from "node:assert";
import type { AccessToken, GetTokenOptions } from "@azure/core-auth";
import { createArmContext } from "../../provider/arm/client";
import { CREDENTIAL_CHAIN, armCredential } from "../../provider/arm/credential";
import { readArmSettings } from "../../provider/config";
import { SUB, rejection } from "./support/fakes";

describe("credential and client", () => {
  describe("armCredential", () => {
    let saved: string | undefined;
    beforeEach(() => {
      saved = process.env.AZURE_CLIENT_SECRET;
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.AZURE_CLIENT_SECRET;
      else process.env.AZURE_CLIENT_SECRET = saved;
    });

    it("is one credential per identity and authority, shared across calls", () => {
      const settings = readArmSettings({});
      const a = armCredential(settings);
      assert.equal(armCredential(readArmSettings({})), a);
      process.env.AZURE_CLIENT_SECRET = "rotated-secret-value";
      const b = armCredential(settings);
      assert.notEqual(b, a, "a changed identity gets a new credential");
      assert.equal(armCredential(settings), b);
      const c = armCredential(readArmSettings({ AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443" }));
      assert.notEqual(c, b, "another authority gets a new credential");
    });

    it("names the whole chain for messages", () => {
      for (const part of [
        "DefaultAzureCredential",
        "environment",
        "workload identity",
        "managed identity",
        "Azure CLI",
      ]) {
        assert.ok(CREDENTIAL_CHAIN.includes(part), part);
      }
    });
  });

  describe("createArmContext", () => {
    it("asks tokens for the configured scope (the cloud's audience), not the endpoint's", async () => {
      const scopes: (string | string[])[] = [];
      const credential = {
        async getToken(
          scope: string | string[],
          _options?: GetTokenOptions,
        ): Promise<AccessToken | null> {
          scopes.push(scope);
          throw new Error("no token in unit tests");
        },
      };
      const settings = readArmSettings({ AZURE_RESOURCE_MANAGER_ENDPOINT: "https://127.0.0.1:9" });
      const context = createArmContext(settings, SUB, credential);
      assert.equal(context.subscriptionId, SUB);
      assert.equal(context.apiVersion, settings.apiVersion);
      const error = await rejection(context.pathUnchecked("/subscriptions").get());
      assert.match(error.message, /no token in unit tests/);
      assert.deepEqual(scopes.flat(), ["https://management.azure.com/.default"]);
    });
  });
});

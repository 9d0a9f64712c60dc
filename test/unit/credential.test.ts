import { strict as assert } from "node:assert";
import type { AccessToken, GetTokenOptions } from "@azure/core-auth";
import { createArmContext } from "../../provider/arm/client";
import {
  CREDENTIAL_CHAIN,
  CredentialError,
  armCredential,
  describeCredential,
} from "../../provider/arm/credential";
import { describeCredentialFailure } from "../../provider/arm/errors";
import { readArmSettings } from "../../provider/config";
import { SUB, rejection } from "./support/fakes";

describe("credential and client", () => {
  describe("armCredential", () => {
    const secret = (clientSecret: string) => ({
      kind: "clientSecret" as const,
      tenantId: "t",
      clientId: "c",
      clientSecret,
      source: "client secret from ARM_CLIENT_SECRET",
    });

    it("is one credential per identity and authority, shared across calls", () => {
      const settings = readArmSettings({});
      const a = armCredential(settings, secret("one"));
      assert.equal(armCredential(readArmSettings({}), secret("one")), a);
      const b = armCredential(settings, secret("rotated-secret-value"));
      assert.notEqual(b, a, "a changed identity gets a new credential");
      assert.equal(armCredential(settings, secret("rotated-secret-value")), b);
      const c = armCredential(
        readArmSettings({ AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443" }),
        secret("rotated-secret-value"),
      );
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

    it("names the credential class and its source, and never the secret", () => {
      const text = describeCredential(secret("s3cr3t-value"));
      assert.equal(text, "ClientSecretCredential (client secret from ARM_CLIENT_SECRET)");
      assert.equal(describeCredential({ kind: "default", source: "x" }), CREDENTIAL_CHAIN);
    });

    it("a failure to get a token says which credential failed", () => {
      const error = new CredentialError(
        "ClientAssertionCredential (OIDC token from ARM_OIDC_TOKEN)",
        new Error("AADSTS700212: audience"),
      );
      assert.equal(
        describeCredentialFailure(error),
        "Could not get an Azure token for ARM with ClientAssertionCredential (OIDC token from ARM_OIDC_TOKEN). AADSTS700212: audience",
      );
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
        renew() {},
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

import { strict as assert } from "node:assert";
import {
  API_VERSION,
  CLOUDS,
  ConfigurationError,
  defaultSubscriptionId,
  readArmSettings,
} from "../../provider/config";

describe("config: readArmSettings", () => {
  it("defaults to the public cloud", () => {
    assert.deepEqual(readArmSettings({}), {
      endpoint: "https://management.azure.com",
      scope: "https://management.azure.com/.default",
      authorityHost: "https://login.microsoftonline.com",
      disableInstanceDiscovery: false,
      apiVersion: API_VERSION,
      requestTimeoutMs: 60_000,
    });
    assert.equal(API_VERSION, "2025-05-01");
  });

  it("reads the cloud from AZURE_ENVIRONMENT", () => {
    const gov = readArmSettings({ AZURE_ENVIRONMENT: "AzureUSGovernment" });
    assert.equal(gov.endpoint, "https://management.usgovcloudapi.net");
    assert.equal(gov.scope, "https://management.usgovcloudapi.net/.default");
    const china = readArmSettings({ AZURE_ENVIRONMENT: "AzureChinaCloud" });
    assert.equal(china.endpoint, "https://management.chinacloudapi.cn");
    assert.equal(china.scope, "https://management.chinacloudapi.cn/.default");
    assert.equal(
      readArmSettings({ AZURE_ENVIRONMENT: "" }).endpoint,
      CLOUDS.AzurePublicCloud.armEndpoint,
    );
  });

  it("logs in at the cloud's own authority unless one is configured", () => {
    const cases: [Record<string, string>, string][] = [
      [{}, "https://login.microsoftonline.com"],
      [{ ARM_ENVIRONMENT: "usgovernment" }, "https://login.microsoftonline.us"],
      [{ AZURE_ENVIRONMENT: "AzureUSGovernment" }, "https://login.microsoftonline.us"],
      [{ ARM_ENVIRONMENT: "china" }, "https://login.chinacloudapi.cn"],
      [{ AZURE_ENVIRONMENT: "AzureChinaCloud" }, "https://login.chinacloudapi.cn"],
      [
        { ARM_ENVIRONMENT: "china", AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443" },
        "https://127.0.0.1:8443",
      ],
    ];
    for (const [env, authority] of cases) {
      assert.equal(readArmSettings(env).authorityHost, authority, JSON.stringify(env));
    }
    assert.equal(
      readArmSettings({}, { "azure-native:environment": "china" }).authorityHost,
      "https://login.chinacloudapi.cn",
    );
    assert.equal(readArmSettings({ ARM_ENVIRONMENT: "china" }).disableInstanceDiscovery, false);
  });

  it("refuses an unknown cloud, listing the known ones", () => {
    for (const name of ["AzureGermanCloud", "azurepubliccloud", "AzureCloud"]) {
      assert.throws(
        () => readArmSettings({ AZURE_ENVIRONMENT: name }),
        (error: Error) =>
          error instanceof ConfigurationError &&
          error.name === "ConfigurationError" &&
          error.message.includes(`AZURE_ENVIRONMENT='${name}' is not a known cloud`) &&
          error.message.includes("AzurePublicCloud, AzureUSGovernment, AzureChinaCloud"),
      );
    }
  });

  it("takes AZURE_RESOURCE_MANAGER_ENDPOINT (https), without trailing slashes", () => {
    assert.equal(
      readArmSettings({ AZURE_RESOURCE_MANAGER_ENDPOINT: "https://127.0.0.1:8443/" }).endpoint,
      "https://127.0.0.1:8443",
    );
    assert.equal(
      readArmSettings({ AZURE_RESOURCE_MANAGER_ENDPOINT: "https://arm.contoso.example//" })
        .endpoint,
      "https://arm.contoso.example",
    );
  });

  it("refuses an http:// or non-URL endpoint", () => {
    assert.throws(
      () => readArmSettings({ AZURE_RESOURCE_MANAGER_ENDPOINT: "http://localhost:8080" }),
      (error: Error) =>
        error instanceof ConfigurationError &&
        error.message ===
          "AZURE_RESOURCE_MANAGER_ENDPOINT must be an https:// URL (got 'http://localhost:8080')",
    );
    assert.throws(
      () => readArmSettings({ AZURE_RESOURCE_MANAGER_ENDPOINT: "management.azure.com" }),
      (error: Error) =>
        error instanceof ConfigurationError &&
        /AZURE_RESOURCE_MANAGER_ENDPOINT='management.azure.com' is not a URL/.test(error.message),
    );
  });

  it("asks tokens for the cloud's ARM audience even with a custom endpoint", () => {
    const settings = readArmSettings({ AZURE_RESOURCE_MANAGER_ENDPOINT: "https://127.0.0.1:8443" });
    assert.equal(settings.scope, "https://management.azure.com/.default");
    const gov = readArmSettings({
      AZURE_ENVIRONMENT: "AzureUSGovernment",
      AZURE_RESOURCE_MANAGER_ENDPOINT: "https://proxy.contoso.example",
    });
    assert.equal(gov.endpoint, "https://proxy.contoso.example");
    assert.equal(gov.scope, "https://management.usgovcloudapi.net/.default");
  });

  it("lets AZURE_RESOURCE_MANAGER_AUDIENCE override the audience", () => {
    assert.equal(
      readArmSettings({ AZURE_RESOURCE_MANAGER_AUDIENCE: "https://management.core.windows.net/" })
        .scope,
      "https://management.core.windows.net/.default",
    );
  });

  describe("disableInstanceDiscovery", () => {
    it("is false without AZURE_AUTHORITY_HOST and for the Microsoft clouds' authorities", () => {
      assert.equal(readArmSettings({}).disableInstanceDiscovery, false);
      for (const host of [
        "https://login.microsoftonline.com",
        "https://login.microsoftonline.com/",
        "https://LOGIN.MicrosoftOnline.com",
        "https://login.microsoftonline.us",
        "https://login.chinacloudapi.cn",
      ]) {
        const settings = readArmSettings({ AZURE_AUTHORITY_HOST: host });
        assert.equal(settings.disableInstanceDiscovery, false, host);
        assert.equal(settings.authorityHost, host.replace(/\/+$/, ""));
      }
    });

    it("is true for any other authority (ADFS, Azure Stack, an emulator)", () => {
      for (const host of [
        "https://adfs.contoso.example/adfs",
        "https://127.0.0.1:8443",
        "https://login.microsoftonline.com.evil.example",
      ]) {
        assert.equal(
          readArmSettings({ AZURE_AUTHORITY_HOST: host }).disableInstanceDiscovery,
          true,
          host,
        );
      }
    });

    it("refuses an http:// authority", () => {
      assert.throws(
        () => readArmSettings({ AZURE_AUTHORITY_HOST: "http://login.microsoftonline.com" }),
        ConfigurationError,
      );
    });
  });

  it("reads the request timeout in seconds, refusing nonsense", () => {
    assert.equal(
      readArmSettings({ MHSM_PEC_REQUEST_TIMEOUT_SECONDS: "15" }).requestTimeoutMs,
      15_000,
    );
    for (const value of ["0", "-1", "abc", "Infinity"]) {
      assert.throws(
        () => readArmSettings({ MHSM_PEC_REQUEST_TIMEOUT_SECONDS: value }),
        (error: Error) =>
          error instanceof ConfigurationError &&
          error.message.includes(
            `MHSM_PEC_REQUEST_TIMEOUT_SECONDS must be a positive number of seconds (got '${value}')`,
          ),
        value,
      );
    }
  });
});

describe("config: defaultSubscriptionId", () => {
  it("prefers stack config, then ARM_SUBSCRIPTION_ID, then AZURE_SUBSCRIPTION_ID, skipping blanks", () => {
    assert.equal(
      defaultSubscriptionId({ AZURE_SUBSCRIPTION_ID: "a", ARM_SUBSCRIPTION_ID: "b" }),
      "b",
    );
    assert.equal(defaultSubscriptionId({ AZURE_SUBSCRIPTION_ID: "a" }), "a");
    assert.equal(
      defaultSubscriptionId({ ARM_SUBSCRIPTION_ID: "  ", AZURE_SUBSCRIPTION_ID: " a " }),
      "a",
    );
    assert.equal(
      defaultSubscriptionId({ ARM_SUBSCRIPTION_ID: "b" }, { "azure-native:subscriptionId": "c" }),
      "c",
    );
    assert.equal(defaultSubscriptionId({ ARM_SUBSCRIPTION_ID: "/subscriptions/b" }), "b");
    assert.equal(defaultSubscriptionId({}), undefined);
  });
});

describe("config: azure-native's names for settings", () => {
  it("reads the cloud from ARM_ENVIRONMENT or azure-native:environment, in azure-native's words", () => {
    assert.equal(
      readArmSettings({ ARM_ENVIRONMENT: "usgovernment" }).endpoint,
      CLOUDS.AzureUSGovernment.armEndpoint,
    );
    assert.equal(
      readArmSettings({ ARM_ENVIRONMENT: "usgovernment" }, { "azure-native:environment": "china" })
        .endpoint,
      CLOUDS.AzureChinaCloud.armEndpoint,
    );
    assert.throws(
      () => readArmSettings({}, { "azure-native:environment": "mars" }),
      /stack config azure-native:environment='mars' is not a known cloud; use one of public, usgovernment, china/,
    );
  });

  it("reads this package's own settings from its own namespace", () => {
    const settings = readArmSettings(
      { MHSM_PEC_REQUEST_TIMEOUT_SECONDS: "5" },
      { "azure-mhsm-pec:requestTimeoutSeconds": "7" },
    );
    assert.equal(settings.requestTimeoutMs, 7000);
  });
});

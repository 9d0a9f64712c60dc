import { strict as assert } from "node:assert";
import { ConfigurationError } from "../../provider/config";
import { FEDERATED_AUDIENCE, resolveCredentialSettings } from "../../provider/credentialSettings";

const SP = { ARM_TENANT_ID: "tenant-arm", ARM_CLIENT_ID: "client-arm" };
const SECRET = "a-client-secret-value";
const TOKEN = "header.payload.signature-of-an-oidc-token";

function refusal(run: () => unknown): ConfigurationError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(
    caught instanceof ConfigurationError,
    `expected a ConfigurationError, got ${String(caught)}`,
  );
  return caught;
}

describe("credentialSettings: resolveCredentialSettings", () => {
  it("reads the ARM_* variables pipelines hand out (client secret)", () => {
    const settings = resolveCredentialSettings({ ...SP, ARM_CLIENT_SECRET: SECRET });
    assert.deepEqual(settings, {
      kind: "clientSecret",
      tenantId: "tenant-arm",
      clientId: "client-arm",
      clientSecret: SECRET,
      source: "client secret from ARM_CLIENT_SECRET, client ARM_CLIENT_ID, tenant ARM_TENANT_ID",
    });
  });

  it("takes stack config over ARM_* over AZURE_*, setting by setting", () => {
    const settings = resolveCredentialSettings(
      {
        ...SP,
        AZURE_TENANT_ID: "tenant-azure",
        AZURE_CLIENT_SECRET: "azure",
        ARM_CLIENT_SECRET: "arm",
      },
      { "azure-native:clientId": "client-config", "azure-native:clientSecret": SECRET },
    );
    assert.equal(settings.kind, "clientSecret");
    assert.ok(settings.kind === "clientSecret");
    assert.equal(settings.clientSecret, SECRET);
    assert.equal(settings.clientId, "client-config");
    assert.equal(settings.tenantId, "tenant-arm");
    assert.match(settings.source, /stack config azure-native:clientSecret/);
  });

  it("falls back to the AZURE_* variables", () => {
    const settings = resolveCredentialSettings({
      AZURE_TENANT_ID: "t",
      AZURE_CLIENT_ID: "c",
      AZURE_CLIENT_CERTIFICATE_PATH: "/certs/sp.pem",
      AZURE_CLIENT_CERTIFICATE_PASSWORD: "pw",
    });
    assert.deepEqual(settings, {
      kind: "clientCertificate",
      tenantId: "t",
      clientId: "c",
      certificatePath: "/certs/sp.pem",
      certificatePassword: "pw",
      source:
        "client certificate from AZURE_CLIENT_CERTIFICATE_PATH, client AZURE_CLIENT_ID, tenant AZURE_TENANT_ID",
    });
  });

  it("with nothing given, leaves it to DefaultAzureCredential", () => {
    assert.deepEqual(resolveCredentialSettings({}), {
      kind: "default",
      tenantId: undefined,
      clientId: undefined,
      source: "DefaultAzureCredential",
    });
  });

  describe("OIDC", () => {
    it("ESC's variables: ARM_USE_OIDC with ARM_OIDC_TOKEN", () => {
      const settings = resolveCredentialSettings({
        ...SP,
        ARM_USE_OIDC: "true",
        ARM_OIDC_TOKEN: TOKEN,
      });
      assert.equal(settings.kind, "oidcToken");
      assert.ok(settings.kind === "oidcToken");
      assert.equal(settings.token, TOKEN);
      assert.equal(
        settings.source,
        "OIDC token from ARM_OIDC_TOKEN, client ARM_CLIENT_ID, tenant ARM_TENANT_ID",
      );
    });

    it("a token file", () => {
      const settings = resolveCredentialSettings({
        ...SP,
        ARM_USE_OIDC: "1",
        ARM_OIDC_TOKEN_FILE_PATH: "/var/run/token",
      });
      assert.ok(settings.kind === "oidcTokenFile");
      assert.equal(settings.tokenFilePath, "/var/run/token");
    });

    it("GitHub's ACTIONS_ID_TOKEN_REQUEST_* when no ARM_OIDC_REQUEST_* is set, for Entra's audience", () => {
      const github = {
        ACTIONS_ID_TOKEN_REQUEST_URL: "https://gh/idtoken?api-version=2.0",
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "gh",
      };
      const settings = resolveCredentialSettings({ ...SP, ARM_USE_OIDC: "true", ...github });
      assert.ok(settings.kind === "oidcRequest");
      assert.equal(settings.requestUrl, github.ACTIONS_ID_TOKEN_REQUEST_URL);
      assert.equal(settings.requestToken, "gh");
      assert.equal(settings.audience, FEDERATED_AUDIENCE);
      assert.equal(FEDERATED_AUDIENCE, "api://AzureADTokenExchange");
      const own = resolveCredentialSettings({
        ...SP,
        ARM_USE_OIDC: "true",
        ...github,
        ARM_OIDC_REQUEST_URL: "https://own/token",
        ARM_OIDC_REQUEST_TOKEN: "own",
      });
      assert.ok(own.kind === "oidcRequest");
      assert.equal(own.requestUrl, "https://own/token");
      assert.equal(own.requestToken, "own");
    });

    it("ARM_USE_OIDC without any token says what to set", () => {
      const error = refusal(() => resolveCredentialSettings({ ...SP, ARM_USE_OIDC: "true" }));
      assert.match(error.message, /ARM_USE_OIDC asks for OIDC, but no token is given/);
      assert.match(error.message, /ARM_OIDC_TOKEN_FILE_PATH/);
      assert.match(error.message, /id-token: write/);
    });

    it("a token and a token file both given is an error naming both", () => {
      const error = refusal(() =>
        resolveCredentialSettings(
          { ...SP, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN_FILE_PATH: "/f" },
          { "azure-native:oidcToken": TOKEN },
        ),
      );
      assert.match(error.message, /stack config azure-native:oidcToken/);
      assert.match(error.message, /ARM_OIDC_TOKEN_FILE_PATH/);
      assert.ok(!error.message.includes(TOKEN));
    });

    it("needs a tenant and a client, naming both when both are missing", () => {
      const error = refusal(() =>
        resolveCredentialSettings({ ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: TOKEN }),
      );
      assert.match(
        error.message,
        /OIDC token from ARM_OIDC_TOKEN also needs tenantId .* and clientId/,
      );
      assert.ok(!error.message.includes(TOKEN));
    });
  });

  it("managed identity: ARM_USE_MSI, with ARM_CLIENT_ID as the user-assigned identity", () => {
    assert.deepEqual(resolveCredentialSettings({ ARM_USE_MSI: "true", ARM_CLIENT_ID: "uami" }), {
      kind: "managedIdentity",
      clientId: "uami",
      source: "managed identity from ARM_USE_MSI, user-assigned client ARM_CLIENT_ID",
    });
    assert.deepEqual(resolveCredentialSettings({}, { "azure-native:useMsi": "true" }), {
      kind: "managedIdentity",
      clientId: undefined,
      source: "managed identity from stack config azure-native:useMsi, system-assigned",
    });
  });

  it("false flags mean not set; other words are refused", () => {
    assert.equal(
      resolveCredentialSettings({ ARM_USE_MSI: "false", ARM_USE_OIDC: "0" }).kind,
      "default",
    );
    const error = refusal(() => resolveCredentialSettings({ ARM_USE_OIDC: "yes please" }));
    assert.match(error.message, /ARM_USE_OIDC='yes please' must be true or false/);
  });

  it("two ways to authenticate are an error naming both sources, and no secret", () => {
    const error = refusal(() =>
      resolveCredentialSettings(
        { ...SP, AZURE_CLIENT_CERTIFICATE_PATH: "/certs/sp.pem" },
        { "azure-native:clientSecret": SECRET },
      ),
    );
    assert.match(
      error.message,
      /a client secret \(stack config azure-native:clientSecret\) and a client certificate \(AZURE_CLIENT_CERTIFICATE_PATH\)/,
    );
    assert.ok(!error.message.includes(SECRET));
    const oidcAndMsi = refusal(() =>
      resolveCredentialSettings({
        ...SP,
        ARM_USE_OIDC: "true",
        ARM_OIDC_TOKEN: TOKEN,
        ARM_USE_MSI: "true",
      }),
    );
    assert.match(oidcAndMsi.message, /OIDC \(ARM_USE_OIDC\) and managed identity \(ARM_USE_MSI\)/);
  });
});

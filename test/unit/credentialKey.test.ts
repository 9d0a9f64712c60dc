import { strict as assert } from "node:assert";
import type { ArmSettings } from "../../provider/arm/armSettings";
import type { CredentialSettings } from "../../provider/arm/credential";
import { credentialKey } from "../../provider/arm/credentialKey";
import { readArmSettings } from "../../provider/config";

const SECRETS = ["s3cr3t-client-value", "cert-pa55word", "oidc.jwt.assertion", "gh-request-token"];

const arm: ArmSettings = readArmSettings({ AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443" });

const principal = { tenantId: "tenant-a", clientId: "client-a", source: "from ARM_CLIENT_SECRET" };

const every: CredentialSettings[] = [
  { kind: "clientSecret", clientSecret: SECRETS[0], ...principal },
  {
    kind: "clientCertificate",
    certificatePath: "/certs/a.pem",
    certificatePassword: SECRETS[1],
    ...principal,
  },
  { kind: "oidcToken", token: SECRETS[2], ...principal },
  { kind: "oidcTokenFile", tokenFilePath: "/var/run/token", ...principal },
  {
    kind: "oidcRequest",
    requestUrl: "https://127.0.0.1:1/oidc?x=1",
    requestToken: SECRETS[3],
    audience: "api://AzureADTokenExchange",
    ...principal,
  },
  { kind: "managedIdentity", clientId: "mi-client", source: "ARM_USE_MSI" },
  { kind: "default", tenantId: "tenant-a", clientId: "client-a", source: "default" },
];

/** Each settings with one field changed, named for the failure message. */
function variations(s: CredentialSettings): [string, CredentialSettings][] {
  const changed: [string, CredentialSettings][] = [];
  for (const [field, value] of Object.entries(s)) {
    if (field === "kind" || typeof value !== "string") continue;
    changed.push([field, { ...s, [field]: `${value}-changed` } as CredentialSettings]);
  }
  return changed;
}

describe("credentialKey", () => {
  it("is the same for the same settings", () => {
    for (const s of every) {
      assert.equal(
        credentialKey(arm, s),
        credentialKey(
          readArmSettings(arm.authorityHost ? { AZURE_AUTHORITY_HOST: arm.authorityHost } : {}),
          { ...s },
        ),
      );
    }
  });

  it("changes with every field of every kind of credential", () => {
    for (const s of every) {
      const key = credentialKey(arm, s);
      const fields = variations(s);
      assert.ok(fields.length >= 2, s.kind);
      for (const [field, other] of fields) {
        assert.notEqual(credentialKey(arm, other), key, `${s.kind}.${field}`);
      }
    }
  });

  it("changes with the authority host, instance discovery, the scope and the kind", () => {
    const s = every[0];
    const key = credentialKey(arm, s);
    const others: ArmSettings[] = [
      { ...arm, authorityHost: "https://127.0.0.1:9443" },
      { ...arm, authorityHost: undefined },
      { ...arm, disableInstanceDiscovery: !arm.disableInstanceDiscovery },
      { ...arm, scope: "https://management.core.windows.net//.default" },
    ];
    for (const other of others) {
      assert.notEqual(credentialKey(other, s), key, JSON.stringify(other));
    }
    const kinds = new Set(every.map((e) => credentialKey(arm, e)));
    assert.equal(kinds.size, every.length);
  });

  it("never holds a secret, only the source of one", () => {
    for (const s of every) {
      const key = credentialKey(arm, s);
      for (const secret of SECRETS) {
        assert.ok(!key.includes(secret), `${s.kind} key holds ${secret}`);
      }
    }
    assert.match(credentialKey(arm, every[1]), /certificatePath="\/certs\/a.pem"/);
    assert.match(credentialKey(arm, every[3]), /tokenFilePath="\/var\/run\/token"/);
    assert.match(credentialKey(arm, every[0]), /secret="hmac:[0-9a-f]{32}"/);
  });
});

import { createHmac, randomBytes } from "node:crypto";
import type { ArmSettings } from "./armSettings";
import type { CredentialSettings } from "./credential";

/**
 * Secrets enter the key only as an HMAC under a key that lives and dies with this process:
 * the key can be logged or compared without revealing anything, and a digest of a short
 * secret cannot be looked up in a table made elsewhere.
 */
const PROCESS_KEY = randomBytes(32);

function digest(secret: string): string {
  return `hmac:${createHmac("sha256", PROCESS_KEY).update(secret).digest("hex").slice(0, 32)}`;
}

/** The fields of one kind that decide its token besides tenant and client: sources and secrets. */
function secretSource(settings: CredentialSettings): Record<string, string | undefined> {
  switch (settings.kind) {
    case "clientSecret":
      return { secret: digest(settings.clientSecret) };
    case "clientCertificate":
      return {
        certificatePath: settings.certificatePath,
        certificatePassword:
          settings.certificatePassword === undefined
            ? undefined
            : digest(settings.certificatePassword),
      };
    case "oidcToken":
      return { assertion: digest(settings.token) };
    case "oidcTokenFile":
      return { tokenFilePath: settings.tokenFilePath };
    case "oidcRequest":
      return {
        requestUrl: settings.requestUrl,
        requestToken: digest(settings.requestToken),
        assertionAudience: settings.audience,
      };
    case "managedIdentity":
    case "default":
      return {};
  }
}

/**
 * Everything that decides which token a credential gets: where it asks (authority host,
 * discovery), who it is (kind, tenant, client), what for (the ARM scope) and where its secret
 * comes from. Two settings with the same key may share a credential and its token cache;
 * any difference (a rotated secret, another emulator's authority) gets a fresh one.
 */
export function credentialKey(arm: ArmSettings, settings: CredentialSettings): string {
  const fields: Record<string, string | undefined> = {
    kind: settings.kind,
    authorityHost: arm.authorityHost,
    instanceDiscovery: arm.disableInstanceDiscovery ? "off" : "on",
    scope: arm.scope,
    tenantId: "tenantId" in settings ? settings.tenantId : undefined,
    clientId: settings.clientId,
    source: settings.source,
    ...secretSource(settings),
  };
  return Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(" ");
}

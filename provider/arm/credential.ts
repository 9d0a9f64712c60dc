import { createHash } from "node:crypto";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { ArmSettings } from "../config";

/** The variables @azure/identity's environment and workload credentials read. */
const IDENTITY_VARIABLES = [
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PATH",
  "AZURE_FEDERATED_TOKEN_FILE",
  "AZURE_USERNAME",
];

export const CREDENTIAL_CHAIN =
  "DefaultAzureCredential: environment (AZURE_TENANT_ID, AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or " +
  "AZURE_CLIENT_CERTIFICATE_PATH), workload identity, managed identity, Azure CLI, Azure Developer CLI, Azure PowerShell";

let cached: { key: string; credential: TokenCredential } | undefined;

/**
 * One credential per process and identity, so MSAL's token cache is shared by every resource
 * the provider host serves, and a changed identity (a rotated secret) gets a new one. The key
 * holds only a digest; nothing of it is ever serialized: it is built inside the hooks.
 */
export function armCredential(settings: ArmSettings): TokenCredential {
  const identity = IDENTITY_VARIABLES.map((name) => process.env[name] ?? "").join("\n");
  const key = createHash("sha256")
    .update(`${settings.authorityHost ?? ""}|${settings.disableInstanceDiscovery}|${identity}`)
    .digest("hex");
  if (cached?.key !== key) {
    cached = {
      key,
      credential: new DefaultAzureCredential({
        authorityHost: settings.authorityHost,
        // Without this, @azure/identity first asks login.microsoftonline.com to discover a
        // non-Microsoft authority, which fails where only that authority is reachable.
        disableInstanceDiscovery: settings.disableInstanceDiscovery,
      }),
    };
  }
  return cached.credential;
}

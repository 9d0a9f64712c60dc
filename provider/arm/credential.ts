import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { ArmSettings } from "../config";

export const CREDENTIAL_CHAIN =
  "DefaultAzureCredential: environment (AZURE_TENANT_ID, AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or " +
  "AZURE_CLIENT_CERTIFICATE_PATH), workload identity, managed identity, Azure CLI, Azure Developer CLI, Azure PowerShell";

let cached: { key: string; credential: TokenCredential } | undefined;

/**
 * One credential per process and authority, so MSAL's token cache is shared by every resource
 * the provider host serves. Nothing of it is ever serialized: it is built inside the hooks.
 */
export function armCredential(settings: ArmSettings): TokenCredential {
  const key = `${settings.authorityHost ?? ""}|${settings.disableInstanceDiscovery}`;
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

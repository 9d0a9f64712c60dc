import type { TokenCredential } from "@azure/identity";
import { createKeyVaultManagement, type KeyVaultManagementContext } from "@azure/arm-keyvault/api";
import type { ArmSettings } from "./armSettings";

const USER_AGENT = "pulumi-azure-mhsm-pec";

/**
 * The SDK client for one subscription. Its token scope is the cloud's ARM audience (the SDK
 * would derive it from the endpoint), and its own retries are off: retry.ts is the one policy.
 */
export function createArmContext(
  settings: ArmSettings,
  subscriptionId: string,
  credential: TokenCredential,
): KeyVaultManagementContext {
  return createKeyVaultManagement(credential, subscriptionId, {
    endpoint: settings.endpoint,
    apiVersion: settings.apiVersion,
    credentials: { scopes: [settings.scope] },
    retryOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: USER_AGENT },
  });
}

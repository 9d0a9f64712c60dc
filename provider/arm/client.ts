import { createKeyVaultManagement, type KeyVaultManagementContext } from "@azure/arm-keyvault/api";
import { bearerTokenAuthenticationPolicyName } from "@azure/core-rest-pipeline";
import type { ArmSettings } from "./armSettings";
import { refreshOnUnauthorizedPolicy, type RenewableCredential } from "./refreshOnUnauthorized";

const USER_AGENT = "pulumi-azure-mhsm-pec";

/**
 * The SDK client for one subscription. Its token scope is the cloud's ARM audience (the SDK
 * would derive it from the endpoint), and its own retries are off: retry.ts is the one policy.
 * The SDK's bearer policy gives up on a 401 that is not a CAE challenge; ours answers any 401
 * with one fresh token and one retry (refreshOnUnauthorized.ts), in the same place.
 */
export function createArmContext(
  settings: ArmSettings,
  subscriptionId: string,
  credential: RenewableCredential,
): KeyVaultManagementContext {
  const context = createKeyVaultManagement(credential, subscriptionId, {
    endpoint: settings.endpoint,
    apiVersion: settings.apiVersion,
    credentials: { scopes: [settings.scope] },
    retryOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: USER_AGENT },
  });
  context.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  context.pipeline.addPolicy(refreshOnUnauthorizedPolicy(credential, [settings.scope]));
  return context;
}

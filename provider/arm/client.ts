import {
  bearerTokenAuthenticationPolicy,
  bearerTokenAuthenticationPolicyName,
  type AuthorizeRequestOnChallengeOptions,
} from "@azure/core-rest-pipeline";
import { createKeyVaultManagement, type KeyVaultManagementContext } from "@azure/arm-keyvault/api";
import { armOriginOnlyPolicy } from "./armOriginOnly";
import type { ArmBudget } from "./armBudget";
import type { ArmSettings } from "./armSettings";
import { budgetPolicy } from "./budgetPolicy";
import type { RenewableCredential } from "./credential";

const USER_AGENT = "pulumi-azure-mhsm-pec";

/**
 * The SDK client for one subscription. Its token scope is the cloud's ARM audience (the SDK
 * would derive it from the endpoint), and its own retries are off: retry.ts is the one policy.
 * It sends nothing off the endpoint's origin (armOriginOnly.ts). Its bearer policy is the
 * SDK's own, which answers a Continuous Access Evaluation claims challenge by passing the
 * claims to the credential; a 401 without claims (a cached token ARM
 * no longer accepts) is answered here with one new token and one retry: the policy sends a
 * request at most twice, so a refused identity fails with ARM's 401, never loops. With a
 * budget, every request waits for its turn in it (budgetPolicy.ts).
 */
export function createArmContext(
  settings: ArmSettings,
  subscriptionId: string,
  credential: RenewableCredential,
  budget?: ArmBudget,
): KeyVaultManagementContext {
  const context = createKeyVaultManagement(credential, subscriptionId, {
    endpoint: settings.endpoint,
    apiVersion: settings.apiVersion,
    credentials: { scopes: [settings.scope] },
    retryOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: USER_AGENT },
  });
  context.pipeline.addPolicy(armOriginOnlyPolicy(settings.endpoint));
  context.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  context.pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({
      credential,
      scopes: [settings.scope],
      challengeCallbacks: {
        authorizeRequestOnChallenge: (challenge) => withRenewedToken(credential, challenge),
      },
    }),
  );
  if (budget) context.pipeline.addPolicy(budgetPolicy(budget));
  return context;
}

/** Puts a token the credential's cache did not hold on the request; false: none to be had. */
async function withRenewedToken(
  credential: RenewableCredential,
  { request, scopes }: AuthorizeRequestOnChallengeOptions,
): Promise<boolean> {
  const refused = request.headers.get("Authorization")?.replace(/^Bearer /, "");
  const token = await credential.renewedToken(
    scopes,
    { abortSignal: request.abortSignal },
    refused,
  );
  if (!token) return false;
  request.headers.set("Authorization", `Bearer ${token.token}`);
  return true;
}

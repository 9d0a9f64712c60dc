/**
 * Which of ARM's 404s mean "this connection does not exist". Only these may drop a resource
 * from the state (read) or end a destroy (DELETE); every other 404 says we asked the wrong
 * place (a subscription or resource group that is not there, a mistyped endpoint, a proxy's
 * page) and is an error, so a wrong setting never empties a stack.
 */

import { ArmOperationError } from "./errors";

/**
 * The connection's own not-found (`ResourceNotFound`; `PrivateEndpointConnectionNotFound` as
 * some Key Vault versions say), and the HSM's or vault's not-found when the parent itself was
 * deleted: its connections went with it (`ResourceNotFound` naming the parent, or ARM's
 * `ParentResourceNotFound` for a nested request).
 */
export const GONE_404_CODES: readonly string[] = [
  "ResourceNotFound",
  "PrivateEndpointConnectionNotFound",
  "ParentResourceNotFound",
];

/** True when a 404 with this ARM error code means the connection is gone. */
export function meansGone(statusCode: number | undefined, code: string | undefined): boolean {
  return statusCode === 404 && code !== undefined && GONE_404_CODES.includes(code);
}

/** What a 404 that does not mean "gone" tells the user to check. */
function hintFor(code: string | undefined, endpoint: string): string {
  const kept = "the resource is kept in the state and nothing was deleted";
  switch (code) {
    case undefined:
      return (
        `${endpoint} answered 404 without an ARM error body, so this is not ARM's answer ` +
        `about the connection (a mistyped AZURE_RESOURCE_MANAGER_ENDPOINT, or a proxy's page); ` +
        `${kept}. Check the endpoint and the cloud (ARM_ENVIRONMENT)`
      );
    case "SubscriptionNotFound":
      return (
        `the subscription is not found at ${endpoint}: check subscriptionId (or ARM_SUBSCRIPTION_ID), ` +
        `the cloud, and that the identity can see the subscription; ${kept}`
      );
    case "ResourceGroupNotFound":
      return (
        `the resource group is not found at ${endpoint}: check resourceGroupName and the subscription; ` +
        `${kept}. If the group was deleted on purpose, 'pulumi state delete' the resource`
      );
    default:
      return `${endpoint}'s 404 does not say that the connection is gone (its code is not one of ${GONE_404_CODES.join(", ")}); ${kept}`;
  }
}

/** The failure for a 404 that does not mean "gone": ARM's words and what to check. */
export function notGoneError(failure: ArmOperationError, endpoint: string): ArmOperationError {
  return new ArmOperationError(
    failure.operation,
    { ...failure.details, transient: false },
    hintFor(failure.details.code, endpoint),
  );
}

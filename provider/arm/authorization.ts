/**
 * What to tell a user ARM refused for want of a permission (403 AuthorizationFailed, or
 * LinkedAuthorizationFailed on a write whose linked resource, the consumer's private endpoint,
 * sits in a scope the identity cannot write): the action the request needed and the scope it
 * was checked on, from the request itself. ARM's own message (kept in the error) names the
 * client and object ids and, for a linked failure, the linked scope; nothing secret is added.
 */

export const AUTHORIZATION_CODES = ["AuthorizationFailed", "LinkedAuthorizationFailed"] as const;

const ACTION_OF_METHOD: Record<string, string> = { GET: "read", PUT: "write", DELETE: "delete" };

/** The hint for a refused request, or undefined when it is no authorization failure. */
export function authorizationHint(
  operation: string,
  statusCode: number | undefined,
  code: string | undefined,
): string | undefined {
  const linked = code === "LinkedAuthorizationFailed";
  if (!linked && code !== "AuthorizationFailed" && statusCode !== 403) {
    return undefined;
  }
  const [method, url = ""] = operation.split(" ", 2);
  const path = url.replace(/^https?:\/\/[^/]+/, "").split("?")[0];
  const parent =
    /^(.*\/providers\/Microsoft\.KeyVault\/(managedHSMs|vaults)\/[^/]+)\/privateEndpointConnections\b/i.exec(
      path,
    );
  const action = ACTION_OF_METHOD[method?.toUpperCase() ?? ""];
  if (!parent || !action) {
    return "The identity the provider authenticated as lacks a permission ARM requires; ARM's message names it";
  }
  const parentType = parent[2].toLowerCase() === "vaults" ? "vaults" : "managedHSMs";
  const permission = `Microsoft.KeyVault/${parentType}/privateEndpointConnections/${action}`;
  const scope = parent[1];
  if (linked) {
    return (
      `The identity may ${action} the connection (${permission} on ${scope}) but not the linked ` +
      "resource ARM names in its message (the consumer's private endpoint, often in another " +
      "subscription or tenant): grant it that action on that linked scope, or have the " +
      "endpoint's owner approve. Nothing was changed; re-running is safe"
    );
  }
  return (
    `The identity lacks ${permission} on ${scope} (or a scope above it): grant it a role with ` +
    "that action (a custom role, or one such as Contributor), wait for the assignment to " +
    "propagate, and re-run. Nothing was changed"
  );
}

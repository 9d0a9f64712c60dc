import type { EmulatedParentKind } from "../types";

/**
 * ARM resource ids and the keys the state is indexed by. ARM compares names and types
 * case-insensitively but answers with the casing a resource was created with, so records
 * keep their original names and lookups go through the lowercased keys.
 */

export interface ParentIdentity {
  kind: EmulatedParentKind;
  subscriptionId: string;
  resourceGroupName: string;
  parentName: string;
}

export interface ConnectionIdentity extends ParentIdentity {
  connectionName: string;
}

export const PROVIDER_NAMESPACE = "Microsoft.KeyVault";

/** The parent's resource type as ARM spells it, e.g. Microsoft.KeyVault/managedHSMs. */
export function parentResourceType(kind: EmulatedParentKind): string {
  return `${PROVIDER_NAMESPACE}/${kind}`;
}

/**
 * The recording keeps "managedHSMs" in ids; lowercaseType gives "managedhsms", as the
 * spec's examples (and some ARM answers) do.
 */
export function parentId(p: ParentIdentity, lowercaseType = false): string {
  const type = lowercaseType ? p.kind.toLowerCase() : p.kind;
  return (
    `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}` +
    `/providers/${PROVIDER_NAMESPACE}/${type}/${p.parentName}`
  );
}

export function connectionId(c: ConnectionIdentity, lowercaseType = false): string {
  return `${parentId(c, lowercaseType)}/privateEndpointConnections/${c.connectionName}`;
}

export function parentKey(p: ParentIdentity): string {
  return [p.kind, p.subscriptionId, p.resourceGroupName, p.parentName].join("|").toLowerCase();
}

export function connectionKey(c: ConnectionIdentity): string {
  return `${parentKey(c)}|${c.connectionName.toLowerCase()}`;
}

export function resourceGroupKey(subscriptionId: string, resourceGroupName: string): string {
  return `${subscriptionId}|${resourceGroupName}`.toLowerCase();
}

/** Microsoft.KeyVault/managedHSMs, matched case-insensitively as ARM does. */
export function parseParentKind(segment: string): EmulatedParentKind | undefined {
  switch (segment.toLowerCase()) {
    case "managedhsms":
      return "managedHSMs";
    case "vaults":
      return "vaults";
    default:
      return undefined;
  }
}

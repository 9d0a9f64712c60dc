import { requireProfile } from "../services/lookup";

/**
 * ARM resource ids and the keys the state is indexed by. ARM compares names and types
 * case-insensitively but answers with the casing a resource was created with, so records
 * keep their original names and lookups go through the lowercased keys.
 */

export interface ParentIdentity {
  /** `Namespace/type` as the service's profile spells it, e.g. Microsoft.Storage/storageAccounts. */
  resourceType: string;
  subscriptionId: string;
  resourceGroupName: string;
  parentName: string;
}

export interface ConnectionIdentity extends ParentIdentity {
  connectionName: string;
}

/**
 * The Key Vault recording keeps "managedHSMs" in ids; lowercaseType gives "managedhsms", as the
 * spec's examples (and some ARM answers) do.
 */
export function parentId(p: ParentIdentity, lowercaseType = false): string {
  const [namespace, type] = p.resourceType.split("/");
  return (
    `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}` +
    `/providers/${namespace}/${lowercaseType ? type.toLowerCase() : type}/${p.parentName}`
  );
}

export function connectionId(c: ConnectionIdentity, lowercaseType = false): string {
  const collection = requireProfile(c.resourceType).collection;
  return `${parentId(c, lowercaseType)}/${collection}/${c.connectionName}`;
}

export function parentKey(p: ParentIdentity): string {
  return [p.resourceType, p.subscriptionId, p.resourceGroupName, p.parentName]
    .join("|")
    .toLowerCase();
}

export function connectionKey(c: ConnectionIdentity): string {
  return `${parentKey(c)}|${c.connectionName.toLowerCase()}`;
}

export function resourceGroupKey(subscriptionId: string, resourceGroupName: string): string {
  return `${subscriptionId}|${resourceGroupName}`.toLowerCase();
}

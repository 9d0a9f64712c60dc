import { parentKindOf } from "./parentKinds";
import { serviceProfileOf, type ServiceProfile } from "./serviceProfiles";

/**
 * A private-link parent resource, by the parts of its ARM id; its type is its profile's
 * (`Namespace/type`, serviceProfiles.ts), which says what ARM answers for it.
 */
export interface ParentRef {
  subscriptionId: string;
  resourceGroupName: string;
  /** What the parent's service answers; `profile.resourceType` is the type in its id. */
  profile: ServiceProfile;
  parentName: string;
}

/** The parts of a private endpoint connection's ARM id. */
export interface ConnectionRef extends ParentRef {
  connectionName: string;
}

export function formatParentId(ref: ParentRef): string {
  return (
    `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroupName}` +
    `/providers/${ref.profile.resourceType}/${ref.parentName}`
  );
}

/** "Managed HSM 'x' (resource group 'rg', subscription 's')", for messages. */
export function describeParent(parent: ParentRef): string {
  return `${parent.profile.displayName} '${parent.parentName}' (resource group '${parent.resourceGroupName}', subscription '${parent.subscriptionId}')`;
}

export function formatConnectionId(ref: ConnectionRef): string {
  return `${formatParentId(ref)}/${ref.profile.collection}/${ref.connectionName}`;
}

/** The URL path of the parent, each name escaped (ids are not URLs). */
export function parentPath(ref: ParentRef): string {
  const e = encodeURIComponent;
  return (
    `/subscriptions/${e(ref.subscriptionId)}/resourceGroups/${e(ref.resourceGroupName)}` +
    `/providers/${ref.profile.resourceType}/${e(ref.parentName)}`
  );
}

/** The URL path of a connection, each name escaped. */
export function connectionPath(ref: ConnectionRef): string {
  return `${parentPath(ref)}/${ref.profile.collection}/${encodeURIComponent(ref.connectionName)}`;
}

/** The URL path of the parent's list of connections (Data Factory spells it its own way). */
export function listPath(ref: ParentRef): string {
  return `${parentPath(ref)}/${ref.profile.listCollection}`;
}

const ANY_CONNECTION_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)\/privateEndpointConnections\/([^/]+)$/i;

/** The parts of a connection id of any parent type, the type as the id spells it. */
export interface ParsedConnectionId {
  subscriptionId: string;
  resourceGroupName: string;
  resourceType: string;
  parentName: string;
  connectionName: string;
}

/** Any connection id's parts; undefined when `id` is not the ARM id of a connection. */
export function connectionIdParts(id: string): ParsedConnectionId | undefined {
  const match = ANY_CONNECTION_ID.exec(id.trim());
  if (!match) return undefined;
  const [, subscriptionId, resourceGroupName, namespace, type, parentName, connectionName] = match;
  const resourceType = `${namespace}/${type}`;
  return { subscriptionId, resourceGroupName, resourceType, parentName, connectionName };
}

/**
 * Parses an ARM id of a Key Vault or Managed HSM private endpoint connection. ARM treats the
 * segment names and resource types case-insensitively, and answers ids in either casing
 * (`managedHSMs` in live traffic, `managedhsms` in the spec's examples), so both are accepted.
 */
export function parseConnectionId(id: string): ConnectionRef {
  const parts = connectionIdParts(id);
  const [namespace, type] = parts?.resourceType.split("/") ?? [];
  const kind =
    parts && sameArmName(namespace, "Microsoft.KeyVault") ? parentKindOf(type) : undefined;
  if (!parts || !kind) {
    throw new Error(
      `'${id}' is not the ARM id of a private endpoint connection of a Managed HSM or key vault ` +
        `(expected /subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.KeyVault/` +
        `managedHSMs|vaults/{name}/privateEndpointConnections/{connection})`,
    );
  }
  return { ...withoutType(parts), profile: kind.profile };
}

/**
 * Parses a connection id of any type the profile table (or `registered`, a type resolved from
 * ARM's provider registration) knows; undefined for another type.
 */
export function parseAnyConnectionId(
  id: string,
  registered: (resourceType: string) => ServiceProfile | undefined = () => undefined,
): ConnectionRef | undefined {
  const parts = connectionIdParts(id);
  if (!parts) return undefined;
  const profile = serviceProfileOf(parts.resourceType) ?? registered(parts.resourceType);
  return profile ? { ...withoutType(parts), profile } : undefined;
}

function withoutType(parts: ParsedConnectionId): Omit<ConnectionRef, "profile"> {
  const { subscriptionId, resourceGroupName, parentName, connectionName } = parts;
  return { subscriptionId, resourceGroupName, parentName, connectionName };
}

/** The last segment of a connection's id ("" when the id names no connection). */
export function connectionNameOfId(id: string): string {
  const match = /\/privateEndpointConnections\/([^/]+)\/?$/i.exec(id.trim());
  return match ? match[1] : "";
}

/** ARM names compare without regard to case. */
export function sameArmName(a: string | undefined, b: string | undefined): boolean {
  return (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
}

export function sameParent(a: ParentRef, b: ParentRef): boolean {
  return sameArmName(formatParentId(a), formatParentId(b));
}

export function sameConnection(a: ConnectionRef, b: ConnectionRef): boolean {
  return sameParent(a, b) && sameArmName(a.connectionName, b.connectionName);
}

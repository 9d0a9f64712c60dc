import { ParentType, parentKindOf } from "./parentKinds";

/** The parts of a private endpoint connection's ARM id. */
export interface ConnectionRef {
  subscriptionId: string;
  resourceGroupName: string;
  parentType: ParentType;
  parentName: string;
  connectionName: string;
}

export type ParentRef = Omit<ConnectionRef, "connectionName">;

export function formatParentId(ref: ParentRef): string {
  return (
    `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroupName}` +
    `/providers/Microsoft.KeyVault/${ref.parentType}/${ref.parentName}`
  );
}

/** "Managed HSM 'x' (resource group 'rg', subscription 's')", for messages. */
export function describeParent(parent: ParentRef): string {
  const kind = parentKindOf(parent.parentType)?.displayName ?? parent.parentType;
  return `${kind} '${parent.parentName}' (resource group '${parent.resourceGroupName}', subscription '${parent.subscriptionId}')`;
}

export function formatConnectionId(ref: ConnectionRef): string {
  return `${formatParentId(ref)}/privateEndpointConnections/${ref.connectionName}`;
}

/** The URL path of a connection, each name escaped (ids are not URLs). */
export function connectionPath(ref: ConnectionRef): string {
  const e = encodeURIComponent;
  return (
    `/subscriptions/${e(ref.subscriptionId)}/resourceGroups/${e(ref.resourceGroupName)}` +
    `/providers/Microsoft.KeyVault/${ref.parentType}/${e(ref.parentName)}` +
    `/privateEndpointConnections/${e(ref.connectionName)}`
  );
}

const CONNECTION_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/([^/]+)\/([^/]+)\/privateEndpointConnections\/([^/]+)$/i;

/**
 * Parses an ARM id of a Key Vault or Managed HSM private endpoint connection. ARM treats the
 * segment names and resource types case-insensitively, and answers ids in either casing
 * (`managedHSMs` in live traffic, `managedhsms` in the spec's examples), so both are accepted.
 */
export function parseConnectionId(id: string): ConnectionRef {
  const match = CONNECTION_ID.exec(id.trim());
  const kind = match ? parentKindOf(match[3]) : undefined;
  if (!match || !kind) {
    throw new Error(
      `'${id}' is not the ARM id of a private endpoint connection of a Managed HSM or key vault ` +
        `(expected /subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.KeyVault/` +
        `managedHSMs|vaults/{name}/privateEndpointConnections/{connection})`,
    );
  }
  return {
    subscriptionId: match[1],
    resourceGroupName: match[2],
    parentType: kind.armType,
    parentName: match[4],
    connectionName: match[5],
  };
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

export function sameConnection(a: ConnectionRef, b: ConnectionRef): boolean {
  return (
    sameArmName(a.subscriptionId, b.subscriptionId) &&
    sameArmName(a.resourceGroupName, b.resourceGroupName) &&
    sameArmName(a.parentType, b.parentType) &&
    sameArmName(a.parentName, b.parentName) &&
    sameArmName(a.connectionName, b.connectionName)
  );
}

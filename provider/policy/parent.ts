import type { ConnectionsApi } from "../arm/connectionsApi";
import type { ConnectionState } from "../arm/connectionState";
import { ArmOperationError } from "../arm/errors";
import { formatParentId, type ParentRef } from "../arm/ids";
import type { ParentKind } from "../arm/parentKinds";
import type { PolicyInputs } from "./rules";

/** The HSM or vault a policy governs. */
export function parentOf(kind: ParentKind, inputs: PolicyInputs): ParentRef {
  return {
    subscriptionId: inputs.subscriptionId,
    resourceGroupName: inputs.resourceGroupName,
    parentType: kind.armType,
    parentName: inputs[kind.nameProperty] ?? "",
  };
}

/** The policy's id: one policy per HSM or vault (two would contend for the same connections). */
export function policyIdOf(parent: ParentRef): string {
  return `${formatParentId(parent)}/privateEndpointConnectionPolicy`;
}

export function describeParent(kind: ParentKind, parent: ParentRef): string {
  return `${kind.displayName} '${parent.parentName}' (resource group '${parent.resourceGroupName}', subscription '${parent.subscriptionId}')`;
}

/** Every connection, every page; a missing HSM or vault is said plainly. */
export async function listConnections(
  api: ConnectionsApi,
  kind: ParentKind,
  parent: ParentRef,
): Promise<ConnectionState[]> {
  try {
    return await api.list(parent);
  } catch (error) {
    if (error instanceof ArmOperationError && error.details.statusCode === 404) {
      throw new Error(
        `${describeParent(kind, parent)} was not found: ${error.details.code ?? "NotFound"}: ${error.details.armMessage ?? ""}`.trim(),
      );
    }
    throw error;
  }
}

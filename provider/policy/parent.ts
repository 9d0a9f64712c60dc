import type { ConnectionsApi } from "../arm/connectionsApi";
import type { ConnectionState } from "../arm/connectionState";
import { ArmOperationError } from "../arm/errors";
import { describeParent, formatParentId, type ParentRef } from "../arm/ids";
import { meansGone } from "../arm/notFound";

/** The policy's id: one policy per HSM or vault (two would contend for the same connections). */
export function policyIdOf(parent: ParentRef): string {
  return `${formatParentId(parent)}/privateEndpointConnectionPolicy`;
}

/** ARM says the HSM or vault (or its resource group) does not exist. */
export class ParentNotFoundError extends Error {
  override name = "ParentNotFoundError";
}

/** Every connection, every page; a missing HSM or vault is said plainly. */
export async function listConnections(
  api: ConnectionsApi,
  parent: ParentRef,
): Promise<ConnectionState[]> {
  try {
    return await api.list(parent);
  } catch (error) {
    if (error instanceof ArmOperationError && error.details.statusCode === 404) {
      // Only the parent's own not-found says it is missing; any other 404 means we ask the wrong place.
      if (!meansGone(404, error.details.code)) throw error;
      throw new ParentNotFoundError(
        `${describeParent(parent)} was not found: ${error.details.code ?? "NotFound"}: ${error.details.armMessage ?? ""}`.trim(),
      );
    }
    throw error;
  }
}

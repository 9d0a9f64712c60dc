/**
 * What ARM said -> what the resource records: its id and its outputs, never what we asked for.
 */

import type { ConnectionState } from "../arm/connectionState";
import { formatConnectionId, type ConnectionRef } from "../arm/ids";
import { normalizedDescription, type ConnectionInputs, type ConnectionOutputs } from "../inputs";

/** The id ARM answered with; the one the ref spells when ARM gave none. */
export function idOf(ref: ConnectionRef, state: ConnectionState): string {
  return state.id || formatConnectionId(ref);
}

/** Outputs always come from what ARM said at the last GET. */
export function outputsOf(
  inputs: ConnectionInputs,
  state: ConnectionState,
  connectionId: string,
): ConnectionOutputs {
  return {
    ...inputs,
    privateEndpointConnectionName: state.name || (inputs.privateEndpointConnectionName ?? ""),
    status: state.status ?? "",
    description: normalizedDescription(state.description),
    connectionId,
    provisioningState: state.provisioningState ?? "",
    actionsRequired: state.actionsRequired ?? "",
    privateEndpointId: state.privateEndpointId ?? "",
    etag: state.etag ?? "",
  };
}

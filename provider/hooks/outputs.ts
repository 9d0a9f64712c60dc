import type { ConnectionState } from "../arm/connectionState";
import { normalizedDescription, type ConnectionInputs, type ConnectionOutputs } from "../inputs";

/** Outputs always come from what ARM said at the last GET, never from what we asked for. */
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

import { connectionNameOfId } from "./ids";

/** What ARM says of one private endpoint connection, in the provider's own terms. */
export interface ConnectionState {
  id: string;
  name: string;
  /** Pending, Approved, Rejected or Disconnected. */
  status?: string;
  description?: string;
  actionsRequired?: string;
  /** Succeeded, Creating, Updating, Deleting, Failed or Disconnected. */
  provisioningState?: string;
  privateEndpointId?: string;
  etag?: string;
}

/** The fields both SDK models (Managed HSM and vault connections) share. */
export interface SdkConnectionModel {
  id?: string;
  name?: string;
  etag?: string;
  privateEndpoint?: { id?: string };
  privateLinkServiceConnectionState?: {
    status?: string;
    description?: string;
    actionsRequired?: string;
  };
  provisioningState?: string;
}

export function connectionStateOf(model: SdkConnectionModel): ConnectionState {
  return {
    id: model.id ?? "",
    // ARM's list items carry only id and properties (as recorded), so the name comes from the id.
    name: model.name ?? connectionNameOfId(model.id ?? ""),
    status: model.privateLinkServiceConnectionState?.status,
    description: model.privateLinkServiceConnectionState?.description,
    actionsRequired: model.privateLinkServiceConnectionState?.actionsRequired,
    provisioningState: model.provisioningState,
    privateEndpointId: model.privateEndpoint?.id,
    etag: model.etag,
  };
}

export const TERMINAL_PROVISIONING_STATES = ["Succeeded", "Failed", "Disconnected"];

export function isTerminalProvisioningState(state: string | undefined): boolean {
  // A connection without a provisioningState is not being changed.
  return state === undefined || TERMINAL_PROVISIONING_STATES.includes(state);
}

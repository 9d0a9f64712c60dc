/**
 * A connection's wire body, read and written as its service's profile says: the actions field
 * (Storage's `actionRequired`), and which provisioningStates and statuses mean "still working".
 */

import type { ConnectionState } from "./connectionState";
import type { DesiredConnectionState } from "./connectionsApi";
import { connectionNameOfId } from "./ids";
import type { ServiceProfile } from "./serviceProfiles";

interface WireConnection {
  id?: unknown;
  name?: unknown;
  etag?: unknown;
  properties?: {
    privateEndpoint?: { id?: unknown };
    privateLinkServiceConnectionState?: Record<string, unknown>;
    provisioningState?: unknown;
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The connection a body describes; undefined when it is not one (no id). */
export function serviceConnectionStateOf(
  profile: ServiceProfile,
  body: unknown,
): ConnectionState | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const wire = body as WireConnection;
  const id = text(wire.id);
  if (!id) return undefined;
  const state = wire.properties?.privateLinkServiceConnectionState ?? {};
  return {
    id,
    // Some lists carry only id and properties, so the name comes from the id.
    name: text(wire.name) ?? connectionNameOfId(id),
    status: text(state.status),
    description: text(state.description),
    actionsRequired: text(state[profile.actionsRequiredField]),
    provisioningState: text(wire.properties?.provisioningState),
    privateEndpointId: text(wire.properties?.privateEndpoint?.id),
    etag: text(wire.etag),
  };
}

/** The PUT body asking for the desired state, in the service's spelling. */
export function servicePutBody(profile: ServiceProfile, desired: DesiredConnectionState): object {
  return {
    properties: {
      privateLinkServiceConnectionState: {
        status: desired.status,
        description: desired.description,
        [profile.actionsRequiredField]: "None",
      },
    },
  };
}

/**
 * Whether the service is still applying a change: a busy provisioningState (SQL's Approving,
 * Synapse's Provisioning, ...) or an interim status (App Service's Approving, Rejecting,
 * Disconnecting).
 */
export function stillWorking(profile: ServiceProfile, state: ConnectionState): boolean {
  const busy = profile.busyProvisioningStates.includes(state.provisioningState ?? "");
  return busy || profile.interimStatuses.includes(state.status ?? "");
}

/** Whether the connection is settled (no change in flight) as its service reports it. */
export function settled(profile: ServiceProfile, state: ConnectionState): boolean {
  return !stillWorking(profile, state);
}

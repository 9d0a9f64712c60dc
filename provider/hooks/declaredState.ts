/**
 * The state a resource declares (status and description) against what ARM says: what a PUT
 * asks for, and whether the connection is already there.
 */

import type { DesiredConnectionState } from "../arm/connectionsApi";
import type { ConnectionState } from "../arm/connectionState";
import { normalizedDescription, type ConnectionInputs } from "../inputs";

/** The body of the PUT that puts the declared state in place. */
export function declaredStateOf(inputs: ConnectionInputs): DesiredConnectionState {
  return { status: inputs.status, description: normalizedDescription(inputs.description) };
}

export function isInDeclaredState(state: ConnectionState, inputs: ConnectionInputs): boolean {
  return (
    state.status === inputs.status &&
    normalizedDescription(state.description) === normalizedDescription(inputs.description)
  );
}

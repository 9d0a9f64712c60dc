import { Deadline } from "../arm/clock";
import type { ConnectionsApi } from "../arm/connectionsApi";
import type { ConnectionState } from "../arm/connectionState";
import { formatConnectionId, type ConnectionRef, type ParentRef } from "../arm/ids";
import {
  normalizedDescription,
  timeoutMs,
  type ConnectionInputs,
  type ConnectionOutputs,
  type Timeouts,
} from "../inputs";
import { parentNameOf } from "../parentInputs";
import type { HookContext } from "./context";

/** The HSM or vault the declared connection belongs to. */
export function parentRefOf(ctx: HookContext, props: ConnectionInputs): ParentRef {
  return {
    subscriptionId: props.subscriptionId,
    resourceGroupName: props.resourceGroupName,
    parentType: ctx.kind.armType,
    parentName: parentNameOf(ctx.kind, props),
  };
}

/** Where a connection of that parent lives in ARM. */
export function connectionRefOf(
  ctx: HookContext,
  props: ConnectionInputs,
  connectionName: string,
): ConnectionRef {
  return { ...parentRefOf(ctx, props), connectionName };
}

/** An ARM client and a deadline for one hook call. */
export function armFor(
  ctx: HookContext,
  subscriptionId: string,
  timeouts: Timeouts | undefined,
  operation: keyof Timeouts,
): { api: ConnectionsApi; deadline: Deadline } {
  const deadline = new Deadline(timeoutMs(timeouts, operation), ctx.clock);
  return { api: ctx.connectionsApi(subscriptionId, deadline), deadline };
}

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

export function isInDeclaredState(state: ConnectionState, inputs: ConnectionInputs): boolean {
  return (
    state.status === inputs.status &&
    normalizedDescription(state.description) === normalizedDescription(inputs.description)
  );
}

export function idOf(ref: ConnectionRef, state: ConnectionState): string {
  return state.id || formatConnectionId(ref);
}

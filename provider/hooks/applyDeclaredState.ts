import type { ConnectionsApi } from "../arm/connectionsApi";
import { isTerminalProvisioningState } from "../arm/connectionState";
import { ArmOperationError } from "../arm/errors";
import { formatConnectionId, type ConnectionRef } from "../arm/ids";
import { waitUntilProvisioned } from "../arm/lro";
import { normalizedDescription, type ConnectionInputs, type ConnectionOutputs } from "../inputs";
import { armFor, connectionRefOf, idOf, isInDeclaredState, outputsOf } from "./connectionRef";
import type { HookContext } from "./context";

/**
 * What create and update share: GET the connection, PUT only if it is not already in the
 * declared state (PUT is not idempotent on every resource provider, and a needless write
 * burns the subscription's write budget), then wait for provisioningState to settle.
 */
export async function applyDeclaredState(
  ctx: HookContext,
  inputs: ConnectionInputs,
  operation: "create" | "update",
): Promise<{ id: string; outs: ConnectionOutputs }> {
  const ref = connectionRefOf(ctx, inputs);
  const { api, deadline } = armFor(ctx, inputs.subscriptionId, inputs.timeouts, operation);

  let state = await api.get(ref);
  if (state === undefined) {
    throw await connectionNotFound(ctx, api, ref);
  }
  if (!isTerminalProvisioningState(state.provisioningState)) {
    // Another change is in flight; ARM would refuse ours, and it may already do what we want.
    state = await waitUntilProvisioned(api, ref, undefined, deadline, ctx.report);
  }
  if (!isInDeclaredState(state, inputs) || state.provisioningState === "Failed") {
    const put = await api.put(ref, {
      status: inputs.status,
      description: normalizedDescription(inputs.description),
    });
    const settled = isTerminalProvisioningState(put.state.provisioningState);
    state = await waitUntilProvisioned(
      api,
      ref,
      settled ? 0 : put.retryAfterMs,
      deadline,
      ctx.report,
    );
    if (state.status !== inputs.status) {
      throw new ArmOperationError(`PUT ${formatConnectionId(ref)}`, {
        armMessage:
          `ARM finished the update, but the connection's status is ${state.status ?? "unknown"}, ` +
          `not ${inputs.status}; another client may have changed it meanwhile. Re-running is safe`,
      });
    }
  }
  return { id: idOf(ref, state), outs: outputsOf(inputs, state, idOf(ref, state)) };
}

async function connectionNotFound(
  ctx: HookContext,
  api: ConnectionsApi,
  ref: ConnectionRef,
): Promise<Error> {
  const where = `${ctx.kind.displayName} '${ref.parentName}' (resource group '${ref.resourceGroupName}', subscription '${ref.subscriptionId}')`;
  let existing;
  try {
    existing = await api.list(ref);
  } catch (error) {
    if (error instanceof ArmOperationError && error.details.statusCode === 404) {
      return new Error(
        `${where} was not found: ${error.details.code ?? "NotFound"}: ${error.details.armMessage ?? ""}`.trim(),
      );
    }
    throw error;
  }
  const listing =
    existing.length === 0
      ? `${ctx.kind.displayName} '${ref.parentName}' has no private endpoint connections.`
      : `Connections that exist: ${existing.map((c) => `${c.name} (${c.status ?? "unknown status"})`).join(", ")}.`;
  return new Error(
    `Private endpoint connection '${ref.connectionName}' was not found on ${where}. ` +
      `Connections are created by the consumer's private endpoint; this resource approves or rejects one that exists. ${listing}`,
  );
}

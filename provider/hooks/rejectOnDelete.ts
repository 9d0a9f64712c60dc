/**
 * onDelete "reject": the connection stays, Rejected, with a description saying why, so its
 * consumer sees who refused it. Azure never lets it be approved again (unrestorableDrift.ts),
 * which is the point: a connection handed back this way is closed for good.
 */

import type { Deadline } from "../arm/clock";
import type { ConnectionsApi } from "../arm/connectionsApi";
import { settled } from "../arm/serviceWire";
import { ArmOperationError } from "../arm/errors";
import { formatConnectionId, type ConnectionRef } from "../arm/ids";
import { ConnectionBeingDeletedError } from "../arm/beingDeleted";
import { waitUntilSettled } from "../arm/lro";
import { waitForPut } from "../arm/putWait";
import type { HookContext } from "./context";

/** The start of every description this provider writes when it rejects on delete. */
export const REJECTED_ON_DELETE_PREFIX = "Rejected by Pulumi on delete";

export function rejectedOnDeleteDescription(connectionName: string): string {
  return `${REJECTED_ON_DELETE_PREFIX} of the resource declaring ${connectionName} (onDelete: reject)`;
}

export function wasRejectedOnDelete(description: string | undefined): boolean {
  return (description ?? "").startsWith(REJECTED_ON_DELETE_PREFIX);
}

/**
 * PUT Rejected and wait until it settles. A connection already gone (or being deleted by
 * someone else), already Rejected or Disconnected (Azure lets no one change it) needs no
 * write, so re-running is safe.
 */
export async function rejectOnDelete(
  ctx: HookContext,
  api: ConnectionsApi,
  ref: ConnectionRef,
  deadline: Deadline,
): Promise<void> {
  let state = await api.get(ref);
  if (state && !settled(ref.profile, state)) {
    state = await waitUntilSettled(api, ref, undefined, deadline, ctx.report, ctx.pacing);
  }
  if (!state || state.status === "Rejected" || state.status === "Disconnected") {
    return;
  }
  const desired = {
    status: "Rejected",
    description: rejectedOnDeleteDescription(ref.connectionName),
  };
  let put;
  try {
    put = await api.put(ref, desired);
  } catch (error) {
    if (error instanceof ConnectionBeingDeletedError) return;
    throw error;
  }
  const after = await waitForPut(api, ref, put, "Rejected", deadline, ctx.report, ctx.pacing);
  if (after.status !== "Rejected") {
    throw new ArmOperationError(`PUT ${formatConnectionId(ref)}`, {
      armMessage:
        `ARM finished the update, but the connection's status is ${after.status ?? "unknown"}, ` +
        "not Rejected; another client may have changed it meanwhile. Re-running the destroy is safe",
    });
  }
}

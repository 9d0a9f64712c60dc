import type { Deadline } from "../arm/clock";
import type { ConnectionsApi } from "../arm/connectionsApi";
import type { ConnectionState } from "../arm/connectionState";
import { settled } from "../arm/serviceWire";
import { ArmOperationError } from "../arm/errors";
import { formatConnectionId, type ParentRef } from "../arm/ids";
import { ConnectionBeingDeletedError } from "../arm/beingDeleted";
import { waitUntilSettled } from "../arm/lro";
import { waitForPut } from "../arm/putWait";
import type { PolicyContext } from "./context";
import { writeDescription } from "./evaluate";
import { Gate } from "./gate";
import { forEachBounded, throwIfAnyFailed } from "./pool";
import { throttledPut } from "./throttledPut";
import type { PlannedWrite, PolicyInputs } from "./rules";

/**
 * Connections waited for at once. Every GET goes through the process's read budget
 * (arm/armBudget.ts), which alone paces reads against ARM's bucket; this bound only keeps a
 * policy over thousands of connections from holding a wait for each at once. A lower bound made
 * a policy of 33 connections on Azure's 16-65 s take three rounds of waits.
 */
export const MAX_CONCURRENT_SETTLES = 256;

/**
 * Makes the planned writes: at most maxConcurrentWrites PUTs in flight (ARM's 429s absorbed,
 * honouring Retry-After; see throttledPut.ts), each then waited for until its
 * provisioningState settles. A settle wait holds no write slot (Updating can take a minute in
 * Azure, and the bucket refills meanwhile), but at most MAX_CONCURRENT_SETTLES wait at once.
 * Returns what ARM says of each connection afterwards; a connection deleted meanwhile (its
 * consumer removed the endpoint) is returned as undefined. Any other failure fails the whole
 * call after every write has finished, naming each failed connection.
 */
export async function applyWrites(
  ctx: PolicyContext,
  api: ConnectionsApi,
  parent: ParentRef,
  policy: PolicyInputs,
  writes: PlannedWrite[],
  current: Map<string, ConnectionState>,
  deadline: Deadline,
): Promise<Map<string, ConnectionState | undefined>> {
  const gate = new Gate(ctx.maxConcurrentWrites);
  const settles = Math.max(ctx.maxConcurrentWrites, MAX_CONCURRENT_SETTLES);
  const outcomes = await forEachBounded(writes, settles, (write) =>
    applyWrite(ctx, gate, api, parent, policy, write, current.get(write.name), deadline),
  );
  throwIfAnyFailed(
    writes,
    outcomes,
    (w) => `${w.to === "Approved" ? "approve" : "reject"} ${w.name}`,
    "writes of the approval policy",
    "The connections not named were written. Re-running is safe: the next 'pulumi up' lists the connections again and writes only those still not as the policy says.",
  );
  return new Map(writes.map((w, i) => [w.name, outcomes[i].ok ? outcomes[i].value : undefined]));
}

async function applyWrite(
  ctx: PolicyContext,
  gate: Gate,
  api: ConnectionsApi,
  parent: ParentRef,
  policy: PolicyInputs,
  write: PlannedWrite,
  listed: ConnectionState | undefined,
  deadline: Deadline,
): Promise<ConnectionState | undefined> {
  const ref = { ...parent, connectionName: write.name };
  const { report, pacing } = ctx.hook;
  if (listed && !settled(ref.profile, listed)) {
    // Another change (or someone else's delete) is in flight; ARM would refuse ours.
    if ((await waitUntilSettled(api, ref, undefined, deadline, report, pacing)) === undefined) {
      return undefined;
    }
  }
  let put;
  try {
    const desired = { status: write.to, description: writeDescription(policy, write) };
    put = await gate.run(() => throttledPut(api, ref, desired, deadline, report));
  } catch (error) {
    const gone = error instanceof ArmOperationError && error.details.statusCode === 404;
    if (gone || error instanceof ConnectionBeingDeletedError) {
      return undefined;
    }
    throw error;
  }
  const answered = put.state;
  const done = answered && !put.operation && settled(ref.profile, answered);
  const state =
    done && answered.status === write.to
      ? answered
      : await waitForPut(api, ref, put, write.to, deadline, report, pacing);
  if (state.status !== write.to) {
    throw new ArmOperationError(`PUT ${formatConnectionId(ref)}`, {
      armMessage: `ARM finished the update, but the connection's status is ${state.status ?? "unknown"}, not ${write.to}; another client may have changed it meanwhile`,
    });
  }
  return state;
}

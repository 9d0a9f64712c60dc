import { ArmOperationError } from "../arm/errors";
import { formatConnectionId } from "../arm/ids";
import { waitUntilSettled } from "../arm/lro";
import { waitForPut } from "../arm/putWait";
import { settled } from "../arm/serviceWire";
import {
  DECLARABLE_STATUSES,
  type ConnectionInputs,
  type ConnectionOutputs,
  type DecisionRecord,
} from "../inputs";
import { armFor } from "./armFor";
import { carriedDecision, decisionOf } from "./decisionRecord";
import { changedSinceDecision, overriddenDecision } from "./changedSinceDecision";
import { declaredStateOf, isInDeclaredState } from "./declaredState";
import { locateConnection, locateManagedConnection } from "./locateConnection";
import { idOf, outputsOf } from "./outputs";
import { resolvedParentRefOf } from "./refs";
import { refusesDeclaredState, unrestorableDriftError } from "./unrestorableDrift";
import type { HookContext } from "./context";

/**
 * What create and update share: GET the connection, refuse drift Azure lets no one undo
 * (unrestorableDrift.ts), PUT only if it is not already in the declared state (PUT is not
 * idempotent on every resource provider, and a needless write burns the subscription's write
 * budget), then wait for provisioningState to settle.
 */
export async function applyDeclaredState(
  ctx: HookContext,
  inputs: ConnectionInputs,
  operation: "create" | "update",
  recorded?: DecisionRecord,
  managedName?: string,
): Promise<{ id: string; outs: ConnectionOutputs }> {
  const { subscriptionId } = await resolvedParentRefOf(ctx, inputs);
  const { api, deadline } = armFor(ctx, subscriptionId, inputs.timeouts, operation);
  const located = managedName
    ? await locateManagedConnection(ctx, api, inputs, managedName)
    : await locateConnection(ctx, api, inputs, deadline);
  const ref = located.ref;
  let state = located.state;
  if (!settled(ref.profile, state)) {
    // Another change is in flight; ARM would refuse ours, and it may already do what we want.
    const settled = await waitUntilSettled(api, ref, undefined, deadline, ctx.report, ctx.pacing);
    if (settled === undefined) {
      throw new ArmOperationError(`GET ${formatConnectionId(ref)}`, {
        statusCode: 404,
        armMessage:
          `the connection was deleted by another client while this ${operation} waited for ` +
          `its change in flight (it showed ${state.provisioningState}); nothing was written`,
      });
    }
    state = settled;
  }
  if (refusesDeclaredState(ref.profile, inputs, state)) {
    throw unrestorableDriftError(ref.profile, idOf(ref, state), inputs.status, state, recorded);
  }
  let decision = carriedDecision(recorded, state.status ?? "", ctx.clock.now());
  if (!isInDeclaredState(state, inputs) || state.provisioningState === "Failed") {
    refuseWriteOfCarriedStatus(idOf(ref, state), inputs.status, state.status);
    const previousStatus = state.status;
    const overridden = overriddenDecision(recorded, previousStatus);
    if (overridden) {
      ctx.warn(
        `Private endpoint connection ${idOf(ref, state)}: ${changedSinceDecision(overridden, previousStatus)} ` +
          `This ${operation} sets it ${inputs.status} again.`,
      );
    }
    const put = await api.put(ref, declaredStateOf(inputs));
    // The decision is when ARM accepted it; provisioning settles 16-65 s later in Azure.
    const acceptedAt = ctx.clock.now();
    state = await waitForPut(api, ref, put, inputs.status, deadline, ctx.report, ctx.pacing);
    if (state.status !== inputs.status) {
      throw new ArmOperationError(`PUT ${formatConnectionId(ref)}`, {
        armMessage:
          `ARM finished the update, but the connection's status is ${state.status ?? "unknown"}, ` +
          `not ${inputs.status}; another client may have changed it meanwhile. Re-running is safe`,
      });
    }
    decision = decisionOf(put, previousStatus, state.status, acceptedAt);
  }
  const outs = outputsOf(inputs, state, idOf(ref, state));
  return { id: idOf(ref, state), outs: decision ? { ...outs, decision } : outs };
}

/**
 * A status no program declares reaches here only through `ignoreChanges: ["status"]` after a
 * refresh (check.ts, checkAgainstState). A PUT writes status and description together, and
 * Azure takes no provider write of Pending or Disconnected, so no write is attempted.
 */
function refuseWriteOfCarriedStatus(id: string, declared: string, status: string | undefined) {
  if (DECLARABLE_STATUSES.some((s) => s === declared)) {
    return;
  }
  throw new Error(
    `Private endpoint connection ${id}: its status is ignored (ignoreChanges) and ARM says ` +
      `${status ?? "unknown"}, but another property changed. A write sets status and description ` +
      `together, and Azure accepts no write of ${declared}; nothing was sent to ARM. Declare ` +
      `status "Approved" or "Rejected" for this update, or ignore the other property too.`,
  );
}

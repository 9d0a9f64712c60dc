/**
 * Drift that no one on the provider side can undo, by Azure's rules: a Rejected connection
 * cannot be approved again ("Manage Azure private endpoints"; only its consumer can ask again),
 * and a Disconnected one (its consumer deleted the private endpoint) cannot be changed at all.
 * The provider says so before it sends anything, instead of letting ARM answer 400 mid-update.
 * Restorable drift (a description edited, a hand-approved connection declared Rejected, a
 * re-requested connection back at Pending) is put back as usual.
 */

import type { ConnectionState } from "../arm/connectionState";
import { formatConnectionId, sameArmName, sameParent, type ConnectionRef } from "../arm/ids";
import { rewriteProblem, transitionProblem } from "../arm/serviceRules";
import type { ServiceProfile } from "../arm/serviceProfiles";
import { normalizedDescription, type DecisionRecord } from "../inputs";
import { parentOfInputs } from "../parentInputs";
import type { CheckFailure } from "./check";
import { preflightApi } from "./preflight";
import type { HookContext } from "./context";
import { changedSinceDecision, overriddenDecision } from "./changedSinceDecision";
import { wasRejectedOnDelete } from "./rejectOnDelete";

/** A declared state that Azure lets no one restore from the connection's current one. */
export class UnrestorableDriftError extends Error {
  override name = "UnrestorableDriftError";
}

/** Whether the service's rules (serviceRules.ts) refuse the declared status from `status`. */
export function isUnrestorable(
  profile: ServiceProfile,
  declared: string,
  status: string | undefined,
): boolean {
  return transitionProblem(profile, status, declared) !== undefined;
}

/**
 * Whether the service refuses the PUT that would put the declared description back on a
 * connection whose status is already the declared one (rewriteProblem in serviceRules.ts).
 */
function isUnrewritable(
  profile: ServiceProfile,
  declared: { status: string; description?: string },
  state: { status?: string; description?: string },
): boolean {
  return (
    state.status === declared.status &&
    normalizedDescription(state.description) !== normalizedDescription(declared.description) &&
    rewriteProblem(profile, declared.status) !== undefined
  );
}

/** Whether the service refuses the write that would put the declared state back. */
export function refusesDeclaredState(
  profile: ServiceProfile,
  declared: { status: string; description?: string },
  state: { status?: string; description?: string },
): boolean {
  return (
    isUnrestorable(profile, declared.status, state.status) ||
    isUnrewritable(profile, declared, state)
  );
}

/**
 * A description may be declared secret (the engine masks it in outputs, never in messages), so
 * a message says only whether there is one.
 */
function describedAs(description: string | undefined): string {
  return description ? `a description of ${description.length} characters` : "no description";
}

/** The one message: what ARM reports, why it cannot be put back, and what to do. */
export function unrestorableDriftError(
  profile: ServiceProfile,
  connectionId: string,
  declared: string,
  state: Pick<ConnectionState, "status" | "description">,
  recorded?: DecisionRecord,
): UnrestorableDriftError {
  const overridden = overriddenDecision(recorded, state.status);
  const reported =
    `Private endpoint connection ${connectionId} is declared ${declared}` +
    (state.status === declared ? " with another description" : "") +
    ", but ARM reports " +
    `status ${state.status} (${describedAs(state.description)}).` +
    (overridden ? ` ${changedSinceDecision(overridden, state.status)}` : "");
  if (state.status === "Disconnected") {
    return new UnrestorableDriftError(
      `${reported} Its consumer deleted the private endpoint; Azure does not let a Disconnected ` +
        "connection be approved or rejected, and removes it. Nothing was sent to ARM. To go on: " +
        "the consumer recreates its private endpoint (a new connection: point this resource at it), " +
        "or remove this resource from the program (destroy deletes the connection).",
    );
  }
  if (state.status !== "Rejected" || declared !== "Approved") {
    // The service's own rule (the SQL family changes a status only from Pending; Storage does
    // not approve an Approved connection again, so its description stays as ARM has it).
    const problem =
      transitionProblem(profile, state.status, declared) ?? rewriteProblem(profile, declared) ?? "";
    return new UnrestorableDriftError(`${reported} Nothing was sent to ARM: ${problem}.`);
  }
  const ours = wasRejectedOnDelete(state.description)
    ? " This provider rejected it when a resource declaring it was deleted with onDelete " +
      '"reject" (a destroy, a removal or a replace).'
    : "";
  return new UnrestorableDriftError(
    `${reported}${ours} Azure does not let a rejected connection be approved again; only the consumer ` +
      "can ask again. Nothing was sent to ARM. To go on: the consumer re-requests approval (sets " +
      "its private endpoint's connection back to Pending) or recreates its private endpoint, then " +
      'run the update again; or declare status "Rejected"; or remove this resource from the program.',
  );
}

/**
 * At preview and before an update: when the state, as a refresh recorded it, shows drift that
 * cannot be undone, confirm with ARM and return the refusal. This runs in check, not diff:
 * the engine calls diff during `pulumi refresh` too (to show drift against the program), and
 * a refresh must succeed and record what ARM says. The state may be older than a consumer's
 * re-request, so the refusal rests on a fresh GET, never on the state alone.
 */
export async function unrestorableDriftFailure(
  ctx: HookContext,
  olds: Record<string, unknown>,
  inputs: Record<string, unknown>,
): Promise<CheckFailure | undefined> {
  const recorded = typeof olds.status === "string" ? olds.status : undefined;
  const declared = inputs.status;
  if (declared !== "Approved" && declared !== "Rejected") {
    return undefined;
  }
  const ref = sameConnectionRef(ctx, olds, inputs);
  if (!ref) return undefined;
  const wanted = { status: declared, description: text(inputs.description) };
  const refused = (state: { status?: string; description?: string }) =>
    refusesDeclaredState(ref.profile, wanted, state);
  if (!refused({ status: recorded, description: text(olds.description) })) {
    return undefined;
  }
  // A preview's read: the parent check's 30 s, not the update's timeout (30 minutes).
  const state = await preflightApi(ctx, ref.subscriptionId).get(ref);
  if (!state || !refused(state)) {
    return undefined;
  }
  const id = state.id || formatConnectionId(ref);
  const reason = unrestorableDriftError(ref.profile, id, declared, state).message;
  return { property: "status", reason };
}

/** The connection the old state names, when the program still names the same one. */
function sameConnectionRef(
  ctx: HookContext,
  olds: Record<string, unknown>,
  inputs: Record<string, unknown>,
): ConnectionRef | undefined {
  const old = parentOfInputs(ctx.kind, olds);
  const now = parentOfInputs(ctx.kind, inputs);
  const connectionName = text(olds.privateEndpointConnectionName);
  if (!old || !now || !connectionName || !sameParent(old, now)) return undefined;
  const byName = text(inputs.privateEndpointConnectionName);
  if (byName !== undefined && !sameArmName(byName, connectionName)) return undefined;
  return { ...old, connectionName };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

import type { ConnectionState } from "../arm/connectionState";
import { parseConnectionId } from "../arm/ids";
import type { Timeouts } from "../inputs";
import { armFor } from "./connectionRef";
import type { HookContext } from "./context";
import type { DiffResult } from "./diff";

/**
 * Drift that no one on the provider side can undo, by Azure's rules: a Rejected connection
 * cannot be approved again ("Manage Azure private endpoints"; only its consumer can ask again),
 * and a Disconnected one (its consumer deleted the private endpoint) cannot be changed at all.
 * The provider says so before it sends anything, instead of letting ARM answer 400 mid-update.
 * Restorable drift (a description edited, a hand-approved connection declared Rejected, a
 * re-requested connection back at Pending) is put back as usual.
 */

export class UnrestorableDriftError extends Error {
  override name = "UnrestorableDriftError";
}

export function isUnrestorable(declared: string, status: string | undefined): boolean {
  return status === "Disconnected" || (declared === "Approved" && status === "Rejected");
}

function quoted(description: string | undefined): string {
  return description ? `"${description}"` : "none";
}

/** The one message: what ARM reports, why it cannot be put back, and what to do. */
export function unrestorableDriftError(
  connectionId: string,
  declared: string,
  state: Pick<ConnectionState, "status" | "description">,
): UnrestorableDriftError {
  const reported =
    `Private endpoint connection ${connectionId} is declared ${declared}, but ARM reports ` +
    `status ${state.status} (description: ${quoted(state.description)}).`;
  if (state.status === "Disconnected") {
    return new UnrestorableDriftError(
      `${reported} Its consumer deleted the private endpoint; Azure does not let a Disconnected ` +
        "connection be approved or rejected, and removes it. Nothing was sent to ARM. To go on: " +
        "the consumer recreates its private endpoint (a new connection: point this resource at it), " +
        "or remove this resource from the program (destroy deletes the connection).",
    );
  }
  return new UnrestorableDriftError(
    `${reported} Azure does not let a rejected connection be approved again; only the consumer ` +
      "can ask again. Nothing was sent to ARM. To go on: the consumer re-requests approval (sets " +
      "its private endpoint's connection back to Pending) or recreates its private endpoint, then " +
      'run the update again; or declare status "Rejected"; or remove this resource from the program.',
  );
}

/**
 * At preview (and before update): when the state, as a refresh recorded it, shows drift that
 * cannot be undone, confirm with ARM and fail. The state may be older than a consumer's
 * re-request, so the refusal rests on a fresh GET, never on the state alone.
 */
export async function refuseUnrestorableDrift(
  ctx: HookContext,
  id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  plan: DiffResult,
): Promise<void> {
  const declared = news.status;
  if (plan.replaces.length > 0 || !plan.changes || typeof declared !== "string" || id === "") {
    return;
  }
  if (!isUnrestorable(declared, typeof olds.status === "string" ? olds.status : undefined)) {
    return;
  }
  const ref = parseConnectionId(id);
  const { api } = armFor(ctx, ref.subscriptionId, olds.timeouts as Timeouts | undefined, "update");
  const state = await api.get(ref);
  if (state && isUnrestorable(declared, state.status)) {
    throw unrestorableDriftError(id, declared, state);
  }
}

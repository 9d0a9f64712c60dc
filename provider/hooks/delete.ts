import { waitUntilDeleted } from "../arm/deleteWait";
import {
  DEFAULT_CONNECTION_ON_DELETE,
  type ConnectionOutputs,
  type OnDelete,
  type Timeouts,
} from "../inputs";
import { armFor } from "./armFor";
import type { HookContext } from "./context";
import { rejectOnDelete } from "./rejectOnDelete";
import { connectionRefOfId } from "./refs";

/**
 * delete applies the onDelete the state recorded at the last up (the engine hands delete the
 * old outputs, never the program's new inputs): "retain" calls ARM not at all; "reject" PUTs
 * Rejected (rejectOnDelete.ts); "delete" (the default, and what a state from before onDelete
 * means) is ARM's DELETE long-running operation, waited for within the delete timeout until a
 * GET of the connection answers 404. A connection already gone is success, so re-running a
 * destroy that was interrupted is always safe.
 *
 * A connection that a resource of the running deployment still declares (declarations.ts) is
 * handed over, whatever onDelete says: the engine replaces create-before-delete and deletes a
 * renamed resource's old URN after creating the new one, and that resource has already put the
 * connection in its declared status. Nothing is sent to ARM.
 */
export async function deleteConnection(
  ctx: HookContext,
  id: string,
  props: Partial<ConnectionOutputs> | undefined,
): Promise<void> {
  const onDelete: OnDelete = props?.onDelete ?? DEFAULT_CONNECTION_ON_DELETE;
  if (onDelete === "retain") {
    return;
  }
  const ref = await connectionRefOfId(ctx, id);
  const declarer = ctx.declarations.declarerOf(ref, props?.privateEndpointId);
  if (declarer !== undefined) {
    ctx.report(
      `Private endpoint connection ${id} is declared by ${declarer}: ` +
        `left to it (onDelete "${onDelete}" not applied, nothing sent to ARM)`,
    );
    return;
  }
  const { api, deadline } = armFor(
    ctx,
    ref.subscriptionId,
    props?.timeouts as Timeouts | undefined,
    "delete",
  );
  if (onDelete === "reject") {
    await rejectOnDelete(ctx, api, ref, deadline);
    return;
  }
  const start = await api.beginDelete(ref);
  if (start.kind === "gone") {
    return;
  }
  await waitUntilDeleted(api, ref, start, deadline, ctx.report, ctx.pacing);
}

import { parseConnectionId } from "../arm/ids";
import { waitUntilDeleted } from "../arm/deleteWait";
import type { ConnectionOutputs, Timeouts } from "../inputs";
import { armFor } from "./armFor";
import type { HookContext } from "./context";

/**
 * delete: ARM's DELETE long-running operation, waited for within the delete timeout until a
 * GET of the connection answers 404. A connection already gone is success, so re-running
 * a destroy that was interrupted is always safe.
 */
export async function deleteConnection(
  ctx: HookContext,
  id: string,
  props: Partial<ConnectionOutputs> | undefined,
): Promise<void> {
  const ref = parseConnectionId(id);
  const { api, deadline } = armFor(
    ctx,
    ref.subscriptionId,
    props?.timeouts as Timeouts | undefined,
    "delete",
  );
  const start = await api.beginDelete(ref);
  if (start.kind === "gone") {
    return;
  }
  await waitUntilDeleted(api, ref, start, deadline, ctx.report, ctx.pacing);
}

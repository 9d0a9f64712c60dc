import { connectionNameOfId } from "../arm/ids";
import type { ConnectionInputs, ConnectionOutputs } from "../inputs";
import { applyDeclaredState } from "./applyDeclaredState";
import type { HookContext } from "./context";

/**
 * update: as create, but of the connection the resource's id names (recorded as connectionId),
 * never of another one the inputs would select now; diff only sends status, description and
 * onDelete changes here. The last decision record is carried over when this update writes nothing.
 */
export async function update(
  ctx: HookContext,
  news: ConnectionInputs,
  olds?: Partial<ConnectionOutputs>,
): Promise<{ outs: ConnectionOutputs }> {
  const managed =
    connectionNameOfId(olds?.connectionId ?? "") ||
    olds?.privateEndpointConnectionName ||
    undefined;
  const { outs } = await applyDeclaredState(ctx, news, "update", olds?.decision, managed);
  return { outs };
}

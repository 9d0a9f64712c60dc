import type { ConnectionInputs, ConnectionOutputs } from "../inputs";
import { applyDeclaredState } from "./applyDeclaredState";
import type { HookContext } from "./context";

/**
 * update: as create; diff only sends status and description changes here. The last decision
 * record is carried over when this update writes nothing.
 */
export async function update(
  ctx: HookContext,
  news: ConnectionInputs,
  olds?: Partial<ConnectionOutputs>,
): Promise<{ outs: ConnectionOutputs }> {
  const { outs } = await applyDeclaredState(ctx, news, "update", olds?.decision);
  return { outs };
}

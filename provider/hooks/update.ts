import type { ConnectionInputs, ConnectionOutputs } from "../inputs";
import { applyDeclaredState } from "./applyDeclaredState";
import type { HookContext } from "./context";

/** update: as create; diff only sends status and description changes here. */
export async function update(
  ctx: HookContext,
  news: ConnectionInputs,
): Promise<{ outs: ConnectionOutputs }> {
  const { outs } = await applyDeclaredState(ctx, news, "update");
  return { outs };
}

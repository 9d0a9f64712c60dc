import type { ConnectionInputs, ConnectionOutputs } from "../inputs";
import { applyDeclaredState } from "./applyDeclaredState";
import type { HookContext } from "./context";

/** create: adopt the existing connection and put it in the declared state. */
export function create(
  ctx: HookContext,
  inputs: ConnectionInputs,
): Promise<{ id: string; outs: ConnectionOutputs }> {
  return applyDeclaredState(ctx, inputs, "create");
}

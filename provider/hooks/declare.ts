/**
 * Records what a resource of the running deployment declares (declarations.ts): the
 * connection its checked inputs name, and, once create or update has found it, the
 * connection's ARM id and its endpoint, so a delete of the same connection under another
 * resource (a replacement, a rename) leaves it to this one.
 */

import { parseConnectionId } from "../arm/ids";
import type { ConnectionInputs, ConnectionOutputs } from "../inputs";
import { isUnknown } from "./checkInputs";
import type { HookContext } from "./context";
import { parentRefOf } from "./refs";

/** Checked inputs: recorded when every name they give is known (a preview may not know). */
export function declareChecked(ctx: HookContext, inputs: Record<string, unknown>): void {
  const known = (value: unknown): string | undefined =>
    typeof value === "string" && value !== "" && !isUnknown(value) ? value : undefined;
  const declared = inputs as unknown as ConnectionInputs;
  const parent = parentRefOf(ctx, declared);
  if (![parent.subscriptionId, parent.resourceGroupName, parent.parentName].every(known)) return;
  ctx.declarations.declareConnection(parent, {
    name: known(inputs.privateEndpointConnectionName),
    privateEndpointId: known(inputs.privateEndpointId),
  });
}

/** What create or update returned: its connection is declared; the result passes through. */
export function declareConnectionOf<T extends { outs: ConnectionOutputs }>(
  ctx: HookContext,
  result: T,
): T {
  const ref = parseConnectionId(result.outs.connectionId);
  ctx.declarations.declareConnection(ref, {
    name: ref.connectionName,
    privateEndpointId: result.outs.privateEndpointId,
  });
  return result;
}

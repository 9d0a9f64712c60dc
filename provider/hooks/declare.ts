/**
 * Records what a resource of the running deployment declares (declarations.ts): the
 * connection its checked inputs name (or, for an approval policy, its parent's connections),
 * and, once create or update has found it, the connection's ARM id and its endpoint, so a
 * delete of the same connection under another resource (a replacement, a rename) leaves it to
 * this one.
 */

import { parseAnyConnectionId, type ParentRef } from "../arm/ids";
import { registeredProfileOf } from "../arm/registeredProfiles";
import type { ConnectionOutputs } from "../inputs";
import { parentOfInputs } from "../parentInputs";
import { isUnknown } from "./checkInputs";
import type { HookContext } from "./context";

const known = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" && !isUnknown(value) ? value : undefined;

/** The parent the checked inputs name, when every name is known (a preview may not know). */
function knownParent(ctx: HookContext, inputs: Record<string, unknown>): ParentRef | undefined {
  const parent = parentOfInputs(ctx.kind, inputs);
  const names = [parent?.subscriptionId, parent?.resourceGroupName, parent?.parentName];
  return names.every(known) ? parent : undefined;
}

/** A connection resource's checked inputs: the connection they name. */
export function declareChecked(ctx: HookContext, inputs: Record<string, unknown>): void {
  const parent = knownParent(ctx, inputs);
  if (parent === undefined) return;
  ctx.declarations.declareConnection(parent, {
    name: known(inputs.privateEndpointConnectionName),
    privateEndpointId: known(inputs.privateEndpointId),
  });
}

/** An approval policy's checked inputs: its parent's connections, less those it excludes. */
export function declarePolicyChecked(ctx: HookContext, inputs: Record<string, unknown>): void {
  const parent = knownParent(ctx, inputs);
  if (parent === undefined) return;
  const exclude = Array.isArray(inputs.exclude) ? inputs.exclude : [];
  ctx.declarations.declarePolicy(
    parent,
    exclude.filter((n): n is string => known(n) !== undefined),
  );
}

/** What create or update returned: its connection is declared; the result passes through. */
export function declareConnectionOf<T extends { outs: ConnectionOutputs }>(
  ctx: HookContext,
  result: T,
): T {
  const ref = parseAnyConnectionId(result.outs.connectionId, registeredProfileOf);
  if (ref === undefined) return result;
  ctx.declarations.declareConnection(ref, {
    name: ref.connectionName,
    privateEndpointId: result.outs.privateEndpointId,
  });
  return result;
}

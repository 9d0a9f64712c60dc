/**
 * Inputs -> where the connection lives in ARM: the parent's and the connection's refs (the
 * parts of their ARM ids), and the id ARM gave the connection.
 */

import type { ConnectionState } from "../arm/connectionState";
import { formatConnectionId, type ConnectionRef, type ParentRef } from "../arm/ids";
import type { ConnectionInputs } from "../inputs";
import { parentNameOf } from "../parentInputs";
import type { HookContext } from "./context";

/** The HSM or vault the declared connection belongs to. */
export function parentRefOf(ctx: HookContext, props: ConnectionInputs): ParentRef {
  return {
    subscriptionId: props.subscriptionId,
    resourceGroupName: props.resourceGroupName,
    parentType: ctx.kind.armType,
    parentName: parentNameOf(ctx.kind, props),
  };
}

/** Where a connection of that parent lives in ARM. */
export function connectionRefOf(
  ctx: HookContext,
  props: ConnectionInputs,
  connectionName: string,
): ConnectionRef {
  return { ...parentRefOf(ctx, props), connectionName };
}

/** The id ARM answered with; the one the ref spells when ARM gave none. */
export function idOf(ref: ConnectionRef, state: ConnectionState): string {
  return state.id || formatConnectionId(ref);
}

/**
 * Inputs -> where the connection lives in ARM: the parent's and the connection's refs (the
 * parts of their ARM ids).
 */

import type { ConnectionRef, ParentRef } from "../arm/ids";
import type { ConnectionInputs } from "../inputs";
import { parentNameOf, type ParentNameProperty } from "../parentInputs";
import type { HookContext } from "./context";

/** The inputs that name the HSM or vault: a connection's, or an approval policy's. */
export type ParentInputs = Pick<ConnectionInputs, "subscriptionId" | "resourceGroupName"> &
  Partial<Record<ParentNameProperty, string>>;

/** The HSM or vault the inputs name. */
export function parentRefOf(ctx: HookContext, props: ParentInputs): ParentRef {
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

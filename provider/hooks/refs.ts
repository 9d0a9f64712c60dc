/**
 * Inputs -> where the connection lives in ARM: the parent's and the connection's refs (the
 * parts of their ARM ids, and the parent's service profile).
 */

import {
  connectionIdParts,
  parseAnyConnectionId,
  parseConnectionId,
  type ConnectionRef,
  type ParentRef,
} from "../arm/ids";
import { registeredProfileOf, rememberRegisteredProfile } from "../arm/registeredProfiles";
import { resolveParentResource } from "../arm/providerRegistration";
import { PARENT_RESOURCE_ID, namesByParentId, parentOfInputs } from "../parentInputs";
import type { HookContext } from "./context";

/** The inputs that name the parent: a connection's, or an approval policy's. */
export type ParentInputs = object;

/** The parent the checked inputs name (check has validated them, and resolved its type). */
export function parentRefOf(ctx: HookContext, props: ParentInputs): ParentRef {
  const parent = parentOfInputs(ctx.kind, props as Record<string, unknown>);
  if (!parent) {
    // check resolves every parent first; a type resolved in another process is not known here.
    throw new Error(
      "the inputs name no parent whose type this provider process knows; run 'pulumi up' " +
        "again, so that its check resolves the type from ARM's provider registration",
    );
  }
  return parent;
}

/**
 * parentRefOf, once the parent's type is known: a parentResourceId of a type the table lacks is
 * looked up in ARM's provider registration (when check could not, e.g. a preview without
 * credentials), and refused with the registration's words when it has no connections.
 */
export async function resolvedParentRefOf(
  ctx: HookContext,
  props: ParentInputs,
): Promise<ParentRef> {
  const id = (props as Record<string, unknown>)[PARENT_RESOURCE_ID];
  if (namesByParentId(ctx.kind) && typeof id === "string") {
    const resolved = await resolveParentResource(PARENT_RESOURCE_ID, id, ctx.registration);
    if (!resolved.ok) throw new Error(resolved.problem);
  }
  return parentRefOf(ctx, props);
}

/** Where a connection of that parent lives in ARM. */
export function connectionRefOf(
  ctx: HookContext,
  props: ParentInputs,
  connectionName: string,
): ConnectionRef {
  return { ...parentRefOf(ctx, props), connectionName };
}

/**
 * The connection a resource's id names. A Key Vault resource takes only its own kind's; a
 * resource of any service takes any type the profile table knows, else the one ARM's provider
 * registration describes (a refresh or destroy runs no check, so it is resolved here too).
 */
export async function connectionRefOfId(ctx: HookContext, id: string): Promise<ConnectionRef> {
  if (!namesByParentId(ctx.kind)) {
    const ref = parseConnectionId(id);
    if (ref.profile !== ctx.kind.profile) {
      throw new Error(
        `'${id}' is a connection of a ${ref.profile.displayName}, not of a ` +
          `${ctx.kind.displayName}; use the matching resource class`,
      );
    }
    return ref;
  }
  const known = parseAnyConnectionId(id, registeredProfileOf);
  if (known) return known;
  const parts = connectionIdParts(id);
  if (!parts) {
    throw new Error(
      `'${id}' is not the ARM id of a private endpoint connection (expected ` +
        `/subscriptions/{id}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}/` +
        `privateEndpointConnections/{connection})`,
    );
  }
  const found = await ctx.registration(parts.subscriptionId, parts.resourceType, "id");
  if (!found.ok) throw new Error(found.problem);
  rememberRegisteredProfile(found.profile);
  const { subscriptionId, resourceGroupName, parentName, connectionName } = parts;
  return { subscriptionId, resourceGroupName, parentName, connectionName, profile: found.profile };
}

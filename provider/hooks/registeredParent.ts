/**
 * At check, a parentResourceId whose type the profile table lacks: ARM's provider registration
 * says whether the type has private endpoint connections (then it is served on ARM's common
 * behaviour at the registered api-version) or not (then the check fails, naming the field and
 * what to do), before any other call.
 */

import { resolveParentResource } from "../arm/providerRegistration";
import { tlsFailureOf } from "../arm/tlsFailure";
import { PARENT_RESOURCE_ID, namesByParentId } from "../parentInputs";
import type { CheckFailure } from "./checkInputs";
import { isUnknown } from "./checkInputs";
import type { HookContext } from "./context";

export async function unprofiledParentFailure(
  ctx: HookContext,
  inputs: Record<string, unknown>,
): Promise<CheckFailure | undefined> {
  const id = inputs[PARENT_RESOURCE_ID];
  if (!namesByParentId(ctx.kind) || typeof id !== "string" || isUnknown(id)) return undefined;
  try {
    const resolved = await resolveParentResource(PARENT_RESOURCE_ID, id, ctx.registration);
    return resolved.ok ? undefined : { property: PARENT_RESOURCE_ID, reason: resolved.problem };
  } catch (error) {
    if (tlsFailureOf(error) !== undefined) throw error;
    // As for the parent's existence (parentExists.ts): a registration that cannot be read now
    // (no credentials in a PR's preview, a 403) is read again by the operation, which fails
    // with ARM's words if it still cannot.
    return undefined;
  }
}

/**
 * At preview, for a resource that now names another connection of the same HSM or vault: one
 * GET says whether that connection exists. The change replaces the resource, and a connection
 * that is not there (a typo) fails the preview before anything is written, instead of failing
 * the up. (A new parent is parentExists.ts's; either way the replacement is created before the
 * old connection is touched, so a wrong name never costs the old one.) Not when waitForConnectionSeconds allows the connection to appear later.
 * Only ARM's answer that the connection is absent fails the check; anything else is left to the
 * operation, as in parentExists.ts. Reads only.
 */

import { formatConnectionId, sameArmName } from "../arm/ids";
import type { ConnectionInputs } from "../inputs";
import { parentProperties } from "../parentInputs";
import type { CheckFailure } from "./check";
import { isUnknown } from "./checkInputs";
import type { HookContext } from "./context";
import { preflightApi } from "./preflight";
import { connectionRefOf } from "./refs";

export async function missingRenamedConnectionFailure(
  ctx: HookContext,
  olds: Record<string, unknown>,
  inputs: Record<string, unknown>,
): Promise<CheckFailure | undefined> {
  const declared = inputs as unknown as ConnectionInputs;
  const name = declared.privateEndpointConnectionName;
  const names = parentProperties(ctx.kind);
  if (
    Object.keys(olds).length === 0 ||
    (declared.waitForConnectionSeconds ?? 0) > 0 ||
    typeof name !== "string" ||
    name === "" ||
    [name, ...names.map((key) => inputs[key])].some((v) => typeof v !== "string" || isUnknown(v)) ||
    !names.every((key) => sameName(olds[key], inputs[key])) ||
    sameName(olds.privateEndpointConnectionName, name)
  ) {
    return undefined;
  }
  const ref = connectionRefOf(ctx, declared, name);
  try {
    if ((await preflightApi(ctx, ref.subscriptionId).get(ref)) !== undefined) return undefined;
  } catch {
    return undefined;
  }
  return {
    property: "privateEndpointConnectionName",
    reason:
      `${formatConnectionId(ref)} does not exist, so this change cannot replace the connection ` +
      `the resource has now (nothing was written): check the name, or set ` +
      `waitForConnectionSeconds if its private endpoint is being created.`,
  };
}

function sameName(old: unknown, value: unknown): boolean {
  return typeof old === "string" && typeof value === "string" && sameArmName(old, value);
}

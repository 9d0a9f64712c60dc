/**
 * At preview, for a resource that is new (or now names another HSM or vault): one read says
 * whether the parent exists, so a mistyped hsmName fails the preview instead of the up. Only
 * ARM's definite 404 for the parent, its resource group or its subscription fails the check,
 * and so does a certificate the provider does not trust (the emulator's, a proxy's): the up
 * would fail on it, and a preview that passes would say all is well. Anything else (no
 * credentials in a PR pipeline's preview, a network error, a 403) is left to the operation,
 * which reports it with ARM's words. Reads only.
 */

import type { ConnectionsApi } from "../arm/connectionsApi";
import { ArmOperationError } from "../arm/errors";
import { describeParent, formatParentId, sameParent, type ParentRef } from "../arm/ids";
import { tlsFailureOf } from "../arm/tlsFailure";
import type { ConnectionInputs } from "../inputs";
import { parentOfInputs, parentProperties } from "../parentInputs";
import type { CheckFailure } from "./check";
import { isUnknown } from "./checkInputs";
import { preflightApi } from "./preflight";
import { connectionRefOf } from "./refs";
import type { HookContext } from "./context";

export async function missingParentFailure(
  ctx: HookContext,
  olds: Record<string, unknown>,
  inputs: Record<string, unknown>,
): Promise<CheckFailure | undefined> {
  const identity = parentProperties(ctx.kind);
  if (!identity.every((key) => typeof inputs[key] === "string" && !isUnknown(inputs[key]))) {
    return undefined;
  }
  const declared = inputs as unknown as ConnectionInputs;
  const parent = parentOfInputs(ctx.kind, inputs);
  if (!parent || sameParentAsState(ctx, olds, parent)) {
    return undefined;
  }
  try {
    await once(ctx, parent, () =>
      readParent(ctx, preflightApi(ctx, parent.subscriptionId), parent, declared),
    );
    return undefined;
  } catch (error) {
    if (tlsFailureOf(error) !== undefined) {
      throw error;
    }
    // A 404 without ARM's error code is not ARM's answer (a mistyped endpoint, a proxy's
    // page): notFound.ts words it for the operation.
    return error instanceof ArmOperationError &&
      error.details.statusCode === 404 &&
      error.details.code !== undefined
      ? {
          property: propertyOf(error.details.code, identity),
          reason: sentence(parent, error.details.code),
        }
      : undefined;
  }
}

/**
 * One read per parent for the checks of a whole update, in the whole host process (the engine
 * makes a provider object per resource): 200 new connections of one HSM are checked at once, and
 * each read is a turn in the subscription's read budget that the operations need.
 */
function once(ctx: HookContext, parent: ParentRef, read: () => Promise<void>): Promise<void> {
  const key = `${ctx.principal(parent.subscriptionId)} ${formatParentId(parent)}`.toLowerCase();
  return ctx.foundParents.once(key, ctx.clock, read);
}

/** A GET of the connection when it is named (found: the parent exists), else the list. */
async function readParent(
  ctx: HookContext,
  api: ConnectionsApi,
  parent: ParentRef,
  inputs: ConnectionInputs,
): Promise<void> {
  const name = inputs.privateEndpointConnectionName;
  if (typeof name === "string" && !isUnknown(name) && name !== "") {
    if ((await api.get(connectionRefOf(ctx, inputs, name))) !== undefined) return;
  }
  // ARM answers a connection's GET 404 both when it is absent and when its parent is; the
  // list tells the two apart (a parent's list 404s only when the parent does not exist).
  await api.list(parent, "first");
}

function sameParentAsState(ctx: HookContext, olds: Record<string, unknown>, parent: ParentRef) {
  const old = parentOfInputs(ctx.kind, olds);
  return old !== undefined && sameParent(old, parent);
}

function propertyOf(code: string | undefined, identity: string[]): string {
  const named =
    code === "SubscriptionNotFound"
      ? "subscriptionId"
      : code === "ResourceGroupNotFound"
        ? "resourceGroupName"
        : undefined;
  // A parent named by its id has one input for all three.
  return named !== undefined && identity.includes(named) ? named : identity[identity.length - 1];
}

function sentence(parent: ParentRef, code: string): string {
  const what =
    code === "SubscriptionNotFound"
      ? `The subscription '${parent.subscriptionId}'`
      : code === "ResourceGroupNotFound"
        ? `The resource group '${parent.resourceGroupName}'`
        : describeParent(parent);
  return `${what} does not exist (ARM answered 404 ${code}): check the name, the resource group and the subscription.`;
}

import { badRequest, methodNotAllowed } from "../errors";
import { parentId } from "../state/ids";
import { requireProfile } from "../services/lookup";
import { providerRegistration } from "../services/registration";
import type { ParentRecord } from "../state/records";
import type { Answer } from "../server/http";
import type { SubscriptionTarget } from "../server/routes";
import { DEFAULT_SUBSCRIPTION_ID } from "../defaults";
import {
  checkApiVersionIn,
  RESOURCES_API_VERSIONS,
  SUBSCRIPTIONS_API_VERSIONS,
} from "./apiVersions";
import { authenticate } from "./authentication";
import type { ArmContext } from "./context";
import { pageOf } from "./paging";
import {
  answerAsArm,
  checkSubscription,
  single,
  takeThrottle,
  type IncomingArmRequest,
} from "./pipeline";
import { parentJson } from "./representation";
import { connectionsAsRead } from "./parents";

/**
 * ARM's routes above a resource group that clients such as the Azure CLI call: the
 * subscriptions the caller sees (`az login`), one subscription, an RP's subscription-wide list
 * of its parents, the generic resource list with `$filter` (commands without `-g`), and a
 * provider namespace's registration (services/registration.ts).
 * Checked in ARM's order: token, subscription, api-version, throttling.
 */

export type IncomingSubscriptionRequest = Omit<IncomingArmRequest, "target" | "readBody"> & {
  target: SubscriptionTarget;
};

type ScopedTarget = Exclude<SubscriptionTarget, { resource: "subscriptions" }>;

/** Invented: ARM shows the subscription's name from billing; the emulator has none. */
function displayNameOf(subscriptionId: string): string {
  return subscriptionId.toLowerCase() === DEFAULT_SUBSCRIPTION_ID
    ? "MHSM ARM emulator"
    : `MHSM ARM emulator (${subscriptionId})`;
}

/** Microsoft.Resources' Subscription, as the 2022-12-01 list answers it. */
function subscriptionJson(subscriptionId: string, tenantId: string): object {
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId,
    tenantId,
    displayName: displayNameOf(subscriptionId),
    state: "Enabled",
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: "PayAsYouGo_2014-09-01",
      spendingLimit: "Off",
    },
  };
}

/** `$top`, where a list takes it: the page size, else the behavior's listPageSize. */
function pageSizeOf(ctx: ArmContext, url: URL): number {
  const top = url.searchParams.get("$top");
  if (top === null) {
    return ctx.behavior().listPageSize;
  }
  const n = Number(top);
  if (!Number.isInteger(n) || n < 1) {
    throw badRequest(`The $top '${top}' is not valid: it must be a positive integer.`);
  }
  return n;
}

const CONDITION = /^(resourceType|name)\s+eq\s+'([^']*)'$/i;

/** `$filter` of the generic list: `resourceType eq '...'` and `name eq '...'`, joined by `and`. */
function filterOf(url: URL): (p: ParentRecord) => boolean {
  const filter = url.searchParams.get("$filter")?.trim();
  if (!filter) {
    return () => true;
  }
  const tests = filter.split(/\s+and\s+/i).map((condition) => {
    const match = CONDITION.exec(condition.trim());
    if (!match) {
      throw badRequest(`The $filter '${filter}' is not supported by this emulator.`);
    }
    const [, field, value] = match;
    const wanted = value.toLowerCase();
    return field.toLowerCase() === "name"
      ? (p: ParentRecord) => p.parentName.toLowerCase() === wanted
      : (p: ParentRecord) => p.resourceType.toLowerCase() === wanted;
  });
  return (p) => tests.every((t) => t(p));
}

/** GenericResourceExpanded, as the resource list answers a parent. */
function genericResourceJson(ctx: ArmContext, p: ParentRecord): object {
  const style = ctx.behavior();
  return {
    id: parentId(p, style.lowercaseTypeInIds),
    name: p.parentName,
    type: p.resourceType,
    location: p.location,
  };
}

function listParents(
  ctx: ArmContext,
  target: Extract<ScopedTarget, { resource: "parents" }>,
  url: URL,
): Answer {
  const behavior = ctx.behavior();
  const items = ctx.state
    .parentsIn(target.subscriptionId)
    .filter((p) => p.resourceType === target.resourceType)
    .map((p) => parentJson(p, connectionsAsRead(ctx, p), behavior, ctx.tenantId));
  return { status: 200, body: pageOf(ctx.baseUrl, url, items, pageSizeOf(ctx, url)) };
}

function listResources(ctx: ArmContext, subscriptionId: string, url: URL): Answer {
  const items = ctx.state
    .parentsIn(subscriptionId)
    .filter(filterOf(url))
    .map((p) => genericResourceJson(ctx, p));
  return { status: 200, body: pageOf(ctx.baseUrl, url, items, pageSizeOf(ctx, url)) };
}

function apiVersionsOf(target: ScopedTarget): readonly string[] {
  switch (target.resource) {
    case "subscription":
      return SUBSCRIPTIONS_API_VERSIONS;
    case "resources":
    case "provider":
      return RESOURCES_API_VERSIONS;
    case "parents":
      return requireProfile(target.resourceType).apiVersions;
  }
}

function scoped(
  ctx: ArmContext,
  req: IncomingSubscriptionRequest,
  target: ScopedTarget,
  headers: Record<string, string>,
): Answer {
  checkSubscription(ctx, target.subscriptionId);
  checkApiVersionIn(req.url.searchParams, apiVersionsOf(target));
  takeThrottle(ctx, req.method, target.subscriptionId, headers);
  switch (target.resource) {
    case "subscription":
      return { status: 200, body: subscriptionJson(target.subscriptionId, ctx.tenantId) };
    case "parents":
      return listParents(ctx, target, req.url);
    case "resources":
      return listResources(ctx, target.subscriptionId, req.url);
    case "provider":
      return { status: 200, body: providerRegistration(target.subscriptionId, target.namespace) };
  }
}

function answer(
  ctx: ArmContext,
  req: IncomingSubscriptionRequest,
  headers: Record<string, string>,
): Answer {
  authenticate(ctx, single(req.headers.authorization));
  if (req.method !== "GET") {
    throw methodNotAllowed(req.method);
  }
  const target = req.target;
  if (target.resource !== "subscriptions") {
    return scoped(ctx, req, target, headers);
  }
  // Tenant-level: no subscription, so no subscription throttle bucket either.
  checkApiVersionIn(req.url.searchParams, SUBSCRIPTIONS_API_VERSIONS);
  const value = ctx.state.subscriptionIds().map((id) => subscriptionJson(id, ctx.tenantId));
  return { status: 200, body: { value, count: { type: "Total", value: value.length } } };
}

export function handleSubscriptions(
  ctx: ArmContext,
  req: IncomingSubscriptionRequest,
): Promise<Answer> {
  return answerAsArm(req.requestId, req.headers, (headers) => answer(ctx, req, headers));
}

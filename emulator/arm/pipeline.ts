import { randomUUID } from "node:crypto";
import {
  ArmError,
  invalidSubscriptionId,
  methodNotAllowed,
  subscriptionNotFound,
  throttled,
  type RequestClass,
} from "../errors";
import type { Answer } from "../server/http";
import type { ArmTarget } from "../server/routes";
import { checkApiVersionIn } from "./apiVersions";
import { profilesIn, requireProfile } from "../services/lookup";
import { authenticate } from "./authentication";
import { handleConnection, handleList } from "./connections";
import type { ArmContext } from "./context";
import { handleParent } from "./parents";
import { pollServiceOperation } from "./serviceOperations";

/**
 * One ARM request, in the order ARM checks it: token, subscription id, api-version,
 * throttling, then the resource provider's handler. Every answer, errors included, carries
 * the headers ARM always sends.
 */

export interface IncomingArmRequest {
  target: ArmTarget;
  method: string;
  url: URL;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  requestId: string;
  readBody: () => Promise<string>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** As recorded from Key Vault's RP. */
const KEYVAULT_SERVICE_VERSION = "1.5.372.0";

const RATE_LIMIT_HEADERS: Readonly<Record<RequestClass, string>> = {
  read: "x-ms-ratelimit-remaining-subscription-reads",
  write: "x-ms-ratelimit-remaining-subscription-writes",
  delete: "x-ms-ratelimit-remaining-subscription-deletes",
};

function requestClassOf(method: string): RequestClass {
  return method === "GET" ? "read" : method === "DELETE" ? "delete" : "write";
}

export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The subscription a request is in, and the api-versions its resource type accepts. */
function scopeOf(target: ArmTarget): { subscriptionId: string; apiVersions: readonly string[] } {
  switch (target.resource) {
    case "operation": {
      const versions = profilesIn(target.operation.namespace).flatMap((p) => p.apiVersions);
      return { subscriptionId: target.operation.subscriptionId, apiVersions: versions };
    }
    case "connection":
      return {
        subscriptionId: target.connection.subscriptionId,
        apiVersions: requireProfile(target.connection.resourceType).apiVersions,
      };
    default:
      return {
        subscriptionId: target.parent.subscriptionId,
        apiVersions: requireProfile(target.parent.resourceType).apiVersions,
      };
  }
}

/** The subscription's throttle bucket for the method's class: its rate-limit header, or the 429. */
export function takeThrottle(
  ctx: ArmContext,
  method: string,
  subscriptionId: string,
  headers: Record<string, string>,
): void {
  const requestClass = requestClassOf(method);
  const decision = ctx.throttle.take(requestClass);
  if (!decision.allowed) {
    throw throttled(requestClass, subscriptionId, decision.retryAfterSeconds);
  }
  headers[RATE_LIMIT_HEADERS[requestClass]] = String(decision.remaining);
}

/** A subscription id ARM accepts: a GUID it knows, else its 400 or 404. */
export function checkSubscription(ctx: ArmContext, subscriptionId: string): void {
  if (!GUID.test(subscriptionId)) {
    throw invalidSubscriptionId(subscriptionId);
  }
  if (!ctx.state.subscriptionExists(subscriptionId)) {
    throw subscriptionNotFound(subscriptionId);
  }
}

async function answer(
  ctx: ArmContext,
  req: IncomingArmRequest,
  headers: Record<string, string>,
): Promise<Answer> {
  authenticate(ctx, single(req.headers.authorization));
  const scope = scopeOf(req.target);
  checkSubscription(ctx, scope.subscriptionId);
  const apiVersion = checkApiVersionIn(req.url.searchParams, [...new Set(scope.apiVersions)]);
  takeThrottle(ctx, req.method, scope.subscriptionId, headers);
  const request = { ...req, apiVersion };
  const target = req.target;
  switch (target.resource) {
    case "parent":
      return handleParent(ctx, { ...request, target });
    case "connections":
      return handleList(ctx, { ...request, target });
    case "connection":
      return handleConnection(ctx, { ...request, target });
    case "operation":
      if (req.method !== "GET") throw methodNotAllowed(req.method);
      return pollServiceOperation(ctx, { ...request, target });
  }
}

export function armHeaders(
  requestId: string,
  requestHeaders: IncomingArmRequest["headers"],
): Record<string, string> {
  return {
    "x-ms-request-id": requestId,
    "x-ms-correlation-request-id":
      single(requestHeaders["x-ms-correlation-request-id"]) ?? randomUUID(),
    "x-ms-keyvault-service-version": KEYVAULT_SERVICE_VERSION,
    "cache-control": "no-cache",
    pragma: "no-cache",
    expires: "-1",
    "x-content-type-options": "nosniff",
    "strict-transport-security": "max-age=31536000; includeSubDomains",
  };
}

/** An answer as ARM would send it, headers included; an ArmError becomes its error answer. */
export async function handleArm(ctx: ArmContext, req: IncomingArmRequest): Promise<Answer> {
  return answerAsArm(req.requestId, req.headers, (headers) => answer(ctx, req, headers));
}

/**
 * Runs `produce` with ARM's common headers (it may add to them) and sends them on its answer;
 * an ArmError it throws becomes ARM's error answer.
 */
export async function answerAsArm(
  requestId: string,
  requestHeaders: IncomingArmRequest["headers"],
  produce: (headers: Record<string, string>) => Answer | Promise<Answer>,
): Promise<Answer> {
  const headers = armHeaders(requestId, requestHeaders);
  try {
    const result = await produce(headers);
    return { ...result, headers: { ...headers, ...result.headers } };
  } catch (error) {
    if (error instanceof ArmError) {
      return {
        status: error.status,
        headers: { ...headers, ...error.headers },
        body: error.body(),
      };
    }
    throw error;
  }
}

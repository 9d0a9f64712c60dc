import { randomUUID } from "node:crypto";
import {
  ArmError,
  invalidSubscriptionId,
  subscriptionNotFound,
  throttled,
  type RequestClass,
} from "../errors";
import type { Answer } from "../server/http";
import type { ArmTarget } from "../server/routes";
import { checkApiVersion } from "./apiVersions";
import { authenticate } from "./authentication";
import { handleConnection, handleList } from "./connections";
import type { ArmContext } from "./context";
import { handleParent } from "./parents";

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

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parentOf(target: ArmTarget) {
  return target.resource === "connection" ? target.connection : target.parent;
}

async function answer(
  ctx: ArmContext,
  req: IncomingArmRequest,
  headers: Record<string, string>,
): Promise<Answer> {
  authenticate(ctx, single(req.headers.authorization));
  const parent = parentOf(req.target);
  if (!GUID.test(parent.subscriptionId)) {
    throw invalidSubscriptionId(parent.subscriptionId);
  }
  if (!ctx.state.subscriptionExists(parent.subscriptionId)) {
    throw subscriptionNotFound(parent.subscriptionId);
  }
  const apiVersion = checkApiVersion(req.url.searchParams, parent.kind);
  const requestClass = requestClassOf(req.method);
  const decision = ctx.throttle.take(requestClass);
  if (!decision.allowed) {
    throw throttled(requestClass, parent.subscriptionId, decision.retryAfterSeconds);
  }
  headers[RATE_LIMIT_HEADERS[requestClass]] = String(decision.remaining);
  const request = { ...req, apiVersion };
  const target = req.target;
  switch (target.resource) {
    case "parent":
      return handleParent(ctx, { ...request, target });
    case "connections":
      return handleList(ctx, { ...request, target });
    case "connection":
      return handleConnection(ctx, { ...request, target });
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
  const headers = armHeaders(req.requestId, req.headers);
  try {
    const result = await answer(ctx, req, headers);
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

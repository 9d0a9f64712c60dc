import type { IncomingMessage } from "node:http";
import { armHeaders } from "../arm/pipeline";
import { armErrorBody, bearerChallenge, defaultCodeForStatus } from "../errors";
import type { Answer } from "../server/http";
import type { ClassifiedRequest } from "../server/routes";
import type { Fault } from "../types";

const DEFAULT_PAGE = "<html><head><title>404 Not Found</title></head><body>Not Found</body></html>";

/** An injected page: what a server that is not ARM answers. */
export function pageAnswer(fault: Extract<Fault, { kind: "page" }>): Answer {
  return {
    status: fault.status,
    headers: { "content-type": fault.contentType ?? "text/html; charset=utf-8" },
    text: fault.body ?? DEFAULT_PAGE,
  };
}

/** An injected status fault, shaped like the errors of the route it hits. */
export function faultAnswer(
  fault: Extract<Fault, { kind: "status" }>,
  classified: ClassifiedRequest,
  req: IncomingMessage,
  requestId: string,
  authorizationUri: string,
): Answer {
  const code = fault.code ?? defaultCodeForStatus(fault.status);
  const message = fault.message ?? `Injected fault: HTTP ${fault.status}.`;
  const retryAfter: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
  if (classified.route.area === "aad") {
    return {
      status: fault.status,
      headers: { "x-ms-request-id": requestId, ...retryAfter },
      body: { error: code, error_description: message },
    };
  }
  // Every ARM 401 carries the Bearer challenge, injected ones too.
  const challenge: Record<string, string> =
    fault.status === 401 ? { "www-authenticate": bearerChallenge(authorizationUri, message) } : {};
  return {
    status: fault.status,
    headers: { ...armHeaders(requestId, req.headers), ...retryAfter, ...challenge },
    body: armErrorBody(code, message),
  };
}

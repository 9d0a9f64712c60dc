/** Routes a classified request (not control, not faulted) to ARM, Entra ID, OIDC or managed identity. */
import type { IncomingMessage } from "node:http";
import { handleMetadata } from "../arm/metadata";
import { answerAsArm, handleArm, armHeaders } from "../arm/pipeline";
import { handleSubscriptions } from "../arm/subscriptions";
import { routeNotFound } from "../errors";
import { handleAad } from "../identity/aad";
import type { EmulatorParts } from "./composition";
import { readBody, type Answer } from "./http";
import type { ClassifiedRequest } from "./routes";

export async function routeRequest(
  parts: EmulatorParts,
  classified: ClassifiedRequest,
  req: IncomingMessage,
  requestId: string,
): Promise<Answer> {
  const { route, url: requestUrl } = classified;
  const method = req.method ?? "GET";
  let bodyPromise: Promise<string> | undefined;
  const body = () => (bodyPromise ??= readBody(req));
  switch (route.area) {
    case "arm":
      return handleArm(parts.armContext, {
        target: route.target,
        method,
        url: requestUrl,
        headers: req.headers,
        requestId,
        readBody: body,
      });
    case "metadata":
      return answerAsArm(requestId, req.headers, () =>
        handleMetadata(parts.armContext, method, requestUrl),
      );
    case "subscriptions":
      return handleSubscriptions(parts.armContext, {
        target: route.target,
        method,
        url: requestUrl,
        headers: req.headers,
        requestId,
      });
    case "oidc":
      return parts.oidcIssuer.answer(method, requestUrl, req.headers.authorization);
    case "msi": {
      const header = req.headers["x-identity-header"];
      return parts.managedIdentity.answer(
        method,
        requestUrl,
        Array.isArray(header) ? header[0] : header,
      );
    }
    case "aad": {
      const result = await handleAad(parts.aadContext, {
        endpoint: route.endpoint,
        tenant: route.tenant,
        method,
        url: requestUrl,
        readBody: body,
      });
      return { ...result, headers: { "x-ms-request-id": requestId, ...result.headers } };
    }
    default: {
      const error = routeNotFound(requestUrl.pathname);
      return {
        status: error.status,
        headers: armHeaders(requestId, req.headers),
        body: error.body(),
      };
    }
  }
}

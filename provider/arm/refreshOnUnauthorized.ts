import type { GetTokenOptions, TokenCredential } from "@azure/identity";
import {
  isRestError,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
  type SendRequest,
} from "@azure/core-rest-pipeline";

/** A credential whose cached tokens can be thrown away when ARM refuses one of them. */
export interface RenewableCredential extends TokenCredential {
  /** The next getToken asks the authority afresh instead of answering from a cache. */
  renew(): void;
}

export const REFRESH_ON_UNAUTHORIZED_POLICY = "refreshOnUnauthorizedPolicy";

/**
 * The `claims` of a Continuous Access Evaluation challenge (`error="insufficient_claims"`),
 * decoded as the credential wants them, or undefined for any other 401.
 */
export function challengeClaims(wwwAuthenticate: string | undefined): string | undefined {
  if (!wwwAuthenticate || !/error="insufficient_claims"/i.test(wwwAuthenticate)) {
    return undefined;
  }
  const encoded = /claims="([^"]*)"/i.exec(wwwAuthenticate)?.[1];
  if (!encoded) {
    return undefined;
  }
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  return decoded.trim().startsWith("{") ? decoded : undefined;
}

async function authorize(
  request: PipelineRequest,
  credential: TokenCredential,
  scopes: string[],
  claims?: string,
): Promise<void> {
  const options: GetTokenOptions = {
    abortSignal: request.abortSignal,
    tracingOptions: request.tracingOptions,
    enableCae: true,
    ...(claims ? { claims } : {}),
  };
  const token = await credential.getToken(scopes, options);
  if (token) {
    request.headers.set("Authorization", `${token.tokenType ?? "Bearer"} ${token.token}`);
  }
}

type Sent = { response: PipelineResponse; error?: unknown };

/** Some policies below throw for an error status: the status decides, the error is kept. */
async function send(request: PipelineRequest, next: SendRequest): Promise<Sent> {
  try {
    return { response: await next(request) };
  } catch (error) {
    if (isRestError(error) && error.response) {
      return { response: error.response, error };
    }
    throw error;
  }
}

function answer(sent: Sent): PipelineResponse {
  if (sent.error !== undefined) {
    throw sent.error;
  }
  return sent.response;
}

/**
 * In place of the SDK's bearer policy: a 401 from ARM means the token it was given is no
 * longer good (revoked, expired early, issued by an authority that has since changed, or a
 * CAE challenge), whatever the cache believes. So the cache is dropped, exactly one fresh
 * token is asked for (with the challenge's claims when there are some) and the request is
 * sent once more; a second 401 is ARM's answer and goes back to the caller as it is.
 */
export function refreshOnUnauthorizedPolicy(
  credential: RenewableCredential,
  scopes: string[],
): PipelinePolicy {
  return {
    name: REFRESH_ON_UNAUTHORIZED_POLICY,
    async sendRequest(request, next) {
      if (!request.url.toLowerCase().startsWith("https://")) {
        throw new Error("A bearer token is only sent over HTTPS; the ARM endpoint is not https://");
      }
      await authorize(request, credential, scopes);
      const first = await send(request, next);
      if (first.response.status !== 401) {
        return answer(first);
      }
      credential.renew();
      const claims = challengeClaims(first.response.headers.get("www-authenticate"));
      await authorize(request, credential, scopes, claims);
      return answer(await send(request, next));
    },
  };
}

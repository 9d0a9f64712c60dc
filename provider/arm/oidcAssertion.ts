import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
} from "@azure/core-rest-pipeline";

/**
 * The federated assertion ClientAssertionCredential asks for each time it needs a new access
 * token: MSAL calls back only when its cached token is gone, so an `up` that outlives one
 * assertion (GitHub's last five minutes... ten at most) gets a fresh one, never a stale one.
 */
export type AssertionSource = () => Promise<string>;

/** A token handed over as it is (Pulumi ESC's ARM_OIDC_TOKEN): it cannot be renewed. */
export function staticAssertion(token: string): AssertionSource {
  return async () => token;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** The URL without its query: enough to say where, and nothing a request might carry. */
function where(requestUrl: string): string {
  try {
    const url = new URL(requestUrl);
    return `${url.origin}${url.pathname}`;
  } catch {
    return "(not a URL)";
  }
}

/**
 * GitHub Actions' ID-token service (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN, or the same as
 * ARM_OIDC_REQUEST_URL/_TOKEN): GET the URL with `audience` added and the request token as a
 * bearer token; the answer is JSON `{ "value": "<jwt>" }`.
 */
export function oidcRequestAssertion(
  requestUrl: string,
  requestToken: string,
  audience: string,
): AssertionSource {
  const client = createDefaultHttpClient();
  return async () => {
    let url: URL;
    try {
      url = new URL(requestUrl);
    } catch {
      throw new Error("the OIDC request URL is not a URL");
    }
    url.searchParams.set("audience", audience);
    const request = createPipelineRequest({
      url: url.toString(),
      method: "GET",
      timeout: REQUEST_TIMEOUT_MS,
      headers: createHttpHeaders({
        authorization: `Bearer ${requestToken}`,
        accept: "application/json",
      }),
    });
    const response = await client.sendRequest(request);
    const status = response.status;
    if (status !== 200) {
      throw new Error(`the OIDC token request to ${where(requestUrl)} answered HTTP ${status}`);
    }
    let value: unknown;
    try {
      value = (JSON.parse(response.bodyAsText ?? "") as { value?: unknown }).value;
    } catch {
      value = undefined;
    }
    if (typeof value !== "string" || value === "") {
      throw new Error(`the OIDC token request to ${where(requestUrl)} answered no token`);
    }
    return value;
  };
}

import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
} from "@azure/core-rest-pipeline";

/**
 * The federated assertion ClientAssertionCredential asks for: an `up` that outlives one
 * assertion (GitHub's last five minutes... ten at most) gets a fresh one, never a stale one.
 */
export type AssertionSource = () => Promise<string>;

/** An assertion this close to its expiry is not handed out again: Entra ID may refuse it. */
const RENEW_BEFORE_EXPIRY_MS = 60_000;

/** The `exp` claim of a JWT in ms, read without verifying (Entra ID verifies); else undefined. */
export function assertionExpiryMs(jwt: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload?.exp === "number" ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reuses an assertion until shortly before it expires. MSAL asks for the assertion on every
 * token request, before it looks in its own cache, and each hook call builds its own ARM
 * pipeline; without this, a bulk `up` would ask GitHub's token service once per resource.
 */
export function reusedUntilExpiry(source: AssertionSource, now = Date.now): AssertionSource {
  let kept: { value: string; expiresMs: number } | undefined;
  return async () => {
    if (kept && kept.expiresMs - RENEW_BEFORE_EXPIRY_MS > now()) return kept.value;
    const value = await source();
    const expiresMs = assertionExpiryMs(value);
    kept = expiresMs === undefined ? undefined : { value, expiresMs };
    return value;
  };
}

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

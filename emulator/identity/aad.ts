import { randomUUID } from "node:crypto";
import type { FederatedCredentials } from "./federatedCredentials";
import type { Answer } from "../server/http";
import type { AadEndpoint } from "../server/routes";
import type { TokenAuthority } from "./tokens";

/**
 * The Entra ID (AAD) endpoints MSAL needs for the client-credentials flow, on the same host
 * as ARM: the OpenID configuration, instance discovery, the signing keys and the v2 token
 * endpoint. Answers and AADSTS codes follow what login.microsoftonline.com says.
 */

export interface AadContext {
  /** https://127.0.0.1:<port>, known once the server listens. */
  baseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  tokens: TokenAuthority;
  /** The app's federated identity credentials (OIDC tokens accepted as its assertion). */
  federated: FederatedCredentials;
}

export interface AadRequest {
  endpoint: AadEndpoint;
  tenant: string;
  method: string;
  url: URL;
  readBody: () => Promise<string>;
}

const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

function aadError(status: number, error: string, aadsts: number, description: string): Answer {
  const traceId = randomUUID();
  return {
    status,
    headers: { "x-ms-request-id": traceId },
    body: {
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId}`,
      error_codes: [aadsts],
      timestamp: new Date()
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, "Z"),
      trace_id: traceId,
      correlation_id: randomUUID(),
      error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    },
  };
}

function tenantNotFound(tenant: string): Answer {
  return aadError(
    400,
    "invalid_request",
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

function isOwnTenant(ctx: AadContext, tenant: string): boolean {
  return tenant.toLowerCase() === ctx.tenantId.toLowerCase();
}

function openIdConfiguration(ctx: AadContext, tenant: string): object {
  const authority = `${ctx.baseUrl}/${tenant}`;
  return {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      "client_secret_post",
      "private_key_jwt",
      "client_secret_basic",
    ],
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    // MSAL checks that the issuer has the authority's scheme, host and port.
    issuer: `${authority}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "ver"],
    tenant_region_scope: null,
    cloud_instance_name: new URL(ctx.baseUrl).host,
  };
}

/** Answered like login.microsoftonline.com/common/discovery/instance, for this one host. */
function instanceDiscovery(ctx: AadContext, url: URL): object {
  const host = new URL(ctx.baseUrl).host;
  let tenant = ctx.tenantId;
  const authorizationEndpoint = url.searchParams.get("authorization_endpoint");
  if (authorizationEndpoint) {
    try {
      tenant = new URL(authorizationEndpoint).pathname.split("/")[1] || tenant;
    } catch {
      // keep the default tenant
    }
  }
  return {
    tenant_discovery_endpoint: `${ctx.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}

/** The payload of a JWT client assertion; its signature is not checked (no certificate is registered). */
function assertionClaims(assertion: string): Record<string, unknown> | undefined {
  const parts = assertion.split(".");
  if (parts.length !== 3) {
    return undefined;
  }
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** undefined when the client proved who it is; else the AAD error. */
function authenticateClient(ctx: AadContext, form: URLSearchParams): Answer | undefined {
  const secret = form.get("client_secret");
  const assertion = form.get("client_assertion");
  if (secret !== null) {
    return secret === ctx.clientSecret
      ? undefined
      : aadError(
          401,
          "invalid_client",
          7000215,
          "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.",
        );
  }
  if (assertion !== null) {
    const claims = assertionClaims(assertion);
    if (form.get("client_assertion_type") !== CLIENT_ASSERTION_TYPE || !claims) {
      return aadError(401, "invalid_client", 50027, "JWT token is invalid or malformed.");
    }
    if (claims.iss !== claims.sub) {
      // A certificate assertion names the app as both issuer and subject; anything else is
      // an external issuer's token presented as a federated credential.
      const refused = ctx.federated.check(assertion, claims);
      return refused && aadError(400, refused.error, refused.aadsts, refused.description);
    }
    if (claims.iss !== ctx.clientId || claims.sub !== ctx.clientId) {
      return aadError(
        401,
        "invalid_client",
        700021,
        "Client assertion application identifier doesn't match 'client_id' parameter.",
      );
    }
    return undefined;
  }
  return aadError(
    401,
    "invalid_client",
    7000216,
    "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
  );
}

/** "https://management.azure.com/.default" gives the audience "https://management.azure.com/". */
function audienceOfScope(scope: string): string | undefined {
  const defaults = scope.split(" ").filter((s) => s.endsWith("/.default"));
  if (defaults.length !== 1) {
    return undefined;
  }
  return defaults[0].slice(0, -".default".length).replace(/\/+$/, "/");
}

async function token(ctx: AadContext, req: AadRequest): Promise<Answer> {
  const form = new URLSearchParams(await req.readBody());
  if (!isOwnTenant(ctx, req.tenant)) {
    return tenantNotFound(req.tenant);
  }
  const grantType = form.get("grant_type");
  if (grantType !== "client_credentials") {
    return aadError(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grantType ?? ""}'. This emulator supports only client_credentials.`,
    );
  }
  const clientId = form.get("client_id");
  if (clientId !== ctx.clientId) {
    return aadError(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId ?? ""}' was not found in the directory '${ctx.tenantId}'.`,
    );
  }
  const rejected = authenticateClient(ctx, form);
  if (rejected) {
    return rejected;
  }
  const scope = form.get("scope") ?? "";
  const audience = audienceOfScope(scope);
  if (!audience) {
    return aadError(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  // A "claims" field (continuous access evaluation) is accepted and has nothing to add here.
  const issued = ctx.tokens.issue(audience, `${ctx.baseUrl}/${ctx.tenantId}/v2.0`);
  return {
    status: 200,
    headers: { "cache-control": "no-store, no-cache", pragma: "no-cache" },
    body: {
      token_type: "Bearer",
      expires_in: issued.expiresIn,
      ext_expires_in: issued.expiresIn,
      access_token: issued.accessToken,
    },
  };
}

export async function handleAad(ctx: AadContext, req: AadRequest): Promise<Answer> {
  const expectedMethod = req.endpoint === "token" ? "POST" : "GET";
  if (req.method !== expectedMethod) {
    return aadError(
      400,
      "invalid_request",
      900561,
      `The endpoint only accepts ${expectedMethod} requests. Received a ${req.method} request.`,
    );
  }
  switch (req.endpoint) {
    case "token":
      return token(ctx, req);
    case "instanceDiscovery":
      return { status: 200, body: instanceDiscovery(ctx, req.url) };
    case "openid":
      return isOwnTenant(ctx, req.tenant)
        ? { status: 200, body: openIdConfiguration(ctx, req.tenant) }
        : tenantNotFound(req.tenant);
    case "jwks":
      return { status: 200, body: ctx.tokens.jwks() };
  }
}

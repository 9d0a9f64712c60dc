/**
 * The one factory of ARM error answers. Every ARM route, the control API and injected faults
 * answer errors as `{"error":{"code","message"}}`: the shape of both CloudError and
 * ManagedHsmError in the spec. Codes and messages follow what ARM itself says.
 */

export interface ArmErrorBody {
  error: { code: string; message: string };
}

export function armErrorBody(code: string, message: string): ArmErrorBody {
  return { error: { code, message } };
}

/** Thrown by handlers; the server turns it into the answer. */
export class ArmError extends Error {
  override name = "ArmError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  body(): ArmErrorBody {
    return armErrorBody(this.code, this.message);
  }
}

const NOT_FOUND_HELP = "For more details please go to https://aka.ms/ARMResourceNotFoundFix";

export function resourceNotFound(
  resourceType: string,
  name: string,
  resourceGroupName: string,
): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource '${resourceType}/${name}' under resource group '${resourceGroupName}' was not found. ${NOT_FOUND_HELP}`,
  );
}

export function parentResourceNotFound(parentName: string): ArmError {
  return new ArmError(
    404,
    "ParentResourceNotFound",
    `Can not perform requested operation on nested resource. Parent resource '${parentName}' not found.`,
  );
}

/** ARM's own answer for any request under a resource group that does not exist. */
export function resourceGroupNotFound(resourceGroupName: string): ArmError {
  return new ArmError(
    404,
    "ResourceGroupNotFound",
    `Resource group '${resourceGroupName}' could not be found.`,
  );
}

/** ARM's answer for a subscription it does not know (or that the token's tenant cannot see). */
export function subscriptionNotFound(subscriptionId: string): ArmError {
  return new ArmError(
    404,
    "SubscriptionNotFound",
    `The subscription '${subscriptionId}' could not be found.`,
  );
}

export function missingApiVersion(): ArmError {
  return new ArmError(
    400,
    "MissingApiVersionParameter",
    "The api-version query parameter (?api-version=) is required for all requests.",
  );
}

export function invalidApiVersion(given: string, supported: readonly string[]): ArmError {
  return new ArmError(
    400,
    "InvalidApiVersionParameter",
    `The api-version '${given}' is invalid. The supported versions are '${supported.join(",")}'.`,
  );
}

export function invalidSubscriptionId(subscriptionId: string): ArmError {
  return new ArmError(
    400,
    "InvalidSubscriptionId",
    `The provided subscription identifier '${subscriptionId}' is malformed or invalid.`,
  );
}

export function badRequest(message: string): ArmError {
  return new ArmError(400, "BadRequest", message);
}

export function conflict(message: string): ArmError {
  return new ArmError(409, "Conflict", message);
}

/** Cosmos DB's documented answer (azure-docs PR #86823); Key Vault's own text is not published. */
export const REAPPROVAL_MESSAGE =
  "Approving rejected private endpoint connections is not supported.";

export function reapprovalNotSupported(): ArmError {
  return badRequest(REAPPROVAL_MESSAGE);
}

export function connectionDisconnected(connectionName: string): ArmError {
  return new ArmError(
    400,
    "PrivateEndpointConnectionDisconnected",
    `Private endpoint connection '${connectionName}' is Disconnected: its private ` +
      "endpoint was deleted. A disconnected connection cannot be updated; it can only be deleted.",
  );
}

export function invalidStatusTransition(
  connectionName: string,
  from: string,
  to: string,
): ArmError {
  return new ArmError(
    400,
    "InvalidPrivateEndpointConnectionStatusTransition",
    `The status of private endpoint connection '${connectionName}' cannot change ` +
      `from '${from}' to '${to}'.`,
  );
}

/** The consumer can ask again only while the provider side has not settled it. */
export function requestAgainConflict(connectionName: string, status: string): ArmError {
  return conflict(
    `Private endpoint connection '${connectionName}' is ${status}; ` +
      "a consumer can request approval again only of a Rejected or Pending connection.",
  );
}

export function methodNotAllowed(method: string): ArmError {
  return new ArmError(
    405,
    "MethodNotAllowed",
    `The requested resource does not support http method '${method}'.`,
  );
}

/**
 * The control API's 404 for a connection it was asked about; ARM's own 404s use
 * resourceNotFound. `where` names the parent, when the caller knows it.
 */
export function controlConnectionNotFound(connectionName: string, where?: string): ArmError {
  const message =
    where === undefined
      ? `No connection '${connectionName}'.`
      : `No private endpoint connection '${connectionName}' on ${where}.`;
  return new ArmError(404, "ResourceNotFound", message);
}

export function routeNotFound(path: string): ArmError {
  return new ArmError(404, "NotFound", `No route matches '${path}' on this emulator.`);
}

export type RequestClass = "read" | "write" | "delete";

export function throttled(
  requestClass: RequestClass,
  subscriptionId: string,
  retryAfterSeconds: number,
): ArmError {
  return new ArmError(
    429,
    "SubscriptionRequestsThrottled",
    `Number of '${requestClass}' requests for subscription '${subscriptionId}' exceeded. ` +
      `Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. ` +
      "Refer to https://aka.ms/arm-throttling",
    { "retry-after": String(retryAfterSeconds) },
  );
}

/**
 * ARM's 401s all carry a Bearer challenge naming the authority, which is how clients
 * (and @azure/core-rest-pipeline's challenge handling) learn where to get a token.
 */
export function bearerChallenge(authorizationUri: string, description: string): string {
  return (
    `Bearer authorization_uri="${authorizationUri}", error="invalid_token", ` +
    `error_description="${description.replace(/"/g, "'")}"`
  );
}

function unauthorized(authorizationUri: string, code: string, message: string): ArmError {
  return new ArmError(401, code, message, {
    "www-authenticate": bearerChallenge(authorizationUri, message),
  });
}

export function authenticationFailed(authorizationUri: string): ArmError {
  return unauthorized(
    authorizationUri,
    "AuthenticationFailed",
    "Authentication failed. The 'Authorization' header is missing.",
  );
}

export function invalidAuthenticationToken(authorizationUri: string): ArmError {
  return unauthorized(
    authorizationUri,
    "InvalidAuthenticationToken",
    "The access token is invalid.",
  );
}

export function expiredAuthenticationToken(authorizationUri: string): ArmError {
  return unauthorized(
    authorizationUri,
    "ExpiredAuthenticationToken",
    "The access token expiry UTC time is earlier than current UTC time.",
  );
}

export function invalidAuthenticationTokenAudience(
  authorizationUri: string,
  audience: string,
): ArmError {
  return unauthorized(
    authorizationUri,
    "InvalidAuthenticationTokenAudience",
    `The access token has been obtained for wrong audience or resource '${audience}'. ` +
      "It should exactly match with one of the allowed audiences.",
  );
}

const CODES_BY_STATUS: Readonly<Record<number, string>> = {
  400: "BadRequest",
  401: "AuthenticationFailed",
  403: "AuthorizationFailed",
  404: "NotFound",
  408: "RequestTimeout",
  409: "Conflict",
  412: "PreconditionFailed",
  429: "TooManyRequests",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

/** The code an injected fault carries when the rule names none. */
export function defaultCodeForStatus(status: number): string {
  return CODES_BY_STATUS[status] ?? `HttpStatus${status}`;
}

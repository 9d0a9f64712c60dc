import { isRestError } from "@azure/core-rest-pipeline";
import { authorizationHint } from "./authorization";
import { CREDENTIAL_CHAIN, CredentialError } from "./credential";
import { tlsHintOf } from "./tlsFailure";

/**
 * The one error users read when ARM refuses or fails an operation: what was attempted, and
 * what ARM said (HTTP status, error code, message, request id, operation URL).
 */
export class ArmOperationError extends Error {
  override name = "ArmOperationError";

  constructor(
    readonly operation: string,
    readonly details: {
      statusCode?: number;
      code?: string;
      armMessage?: string;
      requestId?: string;
      operationUrl?: string;
      retryAfterMs?: number;
      transient?: boolean;
    },
    hint?: string,
  ) {
    super(formatArmFailure(operation, details, hint));
  }
}

function formatArmFailure(
  operation: string,
  d: ArmOperationError["details"],
  hint: string | undefined,
): string {
  const said = [
    d.statusCode !== undefined ? `HTTP ${d.statusCode}` : undefined,
    d.code,
    d.armMessage,
  ].filter((part): part is string => Boolean(part));
  const refs = [
    d.operationUrl ? `operation: ${d.operationUrl}` : undefined,
    d.requestId ? `x-ms-request-id: ${d.requestId}` : undefined,
  ].filter((part): part is string => Boolean(part));
  return (
    `${operation} failed: ${said.length > 0 ? said.join(": ") : "no answer from ARM"}` +
    (refs.length > 0 ? ` (${refs.join("; ")})` : "") +
    (hint ? `. ${hint}` : "")
  );
}

/** Seconds or an HTTP date, as ARM may send either. */
export function parseRetryAfterMs(value: string | undefined | null): number | undefined {
  if (value === undefined || value === null || value.trim() === "") {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
// Key Vault answers parallel changes of one vault or HSM with ConflictError ("serialize the
// operations"), as other providers do with AnotherOperationInProgress: both pass.
const TRANSIENT_CONFLICT_CODES = new Set([
  "AnotherOperationInProgress",
  "Conflict",
  "ConflictError",
]);

/** True for answers that a later attempt may not get: throttling, busy, 5xx. */
export function isTransientStatus(statusCode: number, code?: string): boolean {
  return (
    TRANSIENT_STATUS.has(statusCode) ||
    (statusCode === 409 && code !== undefined && TRANSIENT_CONFLICT_CODES.has(code))
  );
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
  code?: unknown;
  message?: unknown;
}

/** Pulls `{error: {code, message}}` (or a flat `{code, message}`) out of an ARM body. */
export function armErrorOfBody(body: unknown): { code?: string; message?: string } {
  if (typeof body === "string") {
    try {
      return armErrorOfBody(JSON.parse(body));
    } catch {
      return {};
    }
  }
  if (typeof body !== "object" || body === null) {
    return {};
  }
  const b = body as ErrorBody;
  const inner = (typeof b.error === "object" && b.error !== null ? b.error : b) as ErrorBody;
  return {
    code: typeof inner.code === "string" ? inner.code : undefined,
    message: typeof inner.message === "string" ? inner.message : undefined,
  };
}

/** Turns whatever the SDK threw into an ArmOperationError that says what ARM said. */
export function toArmOperationError(operation: string, error: unknown): ArmOperationError {
  if (error instanceof ArmOperationError) {
    return error;
  }
  const credentialFailure = describeCredentialFailure(error);
  if (credentialFailure) {
    return new ArmOperationError(operation, { armMessage: credentialFailure, transient: false });
  }
  if (isRestError(error)) {
    const headers = error.response?.headers;
    const fromBody = armErrorOfBody(error.response?.bodyAsText);
    const statusCode = error.statusCode;
    const code = error.code ?? fromBody.code;
    return new ArmOperationError(
      operation,
      {
        statusCode,
        code,
        armMessage: fromBody.message ?? error.message,
        requestId: headers?.get("x-ms-request-id") ?? undefined,
        retryAfterMs: parseRetryAfterMs(headers?.get("retry-after")),
        // No status: the request never got an answer (reset, refused, timed out).
        transient: statusCode === undefined ? true : isTransientStatus(statusCode, code),
      },
      statusCode === 401
        ? `ARM refused the token that ${CREDENTIAL_CHAIN} produced; check which identity it picked and that its token is for this cloud's ARM audience`
        : authorizationHint(operation, statusCode, code),
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : "";
  const tlsHint = tlsHintOf(error);
  return new ArmOperationError(
    operation,
    {
      armMessage: message,
      // Aborted by our per-request timeout, or a socket error below the SDK; an untrusted
      // certificate stays untrusted on the next attempt.
      transient:
        !tlsHint &&
        (name === "AbortError" ||
          /ECONNRESET|ECONNREFUSED|ETIMEDOUT|socket hang up/i.test(message)),
    },
    tlsHint,
  );
}

/** Says which chain was tried when no credential produced a token. */
export function describeCredentialFailure(error: unknown): string | undefined {
  const tlsHint = tlsHintOf(error);
  const suffix = tlsHint ? `. ${tlsHint}` : "";
  if (error instanceof CredentialError) {
    return `Could not get an Azure token for ARM with ${error.credential}. ${error.message}${suffix}`;
  }
  const name = error instanceof Error ? error.name : "";
  if (
    name === "AggregateAuthenticationError" ||
    name === "CredentialUnavailableError" ||
    name === "AuthenticationError"
  ) {
    const message = error instanceof Error ? error.message : String(error);
    return `Could not get an Azure token for ARM with ${CREDENTIAL_CHAIN}. ${message}${suffix}`;
  }
  return undefined;
}

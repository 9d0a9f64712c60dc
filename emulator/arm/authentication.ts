import {
  authenticationFailed,
  expiredAuthenticationToken,
  invalidAuthenticationToken,
  invalidAuthenticationTokenAudience,
} from "../errors";
import type { ArmContext } from "./context";

/**
 * ARM's first check: a bearer token this emulator issued, unexpired, for one of ARM's audiences.
 * Throws the 401 ARM would answer.
 */
export function authenticate(ctx: ArmContext, authorization: string | undefined): void {
  const authorizationUri = `${ctx.baseUrl}/${ctx.tenantId}`;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) {
    throw authenticationFailed(authorizationUri);
  }
  const check = ctx.tokens.check(match[1], ctx.armAudiences);
  if (check.valid) {
    return;
  }
  switch (check.reason) {
    case "unknown":
      throw invalidAuthenticationToken(authorizationUri);
    case "expired":
      throw expiredAuthenticationToken(authorizationUri);
    case "audience":
      throw invalidAuthenticationTokenAudience(authorizationUri, check.audience);
  }
}

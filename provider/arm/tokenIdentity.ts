/**
 * Who a request acted as, from the claims of the access token it carried: the token itself is
 * never kept, returned or logged, only these three ids, which Entra ID puts in every ARM token
 * and which are not secret (they name an identity, they grant nothing).
 */

/** The identity a write was made as. */
export interface TokenIdentity {
  /** The application (client) id: claim `appid` (v1 tokens) or `azp` (v2 tokens). */
  appId: string;
  /** The object id of the service principal or user: claim `oid`. */
  objectId: string;
  /** The tenant: claim `tid`. */
  tenantId: string;
}

/**
 * The identity in a bearer token's payload, or undefined when the header carries no JWT with
 * these claims. The signature is not verified: ARM did that; this only says whom ARM saw.
 */
export function identityOfAuthorization(header: string | undefined): TokenIdentity | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
  const payload = token?.split(".")[1];
  if (payload === undefined) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
  } catch {
    return undefined;
  }
  const text = (name: string) => (typeof claims[name] === "string" ? claims[name] : "");
  const identity = {
    appId: text("appid") || text("azp"),
    objectId: text("oid"),
    tenantId: text("tid"),
  };
  return identity.appId || identity.objectId || identity.tenantId ? identity : undefined;
}

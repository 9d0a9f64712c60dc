import {
  createHash,
  generateKeyPairSync,
  randomUUID,
  sign,
  type JsonWebKey,
  type KeyObject,
} from "node:crypto";
import { SERVICE_PRINCIPAL_OBJECT_ID } from "../defaults";

/**
 * The access tokens the emulator hands out and later accepts. They are real RS256 JWTs
 * (verifiable against the jwks route) but ARM routes do not trust a signature: a token
 * passes only if this very emulator issued it, it has not expired and its audience fits.
 */

interface SigningKey {
  privateKey: KeyObject;
  jwk: JsonWebKey & { kid: string };
}

let processSigningKey: SigningKey | undefined;

/** One per process: RSA generation costs tens of milliseconds and tests start many servers. */
function signingKey(): SigningKey {
  if (!processSigningKey) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const der = publicKey.export({ type: "spki", format: "der" });
    const kid = createHash("sha256").update(der).digest("base64url").slice(0, 27);
    processSigningKey = {
      privateKey,
      jwk: { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" },
    };
  }
  return processSigningKey;
}

function base64UrlJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** ARM accepts its audience with or without the trailing slash, in any case. */
export function normalizeAudience(audience: string): string {
  return audience.replace(/\/+$/, "").toLowerCase();
}

interface IssuedToken {
  sequence: number;
  audience: string;
  expiresAt: number;
}

export type TokenCheck =
  | { valid: true }
  | { valid: false; reason: "unknown" | "expired" }
  | { valid: false; reason: "audience"; audience: string };

export interface TokenAuthorityOptions {
  tenantId: string;
  clientId: string;
  lifetimeSeconds: number;
  clock: () => number;
}

export class TokenAuthority {
  private readonly issued = new Map<string, IssuedToken>();
  private sequence = 0;
  /** Tokens with a sequence up to this one were expired by expireAll(). */
  private expiredThrough = 0;

  constructor(private readonly options: TokenAuthorityOptions) {}

  /** A client-credentials token for the given audience, signed by the issuer URL's key. */
  issue(audience: string, issuer: string): { accessToken: string; expiresIn: number } {
    const { tenantId, clientId, lifetimeSeconds, clock } = this.options;
    const now = Math.floor(clock() / 1000);
    const key = signingKey();
    const header = { typ: "JWT", alg: "RS256", kid: key.jwk.kid };
    const claims = {
      aud: audience,
      iss: issuer,
      iat: now,
      nbf: now,
      exp: now + lifetimeSeconds,
      tid: tenantId,
      appid: clientId,
      azp: clientId,
      appidacr: "1",
      idtyp: "app",
      oid: SERVICE_PRINCIPAL_OBJECT_ID,
      sub: SERVICE_PRINCIPAL_OBJECT_ID,
      uti: randomUUID(),
      ver: "1.0",
    };
    const unsigned = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
    const signature = sign("sha256", Buffer.from(unsigned), key.privateKey).toString("base64url");
    const accessToken = `${unsigned}.${signature}`;
    this.issued.set(accessToken, {
      sequence: ++this.sequence,
      audience,
      expiresAt: (now + lifetimeSeconds) * 1000,
    });
    return { accessToken, expiresIn: lifetimeSeconds };
  }

  check(accessToken: string, acceptedAudiences: readonly string[]): TokenCheck {
    const token = this.issued.get(accessToken);
    if (!token) {
      return { valid: false, reason: "unknown" };
    }
    if (token.sequence <= this.expiredThrough || token.expiresAt <= this.options.clock()) {
      return { valid: false, reason: "expired" };
    }
    const presented = normalizeAudience(token.audience);
    if (!acceptedAudiences.some((a) => normalizeAudience(a) === presented)) {
      return { valid: false, reason: "audience", audience: token.audience };
    }
    return { valid: true };
  }

  expireAll(): void {
    this.expiredThrough = this.sequence;
  }

  issuedTokens(): string[] {
    return [...this.issued.keys()];
  }

  jwks(): { keys: JsonWebKey[] } {
    return { keys: [signingKey().jwk] };
  }
}

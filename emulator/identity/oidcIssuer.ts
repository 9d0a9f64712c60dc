import {
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";

/**
 * A GitHub-Actions-like OIDC token service: a job gets a request URL and a request token
 * (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN); GET <url>&audience=<aud> with the request token as a
 * bearer token answers `{ "value": "<jwt>" }`, an RS256 JWT whose `iss` is this issuer, `sub`
 * the job's subject (repo:<owner>/<repo>:ref:<ref>) and `aud` the audience asked for.
 * GitHub's tokens live about five minutes; so do these unless told otherwise.
 */

export const DEFAULT_OIDC_SUBJECT = "repo:contoso/platform-infra:ref:refs/heads/main";
export const DEFAULT_OIDC_LIFETIME_SECONDS = 300;
/** GitHub's default audience is the URL of the repository owner. */
const DEFAULT_AUDIENCE = "https://github.com/contoso";

export interface OidcTokenParams {
  audience?: string;
  subject?: string;
  /** Negative for a token that has already expired. */
  lifetimeSeconds?: number;
}

export interface Answer {
  status: number;
  body: unknown;
}

function base64UrlJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export class OidcIssuer {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** The bearer token a job presents to the request URL; random per emulator. */
  readonly requestToken = randomBytes(24).toString("base64url");
  private readonly issued = new Set<string>();

  constructor(
    /** The `iss` claim: <emulator>/github-oidc, the way token.actions.githubusercontent.com is. */
    readonly issuer: string,
    /** ACTIONS_ID_TOKEN_REQUEST_URL, with its api-version as GitHub's has one. */
    readonly requestUrl: string,
    private readonly clock: () => number,
  ) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  issue(params: OidcTokenParams = {}): string {
    const now = Math.floor(this.clock() / 1000);
    const lifetime = params.lifetimeSeconds ?? DEFAULT_OIDC_LIFETIME_SECONDS;
    const subject = params.subject ?? DEFAULT_OIDC_SUBJECT;
    const header = { typ: "JWT", alg: "RS256", kid: "emulator-github-oidc" };
    const claims = {
      jti: randomUUID(),
      sub: subject,
      aud: params.audience ?? DEFAULT_AUDIENCE,
      ref: subject.split(":ref:")[1],
      repository: subject.split(":")[1],
      event_name: "push",
      iss: this.issuer,
      nbf: Math.min(now, now + lifetime) - 5,
      iat: Math.min(now, now + lifetime) - 5,
      exp: now + lifetime,
    };
    const unsigned = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
    const signature = sign("sha256", Buffer.from(unsigned), this.privateKey).toString("base64url");
    const token = `${unsigned}.${signature}`;
    this.issued.add(token);
    return token;
  }

  /** True when this issuer signed the JWT (what Entra checks against the issuer's keys). */
  signed(jwt: string): boolean {
    const parts = jwt.split(".");
    if (parts.length !== 3) {
      return false;
    }
    return verify(
      "sha256",
      Buffer.from(`${parts[0]}.${parts[1]}`),
      this.publicKey,
      Buffer.from(parts[2], "base64url"),
    );
  }

  /** Every OIDC token handed out, for secret-hygiene tests. */
  issuedTokens(): string[] {
    return [...this.issued];
  }

  /** GET <requestUrl>&audience=...: 401 without the request token, as GitHub's service does. */
  answer(method: string, url: URL, authorization: string | undefined): Answer {
    if (method !== "GET") {
      return { status: 405, body: { message: `The endpoint only accepts GET (got ${method}).` } };
    }
    if (authorization !== `Bearer ${this.requestToken}`) {
      return { status: 401, body: { message: "The request token is missing or not valid." } };
    }
    const audience = url.searchParams.get("audience") ?? undefined;
    return { status: 200, body: { count: 1, value: this.issue({ audience }) } };
  }
}

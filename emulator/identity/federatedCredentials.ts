import type { OidcIssuer } from "./oidcIssuer";

/**
 * The federated identity credentials of the emulated app registration: which external
 * tokens (issuer + subject + audience) Entra accepts as the app's client assertion, as
 * `az ad app federated-credential create` registers them. Checked in the order Entra reports
 * failures: signature and lifetime, then issuer, subject, audience.
 */

export interface FederatedCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

/** An AADSTS refusal: code, OAuth error and Entra's description. */
export interface FederationRefusal {
  aadsts: number;
  error: string;
  description: string;
}

const CHECK_AGAIN =
  "Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation";

function audiencesOf(aud: unknown): string[] {
  if (typeof aud === "string") {
    return [aud];
  }
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === "string") : [];
}

function time(seconds: unknown): string {
  return typeof seconds === "number" ? new Date(seconds * 1000).toISOString() : "(none)";
}

export class FederatedCredentials {
  private credentials: FederatedCredential[] = [];

  constructor(
    private readonly issuer: OidcIssuer,
    private readonly clock: () => number,
  ) {}

  add(credential: FederatedCredential): FederatedCredential {
    this.credentials = [...this.credentials.filter((c) => c.name !== credential.name), credential];
    return { ...credential, audiences: [...credential.audiences] };
  }

  list(): FederatedCredential[] {
    return this.credentials.map((c) => ({ ...c, audiences: [...c.audiences] }));
  }

  clear(): void {
    this.credentials = [];
  }

  /** undefined when the assertion matches a registered credential; else Entra's refusal. */
  check(assertion: string, claims: Record<string, unknown>): FederationRefusal | undefined {
    const { iss, sub, aud, exp, nbf } = claims;
    const registered = this.credentials.some((c) => c.issuer === iss);
    // Entra checks the signature with the keys the issuer publishes; the emulator knows the
    // keys of its own issuer only, so another registered issuer's tokens cannot pass either.
    if (
      (iss === this.issuer.issuer || registered) &&
      !(iss === this.issuer.issuer && this.issuer.signed(assertion))
    ) {
      return {
        aadsts: 700027,
        error: "invalid_client",
        description: "Client assertion failed signature validation.",
      };
    }
    const now = this.clock() / 1000;
    if (typeof exp !== "number" || exp <= now || (typeof nbf === "number" && nbf > now + 300)) {
      return {
        aadsts: 700024,
        error: "invalid_client",
        description: `Client assertion is not within its valid time range. Current time: ${new Date(now * 1000).toISOString()}, assertion valid from ${time(nbf)}, expiry time of assertion ${time(exp)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
      };
    }
    const byIssuer = this.credentials.filter((c) => c.issuer === iss);
    if (byIssuer.length === 0) {
      return {
        aadsts: 700211,
        error: "invalid_client",
        description: `No matching federated identity record found for presented assertion issuer '${String(iss)}'. ${CHECK_AGAIN}`,
      };
    }
    const bySubject = byIssuer.filter((c) => c.subject === sub);
    if (bySubject.length === 0) {
      return {
        aadsts: 700213,
        error: "invalid_client",
        description: `No matching federated identity record found for presented assertion subject '${String(sub)}'. ${CHECK_AGAIN}`,
      };
    }
    const presented = audiencesOf(aud);
    if (!bySubject.some((c) => c.audiences.some((a) => presented.includes(a)))) {
      return {
        aadsts: 700212,
        error: "invalid_client",
        description: `No matching federated identity record found for presented assertion audience '${presented.join(", ")}'. ${CHECK_AGAIN}`,
      };
    }
    return undefined;
  }
}

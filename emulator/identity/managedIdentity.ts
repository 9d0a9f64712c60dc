import { randomBytes } from "node:crypto";
import type { Answer } from "../server/http";
import type { TokenAuthority } from "./tokens";

/**
 * The managed-identity endpoint of App Service / Container Apps / Functions, which
 * @azure/identity (MSAL's AppService source) uses when IDENTITY_ENDPOINT and IDENTITY_HEADER
 * are set: GET <endpoint>?api-version=2019-08-01&resource=<audience>[&client_id=<uami>] with
 * the header X-IDENTITY-HEADER, answering { access_token, expires_on, resource, token_type,
 * client_id }. The host has a system-assigned identity and one user-assigned identity.
 */

export const MSI_API_VERSION = "2019-08-01";
export const SYSTEM_ASSIGNED_CLIENT_ID = "00000000-0000-0000-0000-000000000005";
export const USER_ASSIGNED_CLIENT_ID = "00000000-0000-0000-0000-000000000006";

export class ManagedIdentityEndpoint {
  /** IDENTITY_HEADER: the secret the platform hands the process; random per emulator. */
  readonly identityHeader = randomBytes(24).toString("base64url");

  constructor(private readonly tokens: TokenAuthority) {}

  answer(method: string, url: URL, header: string | undefined): Answer {
    const refuse = (status: number, message: string): Answer => ({
      status,
      body: { statusCode: status, message },
    });
    if (method !== "GET") {
      return refuse(405, `The endpoint only accepts GET (got ${method}).`);
    }
    if (header !== this.identityHeader) {
      return refuse(401, "The X-IDENTITY-HEADER header is missing or not valid.");
    }
    if (url.searchParams.get("api-version") !== MSI_API_VERSION) {
      return refuse(400, `Unsupported api-version; use ${MSI_API_VERSION}.`);
    }
    const resource = url.searchParams.get("resource");
    if (!resource) {
      return refuse(400, "The resource parameter is required.");
    }
    const clientId = url.searchParams.get("client_id") ?? SYSTEM_ASSIGNED_CLIENT_ID;
    if (![SYSTEM_ASSIGNED_CLIENT_ID, USER_ASSIGNED_CLIENT_ID].includes(clientId)) {
      return refuse(
        400,
        `No managed identity with client id '${clientId}' is assigned to this resource.`,
      );
    }
    const issued = this.tokens.issue(resource, "https://sts.windows.net/managed-identity/");
    return {
      status: 200,
      body: {
        access_token: issued.accessToken,
        expires_on: String(Math.floor(Date.now() / 1000) + issued.expiresIn),
        resource,
        token_type: "Bearer",
        client_id: clientId,
      },
    };
  }
}

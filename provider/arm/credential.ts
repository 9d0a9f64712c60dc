import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from "@azure/identity";
import type { ArmSettings } from "./armSettings";
import { credentialKey } from "./credentialKey";
import { oidcRequestAssertion, reusedUntilExpiry, staticAssertion } from "./oidcAssertion";
import type { RenewableCredential } from "./refreshOnUnauthorized";

/**
 * Which identity to authenticate as, already resolved from whatever sources the caller has
 * (stack configuration, variables); `source` says in words where each part came from, for
 * messages. Nothing here reads the environment.
 */
export type CredentialSettings =
  | ({ kind: "clientSecret"; clientSecret: string } & ServicePrincipal)
  | ({
      kind: "clientCertificate";
      certificatePath: string;
      certificatePassword?: string;
    } & ServicePrincipal)
  | ({ kind: "oidcToken"; token: string } & ServicePrincipal)
  | ({ kind: "oidcTokenFile"; tokenFilePath: string } & ServicePrincipal)
  | ({
      kind: "oidcRequest";
      requestUrl: string;
      requestToken: string;
      audience: string;
    } & ServicePrincipal)
  | { kind: "managedIdentity"; clientId?: string; source: string }
  | { kind: "default"; tenantId?: string; clientId?: string; source: string };

interface ServicePrincipal {
  tenantId: string;
  clientId: string;
  source: string;
}

export const CREDENTIAL_CHAIN =
  "DefaultAzureCredential: environment (AZURE_TENANT_ID, AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or " +
  "AZURE_CLIENT_CERTIFICATE_PATH), workload identity, managed identity, Azure CLI, Azure Developer CLI, Azure PowerShell";

/** The credential class and where its identity came from, as messages name it. */
export function describeCredential(settings: CredentialSettings): string {
  const classes: Record<CredentialSettings["kind"], string> = {
    clientSecret: "ClientSecretCredential",
    clientCertificate: "ClientCertificateCredential",
    oidcToken: "ClientAssertionCredential",
    oidcTokenFile: "WorkloadIdentityCredential",
    oidcRequest: "ClientAssertionCredential",
    managedIdentity: "ManagedIdentityCredential",
    default: CREDENTIAL_CHAIN,
  };
  return settings.kind === "default"
    ? classes.default
    : `${classes[settings.kind]} (${settings.source})`;
}

function build(arm: ArmSettings, settings: CredentialSettings): TokenCredential {
  const options = {
    authorityHost: arm.authorityHost,
    // Without this, @azure/identity first asks login.microsoftonline.com to discover a
    // non-Microsoft authority, which fails where only that authority is reachable.
    disableInstanceDiscovery: arm.disableInstanceDiscovery,
  };
  switch (settings.kind) {
    case "clientSecret":
      return new ClientSecretCredential(
        settings.tenantId,
        settings.clientId,
        settings.clientSecret,
        options,
      );
    case "clientCertificate":
      return new ClientCertificateCredential(
        settings.tenantId,
        settings.clientId,
        {
          certificatePath: settings.certificatePath,
          certificatePassword: settings.certificatePassword,
        },
        options,
      );
    case "oidcToken":
      return new ClientAssertionCredential(
        settings.tenantId,
        settings.clientId,
        staticAssertion(settings.token),
        options,
      );
    case "oidcTokenFile":
      return new WorkloadIdentityCredential({
        ...options,
        tenantId: settings.tenantId,
        clientId: settings.clientId,
        tokenFilePath: settings.tokenFilePath,
      });
    case "oidcRequest":
      return new ClientAssertionCredential(
        settings.tenantId,
        settings.clientId,
        reusedUntilExpiry(
          oidcRequestAssertion(settings.requestUrl, settings.requestToken, settings.audience),
        ),
        options,
      );
    case "managedIdentity":
      return settings.clientId
        ? new ManagedIdentityCredential({ clientId: settings.clientId })
        : new ManagedIdentityCredential();
    case "default":
      return new DefaultAzureCredential({
        ...options,
        tenantId: settings.tenantId,
        managedIdentityClientId: settings.clientId,
        workloadIdentityClientId: settings.clientId,
      });
  }
}

/** A failure to get a token, saying which credential and which source it came from. */
export class CredentialError extends Error {
  override name = "CredentialError";
  constructor(
    readonly credential: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Wraps getToken so that every failure names the credential and its source. */
function naming(credential: TokenCredential, description: string): TokenCredential {
  return {
    async getToken(scopes, options) {
      try {
        return await credential.getToken(scopes, options);
      } catch (error) {
        throw new CredentialError(description, error);
      }
    },
  };
}

let cached: { key: string; credential: RenewableCredential } | undefined;

/**
 * One credential per process and identity, so MSAL's token cache is shared by every resource
 * the provider host serves, and a changed identity (a rotated secret, another authority) gets
 * a new one. renew() swaps in a credential with an empty cache: @azure/identity has no way
 * to make one credential forget a token that ARM has refused.
 */
export function armCredential(arm: ArmSettings, settings: CredentialSettings): RenewableCredential {
  const key = credentialKey(arm, settings);
  if (cached?.key !== key) {
    const fresh = () => naming(build(arm, settings), describeCredential(settings));
    let current = fresh();
    cached = {
      key,
      credential: {
        getToken: (scopes, options) => current.getToken(scopes, options),
        renew: () => {
          current = fresh();
        },
      },
    };
  }
  return cached.credential;
}

import { createHash } from "node:crypto";
import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type AccessToken,
  type GetTokenOptions,
  type TokenCredential,
} from "@azure/identity";
import type { ArmSettings } from "./armSettings";
import { oidcRequestAssertion, reusedUntilExpiry, staticAssertion } from "./oidcAssertion";

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

/**
 * The credential classes build() constructs, in one object so that unit tests can watch what
 * each is given (the authority host above all) without a network.
 */
export const identityClasses = {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
};

function build(arm: ArmSettings, settings: CredentialSettings): TokenCredential {
  const {
    ClientAssertionCredential,
    ClientCertificateCredential,
    ClientSecretCredential,
    DefaultAzureCredential,
    ManagedIdentityCredential,
    WorkloadIdentityCredential,
  } = identityClasses;
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
      // No authority host: the token comes from the host's metadata endpoint (IMDS, App
      // Service, Arc), which already belongs to the cloud the machine runs in.
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

/**
 * A credential that can be asked for a token its cache did not hold: ARM refused a cached one
 * (revoked, issued by an authority that has since changed its keys), and only a new token
 * request can tell whether the identity itself is refused.
 */
export interface RenewableCredential extends TokenCredential {
  /** `refused`: the token ARM refused; one renewal serves every call refused with an older one. */
  renewedToken(
    scopes: string | string[],
    options?: GetTokenOptions,
    refused?: string,
  ): Promise<AccessToken | null>;
}

let cached: { key: string; credential: RenewableCredential } | undefined;

/**
 * What decides the token an identity gets: the authority (host, instance discovery), the ARM
 * audience, and the identity with its secret's source. Only a digest is kept, so the secret is
 * in no printable value; nothing of it is ever serialized: it is built inside the hooks.
 */
export function credentialCacheKey(arm: ArmSettings, settings: CredentialSettings): string {
  return createHash("sha256")
    .update(
      JSON.stringify([arm.authorityHost ?? "", arm.disableInstanceDiscovery, arm.scope, settings]),
    )
    .digest("hex");
}

/**
 * One credential per process and identity, so MSAL's token cache is shared by every resource
 * the provider host serves, and a changed identity (a rotated secret) gets a new one.
 * `renewedToken` replaces it by a new one (an empty MSAL cache) and asks that for a token.
 */
export function armCredential(arm: ArmSettings, settings: CredentialSettings): RenewableCredential {
  const key = credentialCacheKey(arm, settings);
  if (cached?.key !== key) {
    cached = {
      key,
      credential: renewable(() => naming(build(arm, settings), describeCredential(settings))),
    };
  }
  return cached.credential;
}

/**
 * After a key rollover every call in flight is refused at once: they share one answer (twenty
 * calls, one token request). That answer is the token the credential holds when it is not the
 * one refused (asking for it may itself go to Entra ID, once), else a new credential's token;
 * the next refusal after it settles asks again.
 */
export function renewable(fresh: () => TokenCredential): RenewableCredential {
  let current = fresh();
  let pending: Promise<AccessToken | null> | undefined;
  const answer = async (
    scopes: string | string[],
    options: GetTokenOptions | undefined,
    refused: string | undefined,
  ): Promise<AccessToken | null> => {
    if (refused !== undefined) {
      const held = await current.getToken(scopes, options).catch(() => null);
      if (held && held.token !== refused) return held;
    }
    current = fresh();
    return current.getToken(scopes, options);
  };
  return {
    getToken: (scopes, options) => current.getToken(scopes, options),
    renewedToken(scopes, options, refused) {
      if (pending) return pending;
      const shared = answer(scopes, options, refused);
      pending = shared;
      const settled = () => {
        if (pending === shared) pending = undefined;
      };
      shared.then(settled, settled);
      return shared;
    },
  };
}

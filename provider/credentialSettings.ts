/**
 * Stack configuration and environment -> the one identity to authenticate as. Each setting
 * takes its first source (settings.ts); then at most one way to authenticate may be given:
 * two (a client secret and a certificate, say) is an error naming both sources, never a
 * silent pick. None at all leaves it to DefaultAzureCredential's chain.
 */

import type { CredentialSettings } from "./arm/credential";
import { ConfigurationError, type Environment } from "./config";
import { lookupSetting, type SettingName, type SettingValue, type StackConfig } from "./settings";

/** What azure-native asks GitHub's token service for, and what Entra expects by default. */
export const FEDERATED_AUDIENCE = "api://AzureADTokenExchange";

const TRUE = /^(true|1|yes)$/i;
const BOOLEAN = /^(true|false|1|0|yes|no)$/i;

type Lookup = (name: SettingName) => SettingValue | undefined;

function flag(lookup: Lookup, name: "useOidc" | "useMsi"): SettingValue | undefined {
  const setting = lookup(name);
  if (setting && !BOOLEAN.test(setting.value)) {
    throw new ConfigurationError(`${setting.source}='${setting.value}' must be true or false`);
  }
  return setting && TRUE.test(setting.value) ? setting : undefined;
}

/** tenantId and clientId, or an error naming every missing one and where it may be set. */
function servicePrincipal(lookup: Lookup, method: SettingValue, what: string) {
  const tenant = lookup("tenantId");
  const client = lookup("clientId");
  const missing = [
    tenant ? undefined : "tenantId (azure-native:tenantId, ARM_TENANT_ID or AZURE_TENANT_ID)",
    client ? undefined : "clientId (azure-native:clientId, ARM_CLIENT_ID or AZURE_CLIENT_ID)",
  ].filter((m): m is string => m !== undefined);
  if (!tenant || !client) {
    throw new ConfigurationError(
      `${what} from ${method.source} also needs ${missing.join(" and ")}`,
    );
  }
  return {
    tenantId: tenant.value,
    clientId: client.value,
    source: `${what} from ${method.source}, client ${client.source}, tenant ${tenant.source}`,
  };
}

function oidc(lookup: Lookup, useOidc: SettingValue): CredentialSettings {
  const token = lookup("oidcToken");
  const file = lookup("oidcTokenFilePath");
  if (token && file) {
    throw new ConfigurationError(
      `Two OIDC tokens are given: one in ${token.source} and a file in ${file.source}; set only one`,
    );
  }
  if (token) {
    return {
      kind: "oidcToken",
      token: token.value,
      ...servicePrincipal(lookup, token, "OIDC token"),
    };
  }
  if (file) {
    return {
      kind: "oidcTokenFile",
      tokenFilePath: file.value,
      ...servicePrincipal(lookup, file, "OIDC token file"),
    };
  }
  const url = lookup("oidcRequestUrl");
  const requestToken = lookup("oidcRequestToken");
  if (url && requestToken) {
    return {
      kind: "oidcRequest",
      requestUrl: url.value,
      requestToken: requestToken.value,
      audience: FEDERATED_AUDIENCE,
      ...servicePrincipal(lookup, url, "OIDC token requested"),
    };
  }
  throw new ConfigurationError(
    `${useOidc.source} asks for OIDC, but no token is given: set ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH, ` +
      `or ARM_OIDC_REQUEST_URL with ARM_OIDC_REQUEST_TOKEN (in GitHub Actions, grant the job 'id-token: write')`,
  );
}

export function resolveCredentialSettings(
  env: Environment,
  config: StackConfig = {},
): CredentialSettings {
  const lookup: Lookup = (name) => lookupSetting(name, config, env);
  const secret = lookup("clientSecret");
  const certificate = lookup("clientCertificatePath");
  const useOidc = flag(lookup, "useOidc");
  const useMsi = flag(lookup, "useMsi");
  const given = [
    secret && `a client secret (${secret.source})`,
    certificate && `a client certificate (${certificate.source})`,
    useOidc && `OIDC (${useOidc.source})`,
    useMsi && `managed identity (${useMsi.source})`,
  ].filter((g): g is string => typeof g === "string");
  if (given.length > 1) {
    throw new ConfigurationError(
      `More than one way to authenticate is given: ${given.join(" and ")}; keep only one`,
    );
  }
  if (useMsi) {
    const client = lookup("clientId");
    return {
      kind: "managedIdentity",
      clientId: client?.value,
      source: client
        ? `managed identity from ${useMsi.source}, user-assigned client ${client.source}`
        : `managed identity from ${useMsi.source}, system-assigned`,
    };
  }
  if (useOidc) {
    return oidc(lookup, useOidc);
  }
  if (secret) {
    return {
      kind: "clientSecret",
      clientSecret: secret.value,
      ...servicePrincipal(lookup, secret, "client secret"),
    };
  }
  if (certificate) {
    return {
      kind: "clientCertificate",
      certificatePath: certificate.value,
      certificatePassword: lookup("clientCertificatePassword")?.value,
      ...servicePrincipal(lookup, certificate, "client certificate"),
    };
  }
  return {
    kind: "default",
    tenantId: lookup("tenantId")?.value,
    clientId: lookup("clientId")?.value,
    source: "DefaultAzureCredential",
  };
}

/** Who ARM counts this credential's requests against (its throttling is per principal). */
export function principalOf(settings: CredentialSettings): string {
  const tenant = "tenantId" in settings ? (settings.tenantId ?? "") : "";
  const client = "clientId" in settings ? (settings.clientId ?? "") : "";
  return `${settings.kind} ${tenant} ${client}`;
}

/**
 * Every setting the provider reads, where from, in which order: stack configuration (the
 * `azure-native:` key users already have, or this package's own namespace), then the ARM_*
 * variables pipelines hand out, then the AZURE_* ones of the Azure SDKs. The configuration
 * table of docs/installation-configuration.md is checked against this list, so the two cannot
 * drift apart.
 */

/** This package's own stack-configuration namespace, for settings azure-native has no key for. */
export const OWN_NAMESPACE = "azure-mhsm-pec";

export interface SettingSpec {
  /** Stack configuration key, namespace included. */
  configKey: string;
  /** Environment variables, highest precedence first. */
  variables: readonly string[];
  /** Never echoed: a value of this setting appears in no message. */
  secret: boolean;
  /** What azure-native does with the same key and variables (the docs' configuration table). */
  azureNative: string;
}

function native(key: string): string {
  return `azure-native:${key}`;
}

export const SETTINGS = {
  subscriptionId: {
    configKey: native("subscriptionId"),
    variables: ["ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID"],
    secret: false,
    azureNative: "Subscription of every resource without its own",
  },
  tenantId: {
    configKey: native("tenantId"),
    variables: ["ARM_TENANT_ID", "AZURE_TENANT_ID"],
    secret: false,
    azureNative: "Tenant of the service principal",
  },
  clientId: {
    configKey: native("clientId"),
    variables: ["ARM_CLIENT_ID", "AZURE_CLIENT_ID"],
    secret: false,
    azureNative: "Service principal's application id; with useMsi, the user-assigned identity",
  },
  clientSecret: {
    configKey: native("clientSecret"),
    variables: ["ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET"],
    secret: true,
    azureNative: "Client secret of the service principal (set it with --secret)",
  },
  clientCertificatePath: {
    configKey: native("clientCertificatePath"),
    variables: ["ARM_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PATH"],
    secret: false,
    azureNative: "PFX or PEM certificate of the service principal",
  },
  clientCertificatePassword: {
    configKey: native("clientCertificatePassword"),
    variables: ["ARM_CLIENT_CERTIFICATE_PASSWORD", "AZURE_CLIENT_CERTIFICATE_PASSWORD"],
    secret: true,
    azureNative: "Password of that certificate",
  },
  useOidc: {
    configKey: native("useOidc"),
    variables: ["ARM_USE_OIDC"],
    secret: false,
    azureNative: "Authenticate with an OIDC token as a federated credential",
  },
  oidcToken: {
    configKey: native("oidcToken"),
    variables: ["ARM_OIDC_TOKEN"],
    secret: true,
    azureNative: "The OIDC token itself (Pulumi ESC's azure-login exports it)",
  },
  oidcTokenFilePath: {
    configKey: native("oidcTokenFilePath"),
    variables: ["ARM_OIDC_TOKEN_FILE_PATH"],
    secret: false,
    azureNative: "A file holding the OIDC token, read again for each new access token",
  },
  oidcRequestUrl: {
    configKey: native("oidcRequestUrl"),
    variables: ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"],
    secret: false,
    azureNative:
      "Where to request an OIDC token (GitHub Actions sets ACTIONS_ID_TOKEN_REQUEST_URL)",
  },
  oidcRequestToken: {
    configKey: native("oidcRequestToken"),
    variables: ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
    secret: true,
    azureNative: "Bearer token for that request",
  },
  useMsi: {
    configKey: native("useMsi"),
    variables: ["ARM_USE_MSI"],
    secret: false,
    azureNative: "Authenticate as the managed identity of the host",
  },
  environment: {
    configKey: native("environment"),
    variables: ["ARM_ENVIRONMENT", "AZURE_ENVIRONMENT"],
    secret: false,
    azureNative: "Cloud: public, usgovernment or china (also AzurePublicCloud, ...)",
  },
  resourceManagerEndpoint: {
    configKey: `${OWN_NAMESPACE}:resourceManagerEndpoint`,
    variables: ["AZURE_RESOURCE_MANAGER_ENDPOINT"],
    secret: false,
    azureNative: "(none: this package's own) ARM's base URL, when not the cloud's own",
  },
  resourceManagerAudience: {
    configKey: `${OWN_NAMESPACE}:resourceManagerAudience`,
    variables: ["AZURE_RESOURCE_MANAGER_AUDIENCE"],
    secret: false,
    azureNative: "(none: this package's own) The audience tokens for ARM are asked for",
  },
  authorityHost: {
    configKey: `${OWN_NAMESPACE}:authorityHost`,
    variables: ["AZURE_AUTHORITY_HOST"],
    secret: false,
    azureNative:
      "(none: this package's own) The Entra ID authority, when not the cloud's own (the cloud's is the default)",
  },
  requestTimeoutSeconds: {
    configKey: `${OWN_NAMESPACE}:requestTimeoutSeconds`,
    variables: ["MHSM_PEC_REQUEST_TIMEOUT_SECONDS"],
    secret: false,
    azureNative: "(none: this package's own) Seconds one HTTP request may take",
  },
  pollReadsPerSecond: {
    configKey: `${OWN_NAMESPACE}:pollReadsPerSecond`,
    variables: ["MHSM_PEC_POLL_READS_PER_SECOND"],
    secret: false,
    azureNative:
      "(none: this package's own) Reads per second of every ARM read of a provider host, per subscription and principal (default 15)",
  },
  fixedPollSeconds: {
    configKey: `${OWN_NAMESPACE}:fixedPollSeconds`,
    variables: ["MHSM_PEC_FIXED_POLL_SECONDS"],
    secret: false,
    azureNative:
      "(none: this package's own) For comparisons only: poll every N seconds, with no shared budget",
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

/** Stack configuration as the dynamic provider's `configure` hands it over: full keys to text. */
export type StackConfig = Readonly<Record<string, string | undefined>>;

export interface SettingValue {
  value: string;
  /** Where it came from, e.g. "stack config azure-native:clientId" or "ARM_CLIENT_ID". */
  source: string;
}

/** The first non-blank value of a setting, config before variables; undefined when unset. */
export function lookupSetting(
  name: SettingName,
  config: StackConfig,
  env: Readonly<Record<string, string | undefined>>,
): SettingValue | undefined {
  const spec: SettingSpec = SETTINGS[name];
  const configured = config[spec.configKey]?.trim();
  if (configured) {
    return { value: configured, source: `stack config ${spec.configKey}` };
  }
  for (const variable of spec.variables) {
    const value = env[variable]?.trim();
    if (value) {
      return { value, source: variable };
    }
  }
  return undefined;
}

/** Every configuration key this package reads, so `configure` keeps those and no others. */
export function knownConfigKeys(): string[] {
  return Object.values(SETTINGS).map((spec: SettingSpec) => spec.configKey);
}

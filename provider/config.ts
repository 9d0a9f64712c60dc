/**
 * Environment -> settings. Read at run time inside each hook, never captured into the
 * serialized provider, so a stack's state holds no environment value and a changed
 * environment (another cloud, a rotated secret) takes effect on the next run.
 */

/** Pinned: the newest api-version with a complete published swagger for both resource types. */
export const API_VERSION = "2025-05-01";

interface Cloud {
  armEndpoint: string;
  armAudience: string;
  authorityHost: string;
}

export const CLOUDS: Readonly<Record<string, Cloud>> = {
  AzurePublicCloud: {
    armEndpoint: "https://management.azure.com",
    armAudience: "https://management.azure.com/",
    authorityHost: "https://login.microsoftonline.com",
  },
  AzureUSGovernment: {
    armEndpoint: "https://management.usgovcloudapi.net",
    armAudience: "https://management.usgovcloudapi.net/",
    authorityHost: "https://login.microsoftonline.us",
  },
  AzureChinaCloud: {
    armEndpoint: "https://management.chinacloudapi.cn",
    armAudience: "https://management.chinacloudapi.cn/",
    authorityHost: "https://login.chinacloudapi.cn",
  },
};

export interface ArmSettings {
  /** Base URL of Azure Resource Manager, without a trailing slash. */
  endpoint: string;
  /** The OAuth scope to ask tokens for: the cloud's ARM audience + "/.default". */
  scope: string;
  /** The Entra ID authority host when one is set in the environment. */
  authorityHost?: string;
  /**
   * True when the authority is not one of the Microsoft clouds' own (Azure Stack Hub, ADFS,
   * an emulator): instance discovery would ask login.microsoftonline.com and fail offline.
   */
  disableInstanceDiscovery: boolean;
  apiVersion: string;
  /** How long one HTTP request may take before it is abandoned and retried. */
  requestTimeoutMs: number;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

function httpsUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${variable}='${value}' is not a URL`);
  }
  if (url.protocol !== "https:") {
    throw new ConfigurationError(`${variable} must be an https:// URL (got '${value}')`);
  }
  return value.replace(/\/+$/, "");
}

export function readArmSettings(env: Environment = process.env): ArmSettings {
  const cloudName = env.AZURE_ENVIRONMENT || "AzurePublicCloud";
  const cloud = CLOUDS[cloudName];
  if (!cloud) {
    throw new ConfigurationError(
      `AZURE_ENVIRONMENT='${cloudName}' is not a known cloud; use one of ${Object.keys(CLOUDS).join(", ")}`,
    );
  }
  const endpoint = env.AZURE_RESOURCE_MANAGER_ENDPOINT
    ? httpsUrl("AZURE_RESOURCE_MANAGER_ENDPOINT", env.AZURE_RESOURCE_MANAGER_ENDPOINT)
    : cloud.armEndpoint;
  // The SDK would ask for "<endpoint>/.default", which is wrong whenever the endpoint is not
  // the cloud's canonical one (a proxy, a private link, an emulator): tokens carry the audience.
  const audience = env.AZURE_RESOURCE_MANAGER_AUDIENCE || cloud.armAudience;
  const authorityHost = env.AZURE_AUTHORITY_HOST
    ? httpsUrl("AZURE_AUTHORITY_HOST", env.AZURE_AUTHORITY_HOST)
    : undefined;
  const knownAuthorities = Object.values(CLOUDS).map((c) => c.authorityHost);
  const timeoutSeconds = Number(env.MHSM_PEC_REQUEST_TIMEOUT_SECONDS || 60);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new ConfigurationError(
      `MHSM_PEC_REQUEST_TIMEOUT_SECONDS must be a positive number of seconds (got '${env.MHSM_PEC_REQUEST_TIMEOUT_SECONDS}')`,
    );
  }
  return {
    endpoint,
    scope: `${audience.replace(/\/+$/, "")}/.default`,
    authorityHost,
    disableInstanceDiscovery:
      authorityHost !== undefined && !knownAuthorities.includes(authorityHost.toLowerCase()),
    apiVersion: API_VERSION,
    requestTimeoutMs: timeoutSeconds * 1000,
  };
}

export const SUBSCRIPTION_ENV_VARS = ["AZURE_SUBSCRIPTION_ID", "ARM_SUBSCRIPTION_ID"] as const;

/** The input when given, else the first subscription variable set in the environment. */
export function defaultSubscriptionId(env: Environment = process.env): string | undefined {
  for (const name of SUBSCRIPTION_ENV_VARS) {
    const value = env[name]?.trim();
    if (value) {
      return value;
    }
  }
  return undefined;
}

/**
 * Stack configuration and environment -> settings (see settings.ts for the sources). Read at run time inside each hook, never captured into the
 * serialized provider, so a stack's state holds no environment value and a changed
 * environment (another cloud, a rotated secret) takes effect on the next run.
 */

import {
  SETTINGS,
  lookupSetting,
  type SettingName,
  type SettingValue,
  type StackConfig,
} from "./settings";
import type { ArmSettings } from "./arm/armSettings";

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

export type Environment = Readonly<Record<string, string | undefined>>;

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

/** azure-native's names for the clouds (ARM_ENVIRONMENT), beside the Azure SDKs' own. */
const CLOUD_ALIASES: Readonly<Record<string, string>> = {
  public: "AzurePublicCloud",
  usgovernment: "AzureUSGovernment",
  china: "AzureChinaCloud",
};

function httpsUrl(setting: SettingValue): string {
  const { value, source } = setting;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${source}='${value}' is not a URL`);
  }
  if (url.protocol !== "https:") {
    throw new ConfigurationError(`${source} must be an https:// URL (got '${value}')`);
  }
  return value.replace(/\/+$/, "");
}

function cloudOf(setting: SettingValue | undefined): Cloud {
  const name = setting?.value ?? "AzurePublicCloud";
  const cloud = CLOUDS[CLOUD_ALIASES[name] ?? name];
  if (!cloud) {
    const known = [...Object.keys(CLOUD_ALIASES), ...Object.keys(CLOUDS)].join(", ");
    throw new ConfigurationError(
      `${setting?.source}='${name}' is not a known cloud; use one of ${known}`,
    );
  }
  return cloud;
}

/** ARM settings from stack configuration (when the provider was configured) and the environment. */
export function readArmSettings(
  env: Environment = process.env,
  config: StackConfig = {},
): ArmSettings {
  const setting = (name: SettingName) => lookupSetting(name, config, env);
  const cloud = cloudOf(setting("environment"));
  const endpointSetting = setting("resourceManagerEndpoint");
  const endpoint = endpointSetting ? httpsUrl(endpointSetting) : cloud.armEndpoint;
  // The SDK would ask for "<endpoint>/.default", which is wrong whenever the endpoint is not
  // the cloud's canonical one (a proxy, a private link, an emulator): tokens carry the audience.
  const audience = setting("resourceManagerAudience")?.value ?? cloud.armAudience;
  const authoritySetting = setting("authorityHost");
  // Each cloud has its own Entra ID: a China or US Government identity does not exist on
  // login.microsoftonline.com, so the cloud's host is the default, not the SDK's.
  const authorityHost = authoritySetting ? httpsUrl(authoritySetting) : cloud.authorityHost;
  const knownAuthorities = Object.values(CLOUDS).map((c) => c.authorityHost);
  const timeoutSetting = setting("requestTimeoutSeconds");
  const timeoutSeconds = Number(timeoutSetting?.value ?? 60);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new ConfigurationError(
      `${timeoutSetting?.source} must be a positive number of seconds (got '${timeoutSetting?.value}')`,
    );
  }
  return {
    endpoint,
    scope: `${audience.replace(/\/+$/, "")}/.default`,
    authorityHost,
    disableInstanceDiscovery: !knownAuthorities.includes(authorityHost.toLowerCase()),
    apiVersion: API_VERSION,
    requestTimeoutMs: timeoutSeconds * 1000,
  };
}

export const SUBSCRIPTION_ENV_VARS = SETTINGS.subscriptionId.variables;

/** Stack config azure-native:subscriptionId, else ARM_SUBSCRIPTION_ID, else AZURE_SUBSCRIPTION_ID. */
export function defaultSubscriptionId(
  env: Environment = process.env,
  config: StackConfig = {},
): string | undefined {
  // Pulumi ESC's azure-login documents its subscriptionId as "/subscriptions/<id>".
  return lookupSetting("subscriptionId", config, env)?.value.replace(/^\/subscriptions\//i, "");
}

import { invalidApiVersion, missingApiVersion } from "../errors";
import type { EmulatedParentKind } from "../types";

/**
 * The Microsoft.KeyVault api-versions ARM accepts (learn.microsoft.com's resource-type
 * version list, plus 2024-11-01, 2025-05-01 and 2026-02-01 from azure-rest-api-specs, and
 * 2026-05-15, the default of azure-mgmt-keyvault 14.1.0 on PyPI, Microsoft's Python SDK).
 * The emulator answers every one of them with the 2025-05-01 shapes, which are the same for
 * these resources in every version it knows.
 */
const VAULT_API_VERSIONS = [
  "2015-06-01",
  "2016-10-01",
  "2018-02-14-preview",
  "2018-02-14",
  "2019-09-01",
  "2020-04-01-preview",
  "2021-04-01-preview",
  "2021-06-01-preview",
  "2021-10-01",
  "2021-11-01-preview",
  "2022-02-01-preview",
  "2022-07-01",
  "2022-11-01",
  "2023-02-01",
  "2023-07-01",
  "2024-04-01-preview",
  "2024-11-01",
  "2024-12-01-preview",
  "2025-05-01",
  "2026-02-01",
  "2026-05-15",
] as const;

/** Managed HSM arrived with 2020-04-01-preview. */
const MANAGED_HSM_API_VERSIONS = VAULT_API_VERSIONS.slice(
  VAULT_API_VERSIONS.indexOf("2020-04-01-preview"),
);

export function supportedApiVersions(kind: EmulatedParentKind): readonly string[] {
  return kind === "managedHSMs" ? MANAGED_HSM_API_VERSIONS : VAULT_API_VERSIONS;
}

/**
 * Microsoft.Resources' versions for GET /subscriptions and /subscriptions/{s} (Microsoft.Resources
 * subscriptions, as the Azure CLI and the SDKs' subscription clients send them).
 */
export const SUBSCRIPTIONS_API_VERSIONS: readonly string[] = [
  "2014-04-01-preview",
  "2015-01-01",
  "2016-06-01",
  "2018-06-01",
  "2019-06-01",
  "2019-11-01",
  "2020-01-01",
  "2021-01-01",
  "2022-12-01",
];

/**
 * Microsoft.Resources' versions for GET /subscriptions/{s}/resources: 2015-11-01 is the one
 * Microsoft.KeyVault's own Vaults_List operation sends; the others are ARM's resources versions.
 */
export const RESOURCES_API_VERSIONS: readonly string[] = [
  "2015-11-01",
  "2016-02-01",
  "2016-09-01",
  "2017-05-10",
  "2018-05-01",
  "2019-05-01",
  "2019-05-10",
  "2019-07-01",
  "2019-08-01",
  "2019-10-01",
  "2020-06-01",
  "2020-08-01",
  "2020-10-01",
  "2021-01-01",
  "2021-04-01",
  "2022-09-01",
  "2023-07-01",
  "2024-03-01",
  "2024-07-01",
  "2024-11-01",
  "2025-01-01",
  "2025-03-01",
  "2025-04-01",
];

/** The request's api-version, or the ARM error for a missing or unknown one. */
export function checkApiVersion(query: URLSearchParams, kind: EmulatedParentKind): string {
  return checkApiVersionIn(query, supportedApiVersions(kind));
}

/** The same check against an explicit list. */
export function checkApiVersionIn(query: URLSearchParams, supported: readonly string[]): string {
  const given = query.get("api-version");
  if (!given) {
    throw missingApiVersion();
  }
  if (!supported.includes(given)) {
    throw invalidApiVersion(given, supported);
  }
  return given;
}

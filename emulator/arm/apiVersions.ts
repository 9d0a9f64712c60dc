import { invalidApiVersion, missingApiVersion } from "../errors";

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

/** The request's api-version, or the ARM error for a missing one or one not in `supported`. */
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

import type { EmulatorBehavior } from "./types";

/**
 * Well-known values, public like Azurite's account key: they only ever open this emulator.
 * Valid GUIDs, because @azure/identity and ARM ids are checked for shape.
 */
export const DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000001";
export const DEFAULT_TENANT_ID = "00000000-0000-0000-0000-000000000002";
export const DEFAULT_CLIENT_ID = "00000000-0000-0000-0000-000000000003";
export const DEFAULT_CLIENT_SECRET = "mhsm-arm-emulator-well-known-secret";
/** The object id of the emulated service principal, carried as oid/sub in tokens. */
export const SERVICE_PRINCIPAL_OBJECT_ID = "00000000-0000-0000-0000-000000000004";

export const DEFAULT_ARM_AUDIENCE = "https://management.azure.com/";
/**
 * ARM's other audience, the one the Azure CLI's AzureCloud asks tokens for
 * (`activeDirectoryResourceId`); ARM accepts both, and so does the emulator by default.
 */
export const CLASSIC_ARM_AUDIENCE = "https://management.core.windows.net/";
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
/** MSAL refreshes tokens that expire within five minutes, so shorter ones would never be cached. */
export const MIN_TOKEN_LIFETIME_SECONDS = 301;
export const DEFAULT_LOCATION = "eastus";

/**
 * Azure as recorded (REALISTIC_TIMINGS, see timings.ts): no Retry-After, a PUT Updating for
 * 16-65 s, a DELETE running 10-30 s. Tests that need short waits select FAST_TIMINGS by name.
 */
export const DEFAULT_BEHAVIOR: Readonly<EmulatorBehavior> = Object.freeze({
  putDurationMs: 16_000,
  putDurationMaxMs: 65_000,
  putOutcome: "Succeeded",
  putRetryAfterSeconds: null,
  deleteMode: "async",
  deleteDurationMs: 10_000,
  deleteDurationMaxMs: 30_000,
  deleteRetryAfterSeconds: null,
  deleteFinalStatus: 204,
  deleteOutcome: "Succeeded",
  asyncStyle: "location",
  locationStyle: "absolute",
  lowercaseTypeInIds: false,
  responseShape: "recording",
  listPageSize: 50,
  timeScale: 1,
  throttle: null,
  allowReapproval: false,
  // Inside the 10-90 s the Cosmos DB, PostgreSQL and App Configuration recordings show.
  staleReadMs: 30_000,
});

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
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
/** MSAL refreshes tokens that expire within five minutes, so shorter ones would never be cached. */
export const MIN_TOKEN_LIFETIME_SECONDS = 301;
export const DEFAULT_LOCATION = "eastus";

/**
 * The recording's behaviour, sped up: real PUTs took 50-65 s and the delete poll came 30 s
 * later; a second keeps tests quick while still exercising every intermediate state.
 */
export const DEFAULT_BEHAVIOR: Readonly<EmulatorBehavior> = Object.freeze({
  putDurationMs: 1000,
  putOutcome: "Succeeded",
  putRetryAfterSeconds: 1,
  deleteMode: "async",
  deleteDurationMs: 1000,
  deleteRetryAfterSeconds: 1,
  deleteFinalStatus: 204,
  deleteOutcome: "Succeeded",
  asyncStyle: "location",
  locationStyle: "absolute",
  lowercaseTypeInIds: false,
  listPageSize: 50,
  throttle: null,
  allowReapproval: false,
});

/**
 * An HTTPS emulator of the Azure Resource Manager routes for the private endpoint connections
 * of Key Vault (managed HSMs and vaults) and of the other private-link services it models, and
 * of the Entra ID token endpoint, for tests and demos that must run offline. See README.md in
 * this folder.
 */
export { startEmulator } from "./server/startEmulator";
export { EMULATED_RESOURCE_TYPES } from "./services/table";
export { ensureCertificate } from "./tls/certificate";
export {
  FAST_TIMINGS,
  REALISTIC_TIMINGS,
  TIMING_PROFILES,
  operationDurationMs,
  type TimingProfileName,
} from "./timings";
export {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_SUBSCRIPTION_ID,
  DEFAULT_TENANT_ID,
} from "./defaults";
export type {
  ConnectionJson,
  CreateConnectionParams,
  CreateParentParams,
  EmulatedConnectionRef,
  DeleteEndpointParams,
  EmulatorBehavior,
  EmulatorControl,
  EmulatorIdentities,
  FederatedCredential,
  FederatedCredentialParams,
  OidcTokenParams,
  EmulatorOptions,
  FaultRule,
  EmulatedParentKind,
  EmulatedParentRef,
  RequestLogEntry,
  RequestAgainParams,
  RequestOp,
  RunningEmulator,
  TokenBucket,
} from "./types";

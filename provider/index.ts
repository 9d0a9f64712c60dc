export {
  MhsmPrivateEndpointConnection,
  KeyVaultPrivateEndpointConnection,
  type MhsmPrivateEndpointConnectionArgs,
  type KeyVaultPrivateEndpointConnectionArgs,
  type TimeoutsArgs,
} from "./resource";
export {
  MhsmPrivateEndpointConnectionProvider,
  KeyVaultPrivateEndpointConnectionProvider,
  type ProviderOptions,
} from "./provider";
export type { ConnectionInputs, ConnectionOutputs, DeclarableStatus } from "./inputs";
export { API_VERSION } from "./config";

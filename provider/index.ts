export {
  PrivateEndpointConnection,
  MhsmPrivateEndpointConnection,
  KeyVaultPrivateEndpointConnection,
  type PrivateEndpointConnectionArgs,
  type MhsmPrivateEndpointConnectionArgs,
  type KeyVaultPrivateEndpointConnectionArgs,
  type TimeoutsArgs,
} from "./resource";
export {
  AnyPrivateEndpointConnectionProvider,
  MhsmPrivateEndpointConnectionProvider,
  KeyVaultPrivateEndpointConnectionProvider,
  type ProviderOptions,
} from "./provider";
export type {
  ConnectionInputs,
  ConnectionOutputs,
  DeclarableStatus,
  DecisionRecord,
} from "./inputs";
export { API_VERSION } from "./config";
export {
  PrivateEndpointConnectionPolicy,
  type PrivateEndpointConnectionPolicyArgs,
  MhsmPrivateEndpointConnectionPolicy,
  KeyVaultPrivateEndpointConnectionPolicy,
  type MhsmPrivateEndpointConnectionPolicyArgs,
  type KeyVaultPrivateEndpointConnectionPolicyArgs,
  type RuleArgs,
} from "./policy/resource";
export {
  AnyPrivateEndpointConnectionPolicyProvider,
  MhsmPrivateEndpointConnectionPolicyProvider,
  KeyVaultPrivateEndpointConnectionPolicyProvider,
  type PolicyProviderOptions,
} from "./policy/provider";
export type {
  Decision,
  DecisionCounts,
  OnDelete,
  Otherwise,
  PlannedWrite,
  PolicyInputs,
  PolicyOutputs,
  Rule,
  RuleMatch,
  Scope,
} from "./policy/rules";

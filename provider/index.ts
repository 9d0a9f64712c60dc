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
export type {
  ConnectionInputs,
  ConnectionOutputs,
  DeclarableStatus,
  DecisionRecord,
} from "./inputs";
export { API_VERSION } from "./config";
export {
  MhsmPrivateEndpointConnectionPolicy,
  KeyVaultPrivateEndpointConnectionPolicy,
  type MhsmPrivateEndpointConnectionPolicyArgs,
  type KeyVaultPrivateEndpointConnectionPolicyArgs,
  type RuleArgs,
} from "./policy/resource";
export {
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

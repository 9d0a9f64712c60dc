/**
 * The plugin's name and its resources' type tokens. The plugin is not `azure-native`'s
 * `keyvault` module, so the tokens cannot collide with that provider's; the resource names are
 * the TypeScript classes' names, so a program reads the same in every language.
 */

/**
 * By Pulumi's convention (package `pulumi-<name>`, plugin `pulumi-resource-<name>`), the
 * plugin of the npm package `pulumi-azure-mhsm-pec` is `azure-mhsm-pec`.
 */
export const PLUGIN_NAME = "azure-mhsm-pec";

/** The executable Pulumi looks for: `pulumi-resource-<plugin name>`. */
export const PLUGIN_EXECUTABLE = `pulumi-resource-${PLUGIN_NAME}`;

export const MHSM_CONNECTION_TOKEN = `${PLUGIN_NAME}:index:MhsmPrivateEndpointConnection`;
export const KEY_VAULT_CONNECTION_TOKEN = `${PLUGIN_NAME}:index:KeyVaultPrivateEndpointConnection`;
/** A connection, and a policy, of any private-link service's parent (docs/decisions.md). */
export const CONNECTION_TOKEN = `${PLUGIN_NAME}:index:PrivateEndpointConnection`;
export const POLICY_TOKEN = `${PLUGIN_NAME}:index:PrivateEndpointConnectionPolicy`;
export const TIMEOUTS_TOKEN = `${PLUGIN_NAME}:index:Timeouts`;
export const DECISION_RECORD_TOKEN = `${PLUGIN_NAME}:index:DecisionRecord`;
export const DECIDED_BY_TOKEN = `${PLUGIN_NAME}:index:DecidedBy`;
export const SUPERSEDED_TOKEN = `${PLUGIN_NAME}:index:Superseded`;

/**
 * The type token of a resource URN (`urn:pulumi:<stack>::<project>::<parent$type>::<name>`):
 * the last `$`-separated part of the qualified type.
 */
export function typeOfUrn(urn: string): string {
  const qualifiedType = urn.split("::")[2] ?? "";
  return qualifiedType.split("$").pop() ?? "";
}

export const MHSM_POLICY_TOKEN = `${PLUGIN_NAME}:index:MhsmPrivateEndpointConnectionPolicy`;
export const KEY_VAULT_POLICY_TOKEN = `${PLUGIN_NAME}:index:KeyVaultPrivateEndpointConnectionPolicy`;
export const RULE_TOKEN = `${PLUGIN_NAME}:index:Rule`;
export const RULE_MATCH_TOKEN = `${PLUGIN_NAME}:index:RuleMatch`;
export const DECISION_TOKEN = `${PLUGIN_NAME}:index:Decision`;
export const DECISION_COUNTS_TOKEN = `${PLUGIN_NAME}:index:DecisionCounts`;
export const PLANNED_WRITE_TOKEN = `${PLUGIN_NAME}:index:PlannedWrite`;

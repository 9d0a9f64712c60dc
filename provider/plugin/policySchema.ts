/**
 * The approval policy's resources and types in the plugin's schema, typed by the policy's own
 * PolicyInputs/PolicyOutputs (schemaTypes.ts makes a missing or invented property a compile
 * error). As for the connections, no property has a `default` (declared.ts says why).
 */

import { KEY_VAULT, MANAGED_HSM, type ParentKind } from "../arm/parentKinds";
import { SUBSCRIPTION_ENV_VARS } from "../config";
import { DEFAULT_TIMEOUT_SECONDS } from "../inputs";
import {
  MATCH_FIELDS,
  type Decision,
  type DecisionCounts,
  type PlannedWrite,
  type PolicyInputs,
  type PolicyOutputs,
  type Rule,
  type RuleMatch,
} from "../policy/rules";
import {
  withoutParentNameParts,
  type ByParentId,
  type ObjectTypeSpec,
  type PropertiesOf,
  type ResourceSpec,
  type SpecJson,
} from "./schemaTypes";
import {
  DECISION_COUNTS_TOKEN,
  DECISION_TOKEN,
  PLANNED_WRITE_TOKEN,
  RULE_MATCH_TOKEN,
  RULE_TOKEN,
  TIMEOUTS_TOKEN,
} from "./tokens";

const strings = (description: string) => ({
  type: "array" as const,
  items: { type: "string" as const },
  description,
});

const RULE_MATCH: ObjectTypeSpec<RuleMatch> = {
  type: "object",
  description: `What a rule requires of a connection: every field given must hold; at least one of ${MATCH_FIELDS.join(", ")}.`,
  properties: {
    subscriptionIds: strings(
      "The consumer's subscription (from its endpoint's id) is one of these GUIDs.",
    ),
    resourceGroups: strings("The consumer's resource group is one of these (case-insensitive)."),
    privateEndpointNames: strings(
      "The consumer's endpoint name matches one of these globs (* and ?).",
    ),
    privateEndpointIds: strings("The consumer's private endpoint is one of these ARM ids."),
    requestMessage: {
      type: "string",
      description: "A regular expression (flags iu) the connection's request message must match.",
    },
    any: { type: "boolean", description: "true matches every connection (only true is allowed)." },
    allowAnyRequester: {
      type: "boolean",
      description:
        "true lets an Approved rule match on neither subscriptionIds nor privateEndpointIds (accepted with a warning).",
    },
  },
};

const RULE: ObjectTypeSpec<Rule> = {
  type: "object",
  description: "One rule of an approval policy: the first rule whose match holds decides.",
  properties: {
    name: {
      type: "string",
      description: "Unique in the policy (case-insensitively), recorded in decisions.",
    },
    action: {
      type: "string",
      description: 'The status a matching connection is given: "Approved" or "Rejected".',
    },
    match: { $ref: `#/types/${RULE_MATCH_TOKEN}`, description: RULE_MATCH.description },
    description: {
      type: "string",
      description:
        "The reason recorded on the connections this rule writes. Default: \"Approved by approval policy rule '<name>'\" (or Rejected).",
    },
  },
  required: ["name", "action", "match"],
};

const DECISION: ObjectTypeSpec<Decision> = {
  type: "object",
  description: "What the policy says of one connection.",
  properties: {
    name: { type: "string", description: "The connection's name." },
    privateEndpointId: {
      type: "string",
      description: "The consumer's private endpoint, as ARM reports it.",
    },
    status: {
      type: "string",
      description:
        "The connection's status in ARM after the policy's writes (or at the last refresh).",
    },
    rule: {
      type: "string",
      description: "The rule that decided it, when its action is the status.",
    },
  },
  required: ["name", "privateEndpointId", "status"],
};

const DECISION_COUNTS: ObjectTypeSpec<DecisionCounts> = {
  type: "object",
  description: "How many of the parent's connections are in each status.",
  properties: {
    total: { type: "number", description: "Every connection of the HSM or vault." },
    approved: { type: "number", description: "Connections Approved." },
    rejected: { type: "number", description: "Connections Rejected." },
    pending: { type: "number", description: "Connections still Pending." },
    disconnected: {
      type: "number",
      description: "Connections whose private endpoint was deleted.",
    },
    excluded: { type: "number", description: "Connections named in exclude." },
    byRule: {
      type: "object",
      additionalProperties: { type: "number" },
      description: "For each rule that decides at least one connection, how many.",
    },
  },
  required: ["total", "approved", "rejected", "pending", "disconnected", "excluded", "byRule"],
};

const PLANNED_WRITE: ObjectTypeSpec<PlannedWrite> = {
  type: "object",
  description:
    "A write the policy wants: the connection, its status now, and the status it should have.",
  properties: {
    name: { type: "string", description: "The connection's name." },
    from: { type: "string", description: "Its status in ARM now." },
    to: { type: "string", description: "The status the policy would write." },
    rule: { type: "string", description: "The rule that asks for the write." },
  },
  required: ["name", "from", "to"],
};

export const POLICY_TYPES: Record<string, SpecJson> = {
  [RULE_TOKEN]: RULE,
  [RULE_MATCH_TOKEN]: RULE_MATCH,
  [DECISION_TOKEN]: DECISION,
  [DECISION_COUNTS_TOKEN]: DECISION_COUNTS,
  [PLANNED_WRITE_TOKEN]: PLANNED_WRITE,
};

type CommonInputs = Omit<PolicyInputs, "hsmName" | "vaultName" | "parentResourceId">;
type CommonOutputs = Omit<PolicyOutputs, "hsmName" | "vaultName" | "parentResourceId">;

const COMMON_INPUTS: PropertiesOf<CommonInputs> = {
  subscriptionId: {
    type: "string",
    description: `The parent's subscription. Default: ${SUBSCRIPTION_ENV_VARS.join(", else ")} from the environment. Changing it replaces the policy.`,
    defaultInfo: { environment: [...SUBSCRIPTION_ENV_VARS] },
  },
  resourceGroupName: {
    type: "string",
    description: "The resource group of the parent. Changing it replaces the policy.",
  },
  rules: {
    type: "array",
    items: { $ref: `#/types/${RULE_TOKEN}` },
    description:
      "The ordered rules (at most 100, names unique): for each connection, the first rule whose match holds decides.",
  },
  otherwise: {
    type: "string",
    description:
      'What happens to a Pending connection no rule matches: "leave" (default) or "Rejected".',
  },
  scope: {
    type: "string",
    description:
      'Which connections the policy decides: "pending" (default) only Pending ones; "all" also rejects an Approved one no rule approves.',
  },
  exclude: strings(
    "Names of connections other resources manage: never written by the policy. Default: none.",
  ),
  onDelete: {
    type: "string",
    description:
      'What destroying the policy does to the connections it approved: "retain" (default; no ARM call), "reject" or "delete".',
  },
  timeouts: {
    $ref: `#/types/${TIMEOUTS_TOKEN}`,
    description: `Deadlines in seconds (default ${DEFAULT_TIMEOUT_SECONDS} each) of the whole application, and of onDelete.`,
  },
};

const COMMON_OUTPUTS: PropertiesOf<CommonOutputs> = {
  ...COMMON_INPUTS,
  decisions: {
    type: "array",
    items: { $ref: `#/types/${DECISION_TOKEN}` },
    description: "One per connection, in ARM's order.",
  },
  counts: { $ref: `#/types/${DECISION_COUNTS_TOKEN}`, description: DECISION_COUNTS.description },
  outstanding: {
    type: "array",
    items: { $ref: `#/types/${PLANNED_WRITE_TOKEN}` },
    description:
      "Writes the policy would make now; empty right after up, non-empty after a refresh = drift.",
  },
};

function describe(kind: ParentKind): string {
  return (
    `An approval policy for every private endpoint connection of a ${kind.displayName}: ordered rules approve or reject Pending connections (and, with scope "all", reject approved ones no rule allows). ` +
    "It cannot be imported: its rules exist only in the program."
  );
}

const PARENT = (kind: ParentKind) => ({
  type: "string" as const,
  description: `The ${kind.displayName} whose connections the policy governs; one policy per parent. Changing it replaces the policy.`,
});

export const MHSM_POLICY: ResourceSpec<
  Omit<PolicyInputs, "vaultName" | "parentResourceId">,
  Omit<PolicyOutputs, "vaultName" | "parentResourceId">
> = {
  description: describe(MANAGED_HSM),
  inputProperties: { ...COMMON_INPUTS, hsmName: PARENT(MANAGED_HSM) },
  requiredInputs: ["resourceGroupName", "hsmName", "rules"],
  properties: { ...COMMON_OUTPUTS, hsmName: PARENT(MANAGED_HSM) },
  required: [
    "subscriptionId",
    "resourceGroupName",
    "hsmName",
    "rules",
    "decisions",
    "counts",
    "outstanding",
  ],
};

export const KEY_VAULT_POLICY: ResourceSpec<
  Omit<PolicyInputs, "hsmName" | "parentResourceId">,
  Omit<PolicyOutputs, "hsmName" | "parentResourceId">
> = {
  description: describe(KEY_VAULT),
  inputProperties: { ...COMMON_INPUTS, vaultName: PARENT(KEY_VAULT) },
  requiredInputs: ["resourceGroupName", "vaultName", "rules"],
  properties: { ...COMMON_OUTPUTS, vaultName: PARENT(KEY_VAULT) },
  required: [
    "subscriptionId",
    "resourceGroupName",
    "vaultName",
    "rules",
    "decisions",
    "counts",
    "outstanding",
  ],
};

type AnyPolicyInputs = ByParentId<PolicyInputs>;
type AnyPolicyOutputs = ByParentId<PolicyOutputs>;

const ANY_PARENT = {
  type: "string" as const,
  description:
    "The ARM id of the private-link resource whose connections the policy governs (any service); one policy per parent. Changing it replaces the policy.",
};

const ANY_INPUTS = withoutParentNameParts(COMMON_INPUTS);
const ANY_OUTPUTS = withoutParentNameParts(COMMON_OUTPUTS);

export const ANY_POLICY: ResourceSpec<AnyPolicyInputs, AnyPolicyOutputs> = {
  description:
    'An approval policy for every private endpoint connection of any private-link resource, given by its ARM id (parentResourceId): ordered rules approve or reject Pending connections (and, with scope "all", reject approved ones no rule allows), within the status changes the service allows. ' +
    "It cannot be imported: its rules exist only in the program.",
  inputProperties: { ...ANY_INPUTS, parentResourceId: ANY_PARENT },
  requiredInputs: ["parentResourceId", "rules"],
  properties: { ...ANY_OUTPUTS, parentResourceId: ANY_PARENT },
  required: ["parentResourceId", "rules", "decisions", "counts", "outstanding"],
};

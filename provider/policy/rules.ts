/**
 * The approval policy's rule language, as `check` leaves it: every field validated, every
 * default applied. Evaluation (evaluate.ts) reads only these types.
 */

import type { DeclarableStatus, OnDelete, Timeouts } from "../inputs";

/**
 * What a rule requires of a connection. Every field given must hold (they are ANDed); within a
 * list, one entry matching is enough. At least one field is required: `check` refuses an empty
 * match, so that approving everything is said with `any: true`, and an approving rule that is
 * not anchored on `subscriptionIds` or `privateEndpointIds` (see `allowAnyRequester`). The consumer's subscription,
 * resource group and endpoint name are read from the connection's
 * `properties.privateEndpoint.id` as ARM reports it; a connection without one matches no field
 * but `requestMessage` and `any`.
 */
export interface RuleMatch {
  /**
   * Holds when the consumer's subscription (from its private endpoint's id) is one of these,
   * compared case-insensitively. Each must be a GUID; a non-empty list.
   */
  subscriptionIds?: string[];
  /**
   * Holds when the consumer's resource group (from its private endpoint's id) is one of these,
   * compared case-insensitively. A non-empty list of non-empty names.
   */
  resourceGroups?: string[];
  /**
   * Holds when the consumer's private endpoint name matches one of these globs, as a whole and
   * case-insensitively: `*` any run of characters, `?` exactly one, everything else literal
   * (`[...]` and `{...}` are refused). A non-empty list.
   */
  privateEndpointNames?: string[];
  /**
   * Holds when the consumer's private endpoint is one of these full ARM ids
   * (`/subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.Network/privateEndpoints/{name}`),
   * compared case-insensitively, as ARM compares ids. A non-empty list.
   */
  privateEndpointIds?: string[];
  /**
   * Holds when the connection's request message (the consumer's text in
   * `privateLinkServiceConnectionState.description`) contains a match of this JavaScript
   * regular expression, case-insensitively (flags `iu`; anchor it with `^...$` to match the
   * whole message). An invalid expression is refused by `check`.
   */
  requestMessage?: string;
  /** `true` matches every connection; the only way to write such a rule. Only `true` is allowed. */
  any?: true;
  /**
   * Matches nothing by itself: it says that an approving rule trusts every requester. Only the
   * consumer's subscription and its endpoint's full id are ARM's to report; the endpoint's name,
   * its resource group and the request message are chosen by whoever creates the endpoint, in
   * any subscription or tenant, knowing only the HSM's or vault's id. So `check` refuses an
   * `Approved` rule that matches on none of `subscriptionIds` and `privateEndpointIds`, unless
   * it says `allowAnyRequester: true` (accepted with a warning). Only `true` is allowed.
   */
  allowAnyRequester?: true;
}

/**
 * One rule of an approval policy. `rules` is ordered: the first rule whose {@link RuleMatch}
 * holds decides a connection, and later rules are not consulted.
 */
export interface Rule {
  /**
   * The rule's name, unique in the policy (case-insensitively) and non-empty. It is recorded in
   * {@link Decision.rule} and in the default description of the connections the rule writes.
   */
  name: string;
  /**
   * The status a matching connection is given: "Approved" or "Rejected" (case-sensitive),
   * written by a PUT of the connection. ARM's state rules bound it: a Pending connection may
   * become either, an Approved one only Rejected (under `scope: "all"`), and a Rejected or
   * Disconnected connection is never written.
   */
  action: DeclarableStatus;
  /** What the rule requires of a connection; every field given must hold. */
  match: RuleMatch;
  /**
   * The reason recorded on the connections this rule writes
   * (`privateLinkServiceConnectionState.description`), shown to the consumer. Default:
   * "Approved by approval policy rule '<name>'" (or "Rejected by ...").
   */
  description?: string;
}

export const OTHERWISE_VALUES = ["leave", "Rejected"] as const;
/**
 * What happens to a Pending connection that no rule matches: "leave" (default) keeps it
 * Pending; "Rejected" rejects it, with the description "Rejected by approval policy: no rule
 * allows this connection".
 */
export type Otherwise = (typeof OTHERWISE_VALUES)[number];

export const SCOPE_VALUES = ["pending", "all"] as const;
/**
 * Which connections a policy decides: "pending" (default) only Pending ones, so decisions
 * already made (by hand or by an earlier policy) stay; "all" also rejects an Approved
 * connection that no rule approves. Rejected and Disconnected connections are never written
 * either way (Azure refuses re-approval; a Disconnected one's endpoint is gone).
 */
export type Scope = (typeof SCOPE_VALUES)[number];

/** The policy's onDelete is the connection resources' (inputs.ts), applied to what it approved. */
export { ON_DELETE_VALUES, type OnDelete } from "../inputs";

export const MATCH_FIELDS = [
  "subscriptionIds",
  "resourceGroups",
  "privateEndpointNames",
  "privateEndpointIds",
  "requestMessage",
  "any",
  "allowAnyRequester",
] as const;

/** The match fields whose values ARM reports from the endpoint's own id, not the requester. */
export const ANCHOR_FIELDS = ["subscriptionIds", "privateEndpointIds"] as const;

/** The policy resource's inputs after `check`: every field validated, every default applied. */
export interface PolicyInputs {
  /** The parent's subscription (defaulted from stack config or the environment by check). */
  subscriptionId?: string;
  /** The parent's resource group. */
  resourceGroupName?: string;
  /** The parent's ARM id: the policy of any private-link service's resource. */
  parentResourceId?: string;
  /** Set for a Managed HSM's policy. */
  hsmName?: string;
  /** Set for a key vault's policy. */
  vaultName?: string;
  /** The ordered rules; the first whose match holds decides. */
  rules: Rule[];
  /** What happens to a Pending connection no rule matches (default "leave"). */
  otherwise: Otherwise;
  /** Which connections the policy decides (default "pending"). */
  scope: Scope;
  /** Connection names other resources manage: never written by the policy (default none). */
  exclude: string[];
  /** What destroy does to the connections the policy approved (default "retain"). */
  onDelete: OnDelete;
  /** The provider's deadlines, if any were given. */
  timeouts?: Timeouts;
}

/** What the policy says of one connection. */
export interface Decision {
  /** The connection's name (the last segment of its ARM id). */
  name: string;
  /** The consumer's private endpoint, as ARM reports it ("" when ARM reports none). */
  privateEndpointId: string;
  /**
   * The connection's status in ARM after the policy's writes: Approved, Rejected, Pending or
   * Disconnected. After a refresh, ARM's status now (see `outstanding` for what would change).
   */
  status: string;
  /**
   * The name of the first rule that matches the connection, when that rule's action is the
   * connection's status (also for one approved by hand that an approving rule matches: `onDelete`
   * counts it as the policy's). Absent otherwise: excluded, no rule matched (left Pending, or
   * rejected by `otherwise` or `scope: "all"`), or the matching rule's action is not the status
   * (a Rejected connection an approving rule matches: Azure does not re-approve).
   */
  rule?: string;
}

/**
 * How many of the parent's connections are in each status after the policy applied (or, after
 * a refresh, as ARM has them now). Excluded connections are counted in their status too.
 */
export interface DecisionCounts {
  /** Every connection of the HSM or vault, excluded ones included. */
  total: number;
  /** Connections Approved. */
  approved: number;
  /** Connections Rejected. */
  rejected: number;
  /**
   * Connections still Pending: no rule matched and `otherwise` is "leave", or excluded; after a
   * refresh, also new ones a rule matches, waiting for `pulumi up`.
   */
  pending: number;
  /** Connections whose private endpoint was deleted; never written by the policy. */
  disconnected: number;
  /** Connections named in `exclude`, which the policy never writes. */
  excluded: number;
  /**
   * For each rule that decides at least one connection, how many (the `rule` of the decisions):
   * what an audit summary counts per rule. Connections no rule decided are not in it.
   */
  byRule: Record<string, number>;
}

/** What the resource records: the inputs plus what the policy decided at the last operation. */
export interface PolicyOutputs extends PolicyInputs {
  /** One per connection, in ARM's order. */
  decisions: Decision[];
  /** The decisions counted by status. */
  counts: DecisionCounts;
  /** Writes the policy would make now; empty right after create/update. Non-empty after a refresh = drift. */
  outstanding: PlannedWrite[];
}

/** A write the policy wants: the connection, its status now, and the status it should have. */
export interface PlannedWrite {
  /** The connection's name. */
  name: string;
  /** Its status in ARM now: Pending, or Approved (rejected under `scope: "all"`). */
  from: string;
  /** The status the policy would write. */
  to: DeclarableStatus;
  /** The rule that asks for the write; absent when `otherwise` or `scope: "all"` does. */
  rule?: string;
}

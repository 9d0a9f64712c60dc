import type { DeclarableStatus, Timeouts } from "../inputs";

/**
 * The approval policy's rule language, as `check` leaves it: every field validated, every
 * default applied. Evaluation (evaluate.ts) reads only these types.
 */

/** What a rule requires of a connection; every given field must hold. */
export interface RuleMatch {
  /** The consumer's subscription (from its private endpoint's id), compared case-insensitively. */
  subscriptionIds?: string[];
  /** The consumer's resource group, compared case-insensitively. */
  resourceGroups?: string[];
  /** Globs on the private endpoint's name: `*` any run of characters, `?` one character. */
  privateEndpointNames?: string[];
  /** Full ARM ids of private endpoints, compared case-insensitively. */
  privateEndpointIds?: string[];
  /** A regular expression the connection's request message must contain a match of. */
  requestMessage?: string;
  /** Matches every connection; the only way to write a rule that does. */
  any?: true;
}

export interface Rule {
  name: string;
  action: DeclarableStatus;
  match: RuleMatch;
  description?: string;
}

export const OTHERWISE_VALUES = ["leave", "Rejected"] as const;
export type Otherwise = (typeof OTHERWISE_VALUES)[number];

export const SCOPE_VALUES = ["pending", "all"] as const;
export type Scope = (typeof SCOPE_VALUES)[number];

export const ON_DELETE_VALUES = ["retain", "reject", "delete"] as const;
export type OnDelete = (typeof ON_DELETE_VALUES)[number];

export const MATCH_FIELDS = [
  "subscriptionIds",
  "resourceGroups",
  "privateEndpointNames",
  "privateEndpointIds",
  "requestMessage",
  "any",
] as const;

/** The policy resource's inputs after `check`. */
export interface PolicyInputs {
  subscriptionId: string;
  resourceGroupName: string;
  hsmName?: string;
  vaultName?: string;
  rules: Rule[];
  otherwise: Otherwise;
  scope: Scope;
  /** Connection names other resources manage: never written by the policy. */
  exclude: string[];
  onDelete: OnDelete;
  timeouts?: Timeouts;
}

/** What the policy says of one connection. */
export interface Decision {
  name: string;
  privateEndpointId: string;
  /** The status ARM has (after the policy's writes, once applied). */
  status: string;
  /** The rule that decided it; absent when none did. */
  rule?: string;
}

export interface DecisionCounts {
  total: number;
  approved: number;
  rejected: number;
  pending: number;
  disconnected: number;
  excluded: number;
}

/** What the resource records. */
export interface PolicyOutputs extends PolicyInputs {
  decisions: Decision[];
  counts: DecisionCounts;
  /** Writes the policy would make now; empty right after create/update. Non-empty after a refresh = drift. */
  outstanding: PlannedWrite[];
}

/** A write the policy wants: the connection, its status now, and the status it should have. */
export interface PlannedWrite {
  name: string;
  from: string;
  to: DeclarableStatus;
  rule?: string;
}

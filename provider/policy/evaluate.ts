/**
 * Rule evaluation: pure, no ARM. Azure's state rules bound what a policy may ask for:
 * Pending -> Approved or Rejected, Approved -> Rejected; Rejected -> Approved is refused by
 * Azure, and a Disconnected connection (its endpoint deleted) is left alone. So a policy only
 * ever writes Pending connections, and (scope "all") rejects Approved ones no rule approves;
 * and where the parent's service is stricter (the SQL family changes a status only from
 * Pending: serviceRules.ts), a write it would refuse is not planned.
 */

import type { ConnectionState } from "../arm/connectionState";
import type { ServiceProfile } from "../arm/serviceProfiles";
import { transitionProblem } from "../arm/serviceRules";
import type { DeclarableStatus } from "../inputs";
import { boundedPattern } from "./boundedPattern";
import { globToRegExp } from "./glob";
import { parsePrivateEndpointId, type PrivateEndpointParts } from "./privateEndpointId";
import type {
  Decision,
  DecisionCounts,
  PlannedWrite,
  PolicyInputs,
  Rule,
  RuleMatch,
} from "./rules";

/** Whether a connection (and its private endpoint's id, parsed) meets one field of a match. */
type Predicate = (c: ConnectionState, pe: PrivateEndpointParts | undefined) => boolean;

export interface CompiledRule {
  rule: Rule;
  matches: Predicate;
}

export interface CompiledPolicy {
  policy: PolicyInputs;
  /** The parent's service, whose status-change rules bound the writes; none: Azure's common ones. */
  profile?: ServiceProfile;
  rules: CompiledRule[];
  excluded(name: string): boolean;
}

function inList(values: string[] | undefined, value: string | undefined): boolean {
  const v = (value ?? "").toLowerCase();
  return values!.some((candidate) => candidate.toLowerCase() === v);
}

function predicatesOf(match: RuleMatch): Predicate[] {
  const predicates: Predicate[] = [];
  if (match.subscriptionIds) {
    predicates.push((_c, pe) => inList(match.subscriptionIds, pe?.subscriptionId));
  }
  if (match.resourceGroups) {
    predicates.push((_c, pe) => inList(match.resourceGroups, pe?.resourceGroup));
  }
  if (match.privateEndpointNames) {
    const globs = match.privateEndpointNames.map(globToRegExp);
    predicates.push((_c, pe) => pe !== undefined && globs.some((g) => g.test(pe.name)));
  }
  if (match.privateEndpointIds) {
    predicates.push((c) => inList(match.privateEndpointIds, c.privateEndpointId));
  }
  if (match.requestMessage !== undefined) {
    const test = boundedPattern(match.requestMessage, "iu");
    predicates.push((c) => test(c.description ?? "", c.name));
  }
  return predicates;
}

/** Compiles once per hook call: patterns are checked valid by `check`. */
export function compilePolicy(policy: PolicyInputs, profile?: ServiceProfile): CompiledPolicy {
  const excluded = new Set(policy.exclude.map((name) => name.toLowerCase()));
  return {
    policy,
    profile,
    rules: policy.rules.map((rule) => {
      const predicates = predicatesOf(rule.match);
      return { rule, matches: (c, pe) => predicates.every((p) => p(c, pe)) };
    }),
    excluded: (name) => excluded.has(name.toLowerCase()),
  };
}

/** The first rule that matches, in order. */
export function firstMatch(compiled: CompiledPolicy, c: ConnectionState): Rule | undefined {
  const pe = parsePrivateEndpointId(c.privateEndpointId);
  return compiled.rules.find((r) => r.matches(c, pe))?.rule;
}

export interface Evaluation {
  decision: Decision;
  write?: PlannedWrite;
  excluded: boolean;
}

/** The status the policy wants, or undefined to leave the connection as it is. */
function targetOf(
  compiled: CompiledPolicy,
  c: ConnectionState,
  rule: Rule | undefined,
): DeclarableStatus | undefined {
  const wanted: DeclarableStatus | undefined =
    rule?.action ?? (compiled.policy.otherwise === "Rejected" ? "Rejected" : undefined);
  if (c.status === "Pending") {
    return wanted;
  }
  if (c.status === "Approved" && compiled.policy.scope === "all" && wanted !== "Approved") {
    // Approved, and no rule allows it; unless the service lets no one change it now.
    const { profile } = compiled;
    return profile && transitionProblem(profile, c.status, "Rejected") ? undefined : "Rejected";
  }
  return undefined; // Rejected (Azure refuses re-approval), Disconnected, or unknown.
}

export function evaluate(compiled: CompiledPolicy, c: ConnectionState): Evaluation {
  const current = c.status ?? "";
  const base = { name: c.name, privateEndpointId: c.privateEndpointId ?? "" };
  if (compiled.excluded(c.name)) {
    return { decision: { ...base, status: current }, excluded: true };
  }
  const rule = firstMatch(compiled, c);
  const target = targetOf(compiled, c, rule);
  const status = target ?? current;
  const decidedBy = rule && rule.action === status ? { rule: rule.name } : {};
  const decision: Decision = { ...base, status, ...decidedBy };
  if (target === undefined || target === current) {
    return { decision, excluded: false };
  }
  return {
    decision,
    excluded: false,
    write: { name: c.name, from: current, to: target, ...decidedBy },
  };
}

export interface Plan {
  decisions: Decision[];
  writes: PlannedWrite[];
  counts: DecisionCounts;
}

/** Every connection's decision, in ARM's order, and the writes that would make them so. */
export function planFor(
  policy: PolicyInputs,
  connections: ConnectionState[],
  profile?: ServiceProfile,
): Plan {
  const compiled = compilePolicy(policy, profile);
  const evaluations = connections.map((c) => evaluate(compiled, c));
  const decisions = evaluations.map((e) => e.decision);
  return {
    decisions,
    writes: evaluations.flatMap((e) => (e.write ? [e.write] : [])),
    counts: countsOf(decisions, evaluations.filter((e) => e.excluded).length),
  };
}

export function countsOf(decisions: Decision[], excluded: number): DecisionCounts {
  const count = (status: string) => decisions.filter((d) => d.status === status).length;
  return {
    total: decisions.length,
    approved: count("Approved"),
    rejected: count("Rejected"),
    pending: count("Pending"),
    disconnected: count("Disconnected"),
    excluded,
    byRule: byRuleOf(decisions),
  };
}

/** Decisions per deciding rule, in the order the rules first decide. */
function byRuleOf(decisions: Decision[]): Record<string, number> {
  const byRule: Record<string, number> = {};
  for (const { rule } of decisions) {
    if (rule !== undefined) byRule[rule] = (byRule[rule] ?? 0) + 1;
  }
  return byRule;
}

/** The description a policy's write records on the connection. */
export function writeDescription(policy: PolicyInputs, write: PlannedWrite): string {
  const rule = policy.rules.find((r) => r.name === write.rule);
  if (rule?.description) {
    return rule.description;
  }
  return rule
    ? `${write.to} by approval policy rule '${rule.name}'`
    : `${write.to} by approval policy: no rule allows this connection`;
}

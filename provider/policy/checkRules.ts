/**
 * Checks `rules`: every failure at once, each naming its field (rules[2].match.requestMessage).
 * A rule with an empty match is refused: approving everything must be said (`any: true`). An
 * approving rule must be anchored on what ARM vouches for, or say that it trusts any requester
 * (rules.ts, `allowAnyRequester`), which passes with a warning.
 */

import { isUnknown, shown, type Fail } from "../hooks/checkInputs";
import { DECLARABLE_STATUSES } from "../inputs";
import { globProblem } from "./glob";
import { isPrivateEndpointId } from "./privateEndpointId";
import { ANCHOR_FIELDS, MATCH_FIELDS, type Rule, type RuleMatch } from "./rules";

/** A message that does not fail check but is shown to the user. */
export type Warn = (message: string) => void;

export const MAX_RULES = 100;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function checkRules(value: unknown, fail: Fail, warn: Warn): Rule[] | unknown {
  if (isUnknown(value)) {
    return value;
  }
  if (!Array.isArray(value)) {
    fail("rules", `rules must be a list of { name, action, match } (got ${shown(value)})`);
    return [];
  }
  if (value.length > MAX_RULES) {
    fail("rules", `rules may hold at most ${MAX_RULES} rules (got ${value.length})`);
  }
  const seen = new Map<string, number>();
  return value.map((rule, i) => {
    const checked = checkRule(rule, `rules[${i}]`, fail);
    checkAnchor(checked, `rules[${i}]`, fail, warn);
    if (typeof checked.name === "string") {
      const key = checked.name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        fail(`rules[${i}].name`, `rule name '${checked.name}' is already used by rules[${first}]`);
      } else {
        seen.set(key, i);
      }
    }
    return checked;
  });
}

function checkRule(value: unknown, at: string, fail: Fail): Rule {
  if (!isObject(value)) {
    fail(at, `${at} must be an object { name, action, match, description? } (got ${shown(value)})`);
    return {} as Rule;
  }
  for (const key of Object.keys(value)) {
    if (!["name", "action", "match", "description"].includes(key)) {
      fail(
        `${at}.${key}`,
        `${at}.${key} is not a field of a rule; use name, action, match, description`,
      );
    }
  }
  const { name, action, match, description } = value;
  if (typeof name !== "string" || name.trim() === "") {
    if (!isUnknown(name))
      fail(`${at}.name`, `${at}.name is required, a non-empty string (got ${shown(name)})`);
  }
  if (!isUnknown(action) && !DECLARABLE_STATUSES.some((s) => s === action)) {
    fail(
      `${at}.action`,
      `${at}.action must be "Approved" or "Rejected" (got ${shown(action)}); the value is case-sensitive`,
    );
  }
  if (description !== undefined && typeof description !== "string" && !isUnknown(description)) {
    fail(`${at}.description`, `${at}.description must be a string (got ${shown(description)})`);
  }
  const checkedMatch = checkMatch(match, `${at}.match`, fail);
  return {
    name: name as string,
    action: action as Rule["action"],
    match: checkedMatch,
    ...(description !== undefined ? { description: description as string } : {}),
  };
}

function checkMatch(value: unknown, at: string, fail: Fail): RuleMatch {
  if (isUnknown(value)) {
    return value as RuleMatch;
  }
  if (!isObject(value)) {
    fail(at, `${at} is required: an object such as { subscriptionIds: [...] } or { any: true }`);
    return {};
  }
  const given = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
  for (const key of given) {
    if (!(MATCH_FIELDS as readonly string[]).includes(key)) {
      fail(`${at}.${key}`, `${at}.${key} is not a match field; use ${MATCH_FIELDS.join(", ")}`);
    }
  }
  if (given.filter((k) => k !== "allowAnyRequester").length === 0) {
    fail(at, `${at} is empty; a rule that matches every connection must say so with { any: true }`);
  }
  for (const flag of ["any", "allowAnyRequester"] as const) {
    if (value[flag] !== undefined && value[flag] !== null && value[flag] !== true) {
      fail(
        `${at}.${flag}`,
        `${at}.${flag} may only be true (got ${shown(value[flag])}); leave it out otherwise`,
      );
    }
  }
  const match: RuleMatch = {
    ...(value.any === true ? { any: true as const } : {}),
    ...(value.allowAnyRequester === true ? { allowAnyRequester: true as const } : {}),
  };
  const lists = {
    subscriptionIds: listOf(value.subscriptionIds, `${at}.subscriptionIds`, fail, guidProblem),
    resourceGroups: listOf(value.resourceGroups, `${at}.resourceGroups`, fail, nonEmpty),
    privateEndpointNames: listOf(
      value.privateEndpointNames,
      `${at}.privateEndpointNames`,
      fail,
      globProblem,
    ),
    privateEndpointIds: listOf(
      value.privateEndpointIds,
      `${at}.privateEndpointIds`,
      fail,
      endpointIdProblem,
    ),
  };
  for (const [key, list] of Object.entries(lists)) {
    if (list !== undefined) (match as Record<string, unknown>)[key] = list;
  }
  const pattern = regexOf(value.requestMessage, `${at}.requestMessage`, fail);
  return pattern === undefined ? match : { ...match, requestMessage: pattern };
}

/**
 * An approving rule must hold only for requesters ARM identifies: their subscription or their
 * endpoint's full id. Names, resource groups and request messages are the requester's choice.
 */
function checkAnchor(rule: Rule, at: string, fail: Fail, warn: Warn): void {
  const match = rule.match;
  if (rule.action !== "Approved" || isUnknown(match) || typeof match !== "object" || !match) {
    return;
  }
  const fields = Object.keys(match).filter((field) => field !== "allowAnyRequester");
  if (fields.length === 0 || ANCHOR_FIELDS.some((field) => match[field] !== undefined)) {
    return; // an empty match has its own failure
  }
  const named = typeof rule.name === "string" ? ` '${rule.name}'` : "";
  if (match.allowAnyRequester === true) {
    warn(
      `${at}${named} approves connections from any requester (allowAnyRequester: true): whoever ` +
        `knows this HSM's or vault's id can create a private endpoint in any subscription or ` +
        `tenant that this rule matches; anchor it on subscriptionIds or privateEndpointIds where you can`,
    );
    return;
  }
  fail(
    `${at}.match`,
    `${at}.match approves without an anchor: an "Approved" rule must match on subscriptionIds ` +
      `or privateEndpointIds, which ARM reports from the consumer's endpoint; privateEndpointNames, ` +
      `resourceGroups, requestMessage and any are chosen by whoever creates the endpoint, from any ` +
      `subscription or tenant. Add one of those, or say allowAnyRequester: true to approve any requester`,
  );
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function guidProblem(value: string): string | undefined {
  return GUID.test(value) ? undefined : "is not a subscription id (a GUID)";
}

function nonEmpty(value: string): string | undefined {
  return value.trim() === "" ? "must not be empty" : undefined;
}

function endpointIdProblem(value: string): string | undefined {
  return isPrivateEndpointId(value)
    ? undefined
    : "is not a private endpoint's ARM id (/subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.Network/privateEndpoints/{name})";
}

function listOf(
  value: unknown,
  at: string,
  fail: Fail,
  problem: (item: string) => string | undefined,
): string[] | undefined {
  if (value === undefined || value === null || isUnknown(value)) {
    return isUnknown(value) ? (value as string[]) : undefined;
  }
  if (!Array.isArray(value) || value.length === 0) {
    fail(at, `${at} must be a non-empty list of strings (got ${shown(value)})`);
    return undefined;
  }
  value.forEach((item, i) => {
    const why = typeof item === "string" ? problem(item) : "must be a string";
    if (why && !isUnknown(item)) fail(`${at}[${i}]`, `${at}[${i}] ${shown(item)} ${why}`);
  });
  return value as string[];
}

function regexOf(value: unknown, at: string, fail: Fail): string | undefined {
  if (value === undefined || value === null || isUnknown(value)) {
    return isUnknown(value) ? (value as string) : undefined;
  }
  if (typeof value !== "string") {
    fail(at, `${at} must be a regular expression, as a string (got ${shown(value)})`);
    return undefined;
  }
  try {
    new RegExp(value, "iu");
  } catch (error) {
    fail(at, `${at} is not a valid regular expression: ${(error as Error).message}`);
    return undefined;
  }
  return value;
}

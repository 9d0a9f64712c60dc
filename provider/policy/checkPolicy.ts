/**
 * check of the policy resource: every input validated before any ARM call, all failures
 * together, each naming the field and the rule. Values not yet known (preview) pass.
 */

import {
  connectionNameRule,
  keyVaultNameRule,
  resourceGroupNameRule,
  subscriptionIdRule,
  type NameRule,
} from "../arm/nameRules";
import type { ParentKind } from "../arm/parentKinds";
import { SUBSCRIPTION_ENV_VARS, defaultSubscriptionId, type Environment } from "../config";
import type { CheckFailure } from "../hooks/check";
import type { StackConfig } from "../settings";
import { MAX_TIMEOUT_SECONDS } from "../inputs";
import { parentNameProperty } from "../parentInputs";
import { checkRules, isObject, isUnknown, shown, type Fail } from "./checkRules";
import { ON_DELETE_VALUES, OTHERWISE_VALUES, SCOPE_VALUES } from "./rules";

const PROVIDER_KEY = "__provider";

function inputNames(kind: ParentKind): string[] {
  return [
    "subscriptionId",
    "resourceGroupName",
    parentNameProperty(kind),
    "rules",
    "otherwise",
    "scope",
    "exclude",
    "onDelete",
    "timeouts",
  ];
}

export function checkPolicy(
  kind: ParentKind,
  env: Environment,
  news: Record<string, unknown>,
  config: StackConfig = {},
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const fail: Fail = (property, reason) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = {};
  const subscriptionId = news.subscriptionId || defaultSubscriptionId(env, config);
  if (!subscriptionId) {
    fail(
      "subscriptionId",
      `subscriptionId is required: set the subscriptionId input, stack config azure-native:subscriptionId, or ${SUBSCRIPTION_ENV_VARS.join(" or ")} in the environment`,
    );
  }
  const names: [string, NameRule, unknown][] = [
    ["subscriptionId", subscriptionIdRule, subscriptionId || undefined],
    ["resourceGroupName", resourceGroupNameRule, news.resourceGroupName],
    [parentNameProperty(kind), keyVaultNameRule, news[parentNameProperty(kind)]],
  ];
  for (const [property, rule, value] of names) {
    if (property !== "subscriptionId" || subscriptionId) {
      checkName(property, rule, value, inputs, fail);
    }
  }
  inputs.rules = checkRules(news.rules, fail);
  inputs.otherwise = oneOf("otherwise", OTHERWISE_VALUES, news.otherwise, fail);
  inputs.scope = oneOf("scope", SCOPE_VALUES, news.scope, fail);
  inputs.onDelete = oneOf("onDelete", ON_DELETE_VALUES, news.onDelete, fail);
  inputs.exclude = checkExclude(news.exclude, fail);
  const timeouts = checkTimeouts(news.timeouts, fail);
  if (timeouts !== undefined) inputs.timeouts = timeouts;
  const known = inputNames(kind);
  for (const property of Object.keys(news)) {
    if (!known.includes(property) && property !== PROVIDER_KEY) {
      fail(
        property,
        `${property} is not an input of this resource; inputs are ${known.join(", ")}`,
      );
    }
  }
  return { inputs, failures };
}

function checkName(
  property: string,
  rule: NameRule,
  value: unknown,
  inputs: Record<string, unknown>,
  fail: Fail,
): void {
  if (isUnknown(value)) {
    inputs[property] = value;
  } else if (value === undefined || value === null || value === "") {
    fail(property, `${property} is required`);
  } else if (typeof value !== "string") {
    fail(property, `${property} must be a string (got ${typeof value})`);
  } else {
    const broken = rule(value);
    if (broken) fail(property, `${property} ${shown(value)} ${broken}`);
    else inputs[property] = value;
  }
}

/** The first value is the default. */
function oneOf(property: string, allowed: readonly string[], value: unknown, fail: Fail): unknown {
  if (value === undefined || value === null) {
    return allowed[0];
  }
  if (isUnknown(value) || allowed.includes(value as string)) {
    return value;
  }
  fail(
    property,
    `${property} must be one of ${allowed.map((a) => `"${a}"`).join(", ")} (got ${shown(value)}); the value is case-sensitive`,
  );
  return allowed[0];
}

function checkExclude(value: unknown, fail: Fail): unknown {
  if (value === undefined || value === null) {
    return [];
  }
  if (isUnknown(value)) {
    return value;
  }
  if (!Array.isArray(value)) {
    fail("exclude", `exclude must be a list of connection names (got ${shown(value)})`);
    return [];
  }
  value.forEach((name, i) => {
    if (isUnknown(name)) return;
    const why = typeof name === "string" ? connectionNameRule(name) : "must be a string";
    if (why) fail(`exclude[${i}]`, `exclude[${i}] ${shown(name)} ${why}`);
  });
  return value;
}

function checkTimeouts(value: unknown, fail: Fail): unknown {
  if (value === undefined || value === null || isUnknown(value)) {
    return isUnknown(value) ? value : undefined;
  }
  if (!isObject(value)) {
    fail(
      "timeouts",
      "timeouts must be an object such as { create: 1800, update: 1800, delete: 1800 } (seconds)",
    );
    return undefined;
  }
  for (const [key, seconds] of Object.entries(value)) {
    const at = `timeouts.${key}`;
    if (!["create", "update", "delete"].includes(key)) {
      fail(at, `${at} is not a timeout; use create, update or delete`);
    } else if (
      !isUnknown(seconds) &&
      (typeof seconds !== "number" || !(seconds > 0) || seconds > MAX_TIMEOUT_SECONDS)
    ) {
      fail(
        at,
        `${at} must be a number of seconds greater than 0 and at most ${MAX_TIMEOUT_SECONDS} (got ${shown(seconds)})`,
      );
    }
  }
  return value;
}

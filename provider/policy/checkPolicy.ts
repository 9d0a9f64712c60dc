/**
 * check of the policy resource: every input validated before any ARM call, all failures
 * together, each naming the field and the rule. Values not yet known (preview) pass.
 */

import { connectionNameRule } from "../arm/nameRules";
import type { Environment } from "../config";
import {
  PROVIDER_KEY,
  checkParentInputs,
  isUnknown,
  nameChecker,
  shown,
  type CheckFailure,
  type Fail,
} from "../hooks/checkInputs";
import type { StackConfig } from "../settings";
import { MAX_TIMEOUT_SECONDS } from "../inputs";
import { parentProperties, type ParentNaming } from "../parentInputs";
import { checkRules, isObject } from "./checkRules";
import { ON_DELETE_VALUES, OTHERWISE_VALUES, SCOPE_VALUES } from "./rules";

function inputNames(kind: ParentNaming): string[] {
  return [
    ...parentProperties(kind),
    "rules",
    "otherwise",
    "scope",
    "exclude",
    "onDelete",
    "timeouts",
  ];
}

export function checkPolicy(
  kind: ParentNaming,
  env: Environment,
  news: Record<string, unknown>,
  config: StackConfig = {},
): { inputs: Record<string, unknown>; failures: CheckFailure[]; warnings: string[] } {
  const failures: CheckFailure[] = [];
  const warnings: string[] = [];
  const fail: Fail = (property, reason) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = {};
  checkParentInputs(kind, news, env, config, fail, nameChecker(inputs, fail));
  inputs.rules = checkRules(news.rules, fail, (message) => warnings.push(message));
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
  return { inputs, failures, warnings };
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

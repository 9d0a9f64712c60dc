/**
 * What every resource's check shares: how a failure is recorded and shown, values not yet
 * known at preview, and the inputs that name the parent HSM or vault (the connection and the
 * approval policy both name one, by the same rules and with the same messages).
 */

import * as pulumi from "@pulumi/pulumi";
import {
  keyVaultNameRule,
  parentNameRuleOf,
  resourceGroupNameRule,
  subscriptionIdRule,
  type NameRule,
} from "../arm/nameRules";
import { parseParentResourceId } from "../arm/parentResourceId";
import { SUBSCRIPTION_ENV_VARS, defaultSubscriptionId, type Environment } from "../config";
import {
  PARENT_RESOURCE_ID,
  namesByParentId,
  parentNameProperty,
  type ParentNaming,
} from "../parentInputs";
import type { StackConfig } from "../settings";

/** One input that failed, and the rule it failed. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** Records a failure of one property. */
export type Fail = (property: string, reason: string) => void;

/** Checks one name-like input against its rule, keeping it in `inputs` when it passes. */
export type CheckName = (property: string, rule: NameRule, value: unknown) => void;

/** The serialized provider the engine sends along with the inputs; not an input. */
export const PROVIDER_KEY = "__provider";

export function isUnknown(value: unknown): boolean {
  return value === pulumi.runtime.unknownValue;
}

/** Shows control and invisible characters in failures instead of printing them raw. */
export function printable(value: string): string {
  const escaped = JSON.stringify(value)
    .slice(1, -1)
    .replace(
      /[\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  return escaped.length > 80 ? `${escaped.slice(0, 77)}...` : escaped;
}

/** Any value, for a failure message; check must not throw, whatever it is given. */
export function shown(value: unknown): string {
  try {
    if (typeof value === "string") return `"${printable(value)}"`;
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return typeof value;
  }
}

export function nameChecker(inputs: Record<string, unknown>, fail: Fail): CheckName {
  return (property, rule, value) => {
    if (isUnknown(value)) {
      inputs[property] = value;
    } else if (value === undefined || value === null || value === "") {
      fail(property, `${property} is required`);
    } else if (typeof value !== "string") {
      fail(property, `${property} must be a string (got ${typeof value})`);
    } else {
      const broken = rule(value);
      if (broken) {
        fail(property, `${property} '${printable(value)}' ${broken}`);
      } else {
        inputs[property] = value;
      }
    }
  };
}

/**
 * The inputs that name the parent: its ARM id (parentResourceId), or subscriptionId (else from
 * stack config or the environment), resourceGroupName and the HSM's or vault's name.
 */
export function checkParentInputs(
  kind: ParentNaming,
  news: Record<string, unknown>,
  env: Environment,
  config: StackConfig,
  fail: Fail,
  name: CheckName,
): void {
  if (namesByParentId(kind)) {
    name(PARENT_RESOURCE_ID, parentResourceIdRule, news[PARENT_RESOURCE_ID]);
    return;
  }
  // An empty input means "not set", as an unset config value often arrives.
  const subscriptionId = news.subscriptionId || defaultSubscriptionId(env, config);
  if (subscriptionId === undefined || subscriptionId === "") {
    fail(
      "subscriptionId",
      `subscriptionId is required: set the subscriptionId input, stack config azure-native:subscriptionId, or ${SUBSCRIPTION_ENV_VARS.join(" or ")} in the environment`,
    );
  } else {
    name("subscriptionId", subscriptionIdRule, subscriptionId);
  }
  name("resourceGroupName", resourceGroupNameRule, news.resourceGroupName);
  name(parentNameProperty(kind), keyVaultNameRule, news[parentNameProperty(kind)]);
}

/**
 * An ARM id of a resource, each part by its rule (the parent's name by its service's, where
 * the spec gives one). A type the profile table lacks passes here: check resolves it from
 * ARM's provider registration, or refuses it, before any other call (registeredParent.ts).
 */
export const parentResourceIdRule: NameRule = (value) => {
  const parsed = parseParentResourceId(PARENT_RESOURCE_ID, value);
  const parts = parsed.ok
    ? { ...parsed.parent, resourceType: parsed.parent.profile.resourceType }
    : parsed.unprofiled;
  if (!parts)
    return parsed.ok ? undefined : parsed.problem.replace(`${PARENT_RESOURCE_ID}: `, "is wrong: ");
  const broken =
    at("its subscription", subscriptionIdRule(parts.subscriptionId)) ??
    at("its resource group", resourceGroupNameRule(parts.resourceGroupName)) ??
    at("its name", parentNameRuleOf(parts.resourceType)(parts.parentName));
  return broken;
};

function at(part: string, broken: string | undefined): string | undefined {
  return broken === undefined ? undefined : `is not a valid parent id: ${part} ${broken}`;
}

/**
 * check: every input validated before any ARM call. All failures are returned together, each
 * naming the property and the rule; nothing throws. Values not yet known (preview) pass.
 */

import { isDeepStrictEqual } from "node:util";
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_WAIT_FOR_CONNECTION_SECONDS,
  connectionNameRule,
  privateEndpointIdRule,
} from "../arm/nameRules";
import type { Environment } from "../config";
import type { StackConfig } from "../settings";
import {
  DECLARABLE_STATUSES,
  DEFAULT_CONNECTION_ON_DELETE,
  MAX_TIMEOUT_SECONDS,
  ON_DELETE_VALUES,
  type ConnectionInputs,
  type Timeouts,
} from "../inputs";
import { parentProperties, type ParentNaming } from "../parentInputs";
import {
  PROVIDER_KEY,
  checkParentInputs,
  isUnknown,
  nameChecker,
  shown,
  type CheckFailure,
  type CheckName,
  type Fail,
} from "./checkInputs";

export type { CheckFailure } from "./checkInputs";

const TIMEOUT_OPERATIONS: (keyof Timeouts)[] = ["create", "update", "delete"];

export function check(
  kind: ParentNaming,
  env: Environment,
  news: Record<string, unknown>,
  config: StackConfig = {},
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const fail: Fail = (property, reason) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = {};
  const name = nameChecker(inputs, fail);

  checkParentInputs(kind, news, env, config, fail, name);
  checkConnectionSelector(news, fail, name);
  checkWaitForConnectionSeconds(news.waitForConnectionSeconds, inputs, fail);
  checkStatus(news.status, inputs, fail);
  checkDescription(news.description, inputs, fail);
  checkTimeouts(news.timeouts, inputs, fail);
  checkOnDelete(news.onDelete, inputs, fail);
  checkNoOtherProperties(kind, news, fail);
  return { inputs, failures };
}

/**
 * check, given the state's inputs too. A refresh records ARM's status in the inputs (so it
 * shows as drift), and `ignoreChanges: ["status"]` hands that status back, which may be one a
 * program cannot declare (Pending, Disconnected). Such a status, the state's own, is not the
 * program's: it passes as it is, diff then sees no change of status, and the rest is checked.
 * An import (news exactly the state's) is not such a case.
 */
export function checkAgainstState(
  kind: ParentNaming,
  env: Environment,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  config: StackConfig = {},
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const { status, ...rest } = news;
  // `pulumi import` checks read's own inputs against themselves (news equal to olds): read
  // gives an import a declarable status, so nothing is carried there.
  const carried =
    typeof status === "string" &&
    status === olds.status &&
    !DECLARABLE_STATUSES.some((s) => s === status) &&
    !isDeepStrictEqual(olds, news);
  if (!carried) {
    return check(kind, env, news, config);
  }
  const checked = check(kind, env, rest, config);
  return { ...checked, inputs: { ...checked.inputs, status } };
}

function checkStatus(value: unknown, inputs: Record<string, unknown>, fail: Fail): void {
  const status = value ?? "Approved";
  if (isUnknown(status) || DECLARABLE_STATUSES.some((s) => s === status)) {
    inputs.status = status;
  } else {
    const caseOnly = DECLARABLE_STATUSES.find(
      (s) => typeof status === "string" && s.toLowerCase() === status.toLowerCase(),
    );
    fail(
      "status",
      `status must be one of ${DECLARABLE_STATUSES.map((s) => `"${s}"`).join(", ")} (got ${shown(status)})` +
        (caseOnly ? `; did you mean "${caseOnly}"? The value is case-sensitive` : ""),
    );
  }
}

function checkOnDelete(value: unknown, inputs: Record<string, unknown>, fail: Fail): void {
  const onDelete = value ?? DEFAULT_CONNECTION_ON_DELETE;
  if (isUnknown(onDelete) || ON_DELETE_VALUES.some((v) => v === onDelete)) {
    inputs.onDelete = onDelete;
  } else {
    fail(
      "onDelete",
      `onDelete must be one of ${ON_DELETE_VALUES.map((v) => `"${v}"`).join(", ")} (got ${shown(onDelete)}); the value is case-sensitive`,
    );
  }
}

function checkDescription(description: unknown, inputs: Record<string, unknown>, fail: Fail): void {
  if (description === undefined || description === null || isUnknown(description)) {
    if (description !== undefined && description !== null) inputs.description = description;
  } else if (typeof description !== "string") {
    fail("description", `description must be a string (got ${typeof description})`);
  } else if (description.length > MAX_DESCRIPTION_LENGTH) {
    fail(
      "description",
      `description must be at most ${MAX_DESCRIPTION_LENGTH} characters (got ${description.length})`,
    );
  } else {
    inputs.description = description;
  }
}

function checkNoOtherProperties(
  kind: ParentNaming,
  news: Record<string, unknown>,
  fail: Fail,
): void {
  const known = new Set(Object.keys(expectedProperties(kind)));
  for (const property of Object.keys(news)) {
    if (!known.has(property) && property !== PROVIDER_KEY) {
      fail(
        property,
        `${property} is not an input of this resource; inputs are ${[...known].join(", ")}`,
      );
    }
  }
}

function expectedProperties(kind: ParentNaming): Record<keyof ConnectionInputs | string, true> {
  return {
    ...Object.fromEntries(parentProperties(kind).map((p) => [p, true])),
    privateEndpointConnectionName: true,
    privateEndpointId: true,
    waitForConnectionSeconds: true,
    status: true,
    description: true,
    timeouts: true,
    onDelete: true,
  };
}

/** Exactly one of the connection's name and its private endpoint's id selects the connection. */
function checkConnectionSelector(news: Record<string, unknown>, fail: Fail, name: CheckName): void {
  const given = (v: unknown) => v !== undefined && v !== null && v !== "";
  const byName = given(news.privateEndpointConnectionName);
  const byEndpoint = given(news.privateEndpointId);
  if (byName && byEndpoint) {
    fail(
      "privateEndpointConnectionName",
      "set exactly one of privateEndpointConnectionName and privateEndpointId (both are set)",
    );
  } else if (byEndpoint) {
    name("privateEndpointId", privateEndpointIdRule, news.privateEndpointId);
  } else if (byName) {
    name("privateEndpointConnectionName", connectionNameRule, news.privateEndpointConnectionName);
  } else {
    fail(
      "privateEndpointConnectionName",
      "privateEndpointConnectionName is required, or privateEndpointId to select the connection by its private endpoint",
    );
  }
}

function checkWaitForConnectionSeconds(
  wait: unknown,
  inputs: Record<string, unknown>,
  fail: Fail,
): void {
  if (wait === undefined || wait === null) {
    return;
  }
  if (isUnknown(wait)) {
    inputs.waitForConnectionSeconds = wait;
  } else if (
    typeof wait !== "number" ||
    !Number.isFinite(wait) ||
    wait < 0 ||
    wait > MAX_WAIT_FOR_CONNECTION_SECONDS
  ) {
    fail(
      "waitForConnectionSeconds",
      `waitForConnectionSeconds must be a number of seconds from 0 to ${MAX_WAIT_FOR_CONNECTION_SECONDS} (got ${shown(wait)})`,
    );
  } else {
    inputs.waitForConnectionSeconds = wait;
  }
}

function checkTimeouts(value: unknown, inputs: Record<string, unknown>, fail: Fail): void {
  if (value === undefined || value === null) {
    return;
  }
  if (isUnknown(value)) {
    inputs.timeouts = value;
    return;
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    fail(
      "timeouts",
      `timeouts must be an object such as { create: 1800, update: 1800, delete: 1800 } (seconds)`,
    );
    return;
  }
  const given = value as Record<string, unknown>;
  const timeouts: Record<string, unknown> = {};
  for (const [key, seconds] of Object.entries(given)) {
    const property = `timeouts.${key}`;
    if (!TIMEOUT_OPERATIONS.includes(key as keyof Timeouts)) {
      fail(property, `${property} is not a timeout; use create, update or delete`);
    } else if (isUnknown(seconds)) {
      timeouts[key] = seconds;
    } else if (
      typeof seconds !== "number" ||
      !Number.isFinite(seconds) ||
      seconds <= 0 ||
      seconds > MAX_TIMEOUT_SECONDS
    ) {
      fail(
        property,
        `${property} must be a number of seconds greater than 0 and at most ${MAX_TIMEOUT_SECONDS} (got ${shown(seconds)})`,
      );
    } else {
      timeouts[key] = seconds;
    }
  }
  inputs.timeouts = timeouts;
}

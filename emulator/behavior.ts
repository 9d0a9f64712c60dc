import { badRequest } from "./errors";
import type { EmulatorBehavior, TokenBucket } from "./types";

/**
 * Checks a behavior change key by key, because it also arrives as JSON over the control API:
 * a typo in a key or an out-of-range value must fail loudly instead of being ignored.
 */
type Check = (value: unknown, key: string) => unknown;

function fail(key: string, expected: string, value: unknown): never {
  throw badRequest(`behavior.${key} must be ${expected} (got ${JSON.stringify(value)})`);
}

function nonNegativeNumber(value: unknown, key: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    fail(key, "a number >= 0", value);
  }
  return value;
}

function positiveInteger(value: unknown, key: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    fail(key, "an integer >= 1", value);
  }
  return value;
}

function secondsOrNull(value: unknown, key: string): number | null {
  if (value === null) {
    return null;
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    fail(key, "an integer number of seconds >= 0, or null", value);
  }
  return value;
}

function nonNegativeNumberOrNull(value: unknown, key: string): number | null {
  return value === null ? null : nonNegativeNumber(value, key);
}

function timeScale(value: unknown, key: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > 1) {
    fail(key, "a number > 0 and <= 1", value);
  }
  return value;
}

function oneOf<T>(...allowed: T[]): Check {
  return (value, key) => {
    if (!allowed.includes(value as T)) {
      fail(key, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`, value);
    }
    return value;
  };
}

function boolean(value: unknown, key: string): boolean {
  if (typeof value !== "boolean") {
    fail(key, "true or false", value);
  }
  return value;
}

function bucket(value: unknown, key: string): TokenBucket | undefined {
  if (value === undefined) {
    return undefined;
  }
  const b = value as Partial<TokenBucket> | null;
  if (
    typeof b !== "object" ||
    b === null ||
    typeof b.capacity !== "number" ||
    !(b.capacity >= 1) ||
    typeof b.refillPerSecond !== "number" ||
    !(b.refillPerSecond >= 0) ||
    Object.keys(b).some((k) => k !== "capacity" && k !== "refillPerSecond")
  ) {
    fail(key, "{ capacity: number >= 1, refillPerSecond: number >= 0 }", value);
  }
  return { capacity: b.capacity, refillPerSecond: b.refillPerSecond };
}

function throttle(value: unknown, key: string): EmulatorBehavior["throttle"] {
  if (value === null) {
    return null;
  }
  if (typeof value !== "object" || Array.isArray(value) || value === undefined) {
    fail(key, "null or { writes?, deletes?, reads? }", value);
  }
  const classes = value as Record<string, unknown>;
  const result: NonNullable<EmulatorBehavior["throttle"]> = {};
  for (const [name, config] of Object.entries(classes)) {
    if (name !== "writes" && name !== "deletes" && name !== "reads") {
      fail(`${key}.${name}`, "absent: only writes, deletes and reads are throttled", config);
    }
    const checked = bucket(config, `${key}.${name}`);
    if (checked) {
      result[name] = checked;
    }
  }
  return result;
}

const CHECKS: Readonly<Record<keyof EmulatorBehavior, Check>> = {
  putDurationMs: nonNegativeNumber,
  putDurationMaxMs: nonNegativeNumberOrNull,
  putOutcome: oneOf("Succeeded", "Failed", "Never"),
  putRetryAfterSeconds: secondsOrNull,
  deleteMode: oneOf("async", "sync200"),
  deleteDurationMs: nonNegativeNumber,
  deleteDurationMaxMs: nonNegativeNumberOrNull,
  deleteRetryAfterSeconds: secondsOrNull,
  deleteFinalStatus: oneOf(200, 204),
  deleteOutcome: oneOf("Succeeded", "Failed", "Never", "PollNotFound"),
  asyncStyle: oneOf("location", "azure-asyncoperation"),
  locationStyle: oneOf("absolute", "relative"),
  lowercaseTypeInIds: boolean,
  responseShape: oneOf("recording", "specExample"),
  listPageSize: positiveInteger,
  timeScale,
  throttle,
  allowReapproval: boolean,
  staleReadMs: nonNegativeNumber,
};

function isBehaviorKey(key: string): key is keyof EmulatorBehavior {
  return Object.prototype.hasOwnProperty.call(CHECKS, key);
}

/** base with every key of change applied, after checking each; throws a 400 ArmError. */
export function mergeBehavior(base: EmulatorBehavior, change: unknown): EmulatorBehavior {
  if (typeof change !== "object" || change === null || Array.isArray(change)) {
    throw badRequest("a behavior change must be a JSON object");
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(change)) {
    if (!isBehaviorKey(key)) {
      throw badRequest(
        `behavior has no key '${key}'; known keys: ${Object.keys(CHECKS).join(", ")}`,
      );
    }
    if (value !== undefined) {
      merged[key] = CHECKS[key](value, key);
    }
  }
  return merged as unknown as EmulatorBehavior;
}

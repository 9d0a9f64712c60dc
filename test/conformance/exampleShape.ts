import { isJsonObject, type Json } from "./json";

/**
 * How an answer compares with an x-ms-example's body: every member the example shows must be
 * there with the same JSON type (null in the example means "may be absent", as nextLink).
 * Values are not compared here: ids, etags and timestamps differ by nature.
 */
export function shapeDifferences(expected: Json, actual: unknown, at = "$"): string[] {
  if (expected === null) {
    return [];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      return [`${at}: expected an array`];
    }
    if (actual.length !== expected.length) {
      return [`${at}: expected ${expected.length} items, got ${actual.length}`];
    }
    return expected.flatMap((item, i) =>
      shapeDifferences(item, actual[i] as unknown, `${at}[${i}]`),
    );
  }
  if (isJsonObject(expected)) {
    if (!isJsonObject(actual)) {
      return [`${at}: expected an object`];
    }
    return Object.entries(expected).flatMap(([key, value]) =>
      value !== null && !(key in actual)
        ? [`${at}.${key}: missing`]
        : shapeDifferences(value, actual[key], `${at}.${key}`),
    );
  }
  return typeof actual === typeof expected ? [] : [`${at}: expected a ${typeof expected}`];
}

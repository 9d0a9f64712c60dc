/**
 * Values as the engine sends them to a provider that accepts secrets: a secret arrives as
 * { [SIG]: SECRET_SIG, value }. The hooks take plain values, so secrets are unwrapped on the
 * way in; on the way out, every property that came in secret goes back secret (the engine
 * does not mark it again: without this a secret description was written to the state in
 * plaintext, test/e2e/yaml.test.ts). Unknown values ("04da6b54-...") are left as they are:
 * the hooks know that sentinel (pulumi.runtime.unknownValue).
 */

/** The key Pulumi marks special values with, and its value for a secret. */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function isSecret(value: unknown): value is { value: unknown } {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as Record<string, unknown>)[SIG] === SECRET_SIG
  );
}

function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value !== null && typeof value === "object") {
    return Object.values(value).some(containsSecret);
  }
  return false;
}

export function plainValues(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(plainValues);
  }
  if (isSecret(value)) {
    return plainValues(value.value);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValues(v)]));
  }
  return value;
}

export function plainRecord(value: unknown): Record<string, unknown> {
  const plain = plainValues(value);
  return plain !== null && typeof plain === "object" && !Array.isArray(plain)
    ? (plain as Record<string, unknown>)
    : {};
}

/** The top-level properties of what the engine sent that are, or hold, a secret. */
export function secretProperties(...sent: unknown[]): Set<string> {
  const names = new Set<string>();
  for (const value of sent) {
    const whole = isSecret(value);
    const record = whole ? value.value : value;
    if (record !== null && typeof record === "object" && !Array.isArray(record)) {
      for (const [name, property] of Object.entries(record)) {
        if (whole || containsSecret(property)) names.add(name);
      }
    }
  }
  return names;
}

/** `record` with each of `names` it has wrapped as a secret again. */
export function withSecrets<T>(record: T, names: Set<string>): T {
  if (names.size === 0 || record === null || typeof record !== "object") {
    return record;
  }
  const copy: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const name of names) {
    if (copy[name] !== undefined) copy[name] = { [SIG]: SECRET_SIG, value: copy[name] };
  }
  return copy as T;
}

/** Every string inside the secrets of what the engine sent. */
function secretStrings(value: unknown, inSecret = false): string[] {
  if (isSecret(value)) return secretStrings(value.value, true);
  if (typeof value === "string") return inSecret && value !== "" ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => secretStrings(v, inSecret));
  if (value !== null && typeof value === "object") {
    return Object.values(value).flatMap((v) => secretStrings(v, inSecret));
  }
  return [];
}

/**
 * `text` (a check failure's reason, which quotes a bad name so it can be fixed) with every
 * secret value of what the engine sent replaced by [secret]: the engine prints reasons as they
 * are, and a name the program declared secret must not appear in a preview's output.
 */
export function withoutSecretValues(text: string, ...sent: unknown[]): string {
  const values = sent.flatMap((v) => secretStrings(v)).sort((a, b) => b.length - a.length);
  return values.reduce((masked, value) => masked.split(value).join("[secret]"), text);
}

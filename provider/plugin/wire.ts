/**
 * Values as the engine sends them to a provider that accepts secrets: a secret arrives as
 * { [SIG]: SECRET_SIG, value }. The hooks take plain values, so secrets are unwrapped on the
 * way in; the engine marks a returned property secret again when its input was (so a secret
 * description stays secret in state). Unknown values ("04da6b54-...") are left as they are:
 * the hooks know that sentinel (pulumi.runtime.unknownValue).
 */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function plainValues(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(plainValues);
  }
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SIG] === SECRET_SIG) {
      return plainValues(record.value);
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plainValues(v)]));
  }
  return value;
}

export function plainRecord(value: unknown): Record<string, unknown> {
  const plain = plainValues(value);
  return plain !== null && typeof plain === "object" && !Array.isArray(plain)
    ? (plain as Record<string, unknown>)
    : {};
}

/** One item's result: its value, or what it threw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `work` on every item with at most `limit` in flight, and waits for all of them, so that
 * one failure does not leave others running unobserved. Returns each item's outcome in order.
 */
export async function forEachBounded<I, T>(
  items: readonly I[],
  limit: number,
  work: (item: I) => Promise<T>,
): Promise<Outcome<T>[]> {
  const outcomes: Outcome<T>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        outcomes[index] = { ok: true, value: await work(items[index]) };
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}

/** One error naming every failed item, or nothing when all succeeded. */
export function throwIfAnyFailed<I>(
  items: readonly I[],
  outcomes: Outcome<unknown>[],
  label: (item: I) => string,
  what: string,
  hint: string,
): void {
  const failed = outcomes.flatMap((o, i) =>
    o.ok
      ? []
      : [`${label(items[i])}: ${o.error instanceof Error ? o.error.message : String(o.error)}`],
  );
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} of ${items.length} ${what} failed:\n  ${failed.join("\n  ")}\n${hint}`,
    );
  }
}

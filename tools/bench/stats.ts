import type { RequestLogEntry } from "../../emulator";

/** Small helpers for the numbers and the emulator's request log. */

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function range(values: number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** "1234 ms" below 10 s, else "12.3 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  return Math.abs(ms) < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "n/a";
  if (bytes < 10 * 1024) return `${bytes} B`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** ARM requests only: the token and OpenID routes of the emulated Entra ID are left out. */
export function isArmRequest(entry: RequestLogEntry): boolean {
  return !["token", "openid", "other"].includes(entry.op);
}

/** The connection a request is about: the last path segment, without the query. */
export function connectionNameOf(entry: RequestLogEntry): string {
  return decodeURIComponent(entry.path.split("?")[0].split("/").pop() ?? "");
}

export function requestsFor(log: RequestLogEntry[], connectionName: string): RequestLogEntry[] {
  return log.filter(
    (e) =>
      isArmRequest(e) &&
      e.op !== "list" &&
      e.op !== "getParent" &&
      connectionNameOf(e) === connectionName,
  );
}

/**
 * When the emulator started the operation a poll URL belongs to: its `kv-operation` value is
 * base64url JSON whose `st` is the start time (the emulator's clock, this process's clock).
 */
export function operationStartOf(entry: RequestLogEntry): number | undefined {
  const token = new URL(entry.path, "https://x").searchParams.get("kv-operation");
  if (!token) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      st?: unknown;
    };
    if (typeof decoded.st !== "string") return undefined;
    // .NET's seven fractional digits: keep milliseconds.
    const t = Date.parse(decoded.st.replace(/(\.\d{3})\d*Z$/, "$1Z"));
    return Number.isNaN(t) ? undefined : t;
  } catch {
    return undefined;
  }
}

/** "1 DELETE + 3 poll + 1 GET": what a sequence of requests was, in order of first use. */
export function describeRequests(entries: RequestLogEntry[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const kind = e.op === "poll" ? "poll" : e.method;
    const label = e.status === 429 ? `${kind}→429` : kind;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts.entries()].map(([k, n]) => `${n} ${k}`).join(" + ");
}

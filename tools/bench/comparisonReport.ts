import type { ComparisonRow } from "./lroBench";
import { table, verdictText, type Verdict } from "./markdownTable";
import type { BenchOptions } from "./options";
import * as prose from "./reportProse";
import { formatMs, median, range } from "./stats";

/** Sections 1 and 2: each row's table line, its verdict, and why it missed. */

interface ComparisonSummary {
  overshootMs: number;
  overshootRange: { min: number; max: number };
  requests: number;
  requestsRange: { min: number; max: number };
  failures: number;
  breakdown: string;
  errors: string[];
}

function summarize(row: ComparisonRow): ComparisonSummary {
  const overshoots = row.samples.map((s) => s.overshootMs);
  const requests = row.samples.map((s) => s.requests);
  const breakdowns = new Map<string, number>();
  row.samples.forEach((s) => breakdowns.set(s.breakdown, (breakdowns.get(s.breakdown) ?? 0) + 1));
  const breakdown = [...breakdowns.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  return {
    overshootMs: median(overshoots),
    overshootRange: range(overshoots),
    requests: median(requests),
    requestsRange: range(requests),
    failures: row.samples.filter((s) => s.failed).length,
    breakdown,
    errors: [...new Set(row.samples.flatMap((s) => (s.error ? [s.error] : [])))],
  };
}

export function comparisonVerdict(row: ComparisonRow): Verdict {
  const s = summarize(row);
  const misses: string[] = [];
  if (s.failures > 0) misses.push(`${s.failures}/${row.samples.length} failed`);
  if (s.overshootMs > row.targetMs) misses.push("overshoot");
  if (s.requests > row.minRequests) misses.push("requests");
  return { pass: misses.length === 0, misses };
}

export function comparisonTable(rows: ComparisonRow[]): string {
  const header = [
    rows[0]?.kind === "delete" ? "LRO" : "Updating",
    "Retry-After",
    "client",
    "overshoot median (min…max)",
    "floor",
    "target",
    "requests median (min…max)",
    "minimum",
    "what was sent (typical)",
    "failures",
    "result",
  ];
  return table(
    header,
    rows.map((row) => {
      const s = summarize(row);
      return [
        `${row.durationS} s`,
        `${row.retryAfterS} s`,
        row.impl === "ours" ? "ours" : "SDK baseline",
        `${formatMs(s.overshootMs)} (${formatMs(s.overshootRange.min)}…${formatMs(s.overshootRange.max)})`,
        formatMs(row.floorMs),
        `≤ ${formatMs(row.targetMs)}`,
        `${s.requests} (${s.requestsRange.min}…${s.requestsRange.max})`,
        String(row.minRequests),
        s.breakdown,
        `${s.failures}/${row.samples.length}`,
        verdictText(comparisonVerdict(row)),
      ];
    }),
  );
}

export function comparisonWhy(row: ComparisonRow, options: BenchOptions): string[] {
  const s = summarize(row);
  const v = comparisonVerdict(row);
  if (v.pass) return [];
  const what =
    `${row.kind} ${row.durationS} s, Retry-After ${row.retryAfterS} s, ` +
    `${row.impl === "ours" ? "ours" : "SDK baseline"}`;
  const why: string[] = [];
  if (s.failures > 0) {
    const known = prose.KNOWN_FAILURES.find((k) => s.errors.some((e) => k.matches.test(e)));
    why.push(known ? known.explain(s.errors[0]) : prose.failedWith(s.errors));
  }
  if (v.misses.includes("overshoot")) {
    if (row.floorMs > row.targetMs && s.overshootMs - row.floorMs <= 150) {
      why.push(prose.overshootIsTheFloor({ ...row, overshootMs: s.overshootMs }));
    } else if (row.impl === "baseline" && row.kind === "delete") {
      why.push(prose.sdkPollsEarly(s.overshootMs, row.floorMs, row.retryAfterS));
    } else if (row.impl === "baseline" && row.kind === "approve") {
      why.push(prose.baselinePollsEvery(s.overshootMs, row.floorMs, options.baselineApprovePollMs));
    } else {
      why.push(prose.cadenceMissesCompletion(s.overshootMs, row.floorMs));
    }
  }
  if (v.misses.includes("requests")) {
    const readBeforeWrite =
      row.impl === "ours" && row.kind === "approve" && /GET/.test(s.breakdown);
    why.push(
      prose.moreRequests(s.requests, s.breakdown, row.minRequests) +
        (readBeforeWrite ? prose.READ_BEFORE_WRITE : ""),
    );
  }
  return [`- ${what}: ${why.join("; ")}.`];
}

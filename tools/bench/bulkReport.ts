import type { BulkRun } from "./bulk";
import type { HostResult } from "./host";
import { table, verdictText, type Verdict } from "./markdownTable";
import type { BenchOptions } from "./options";
import * as prose from "./reportProse";
import { formatMs, median } from "./stats";

/** Section 3: the bulk runs summarized per N and phase, their verdicts, and why they missed. */

export interface BulkSummary {
  n: number;
  phase: "up" | "destroy";
  wallMs: number;
  armWindowMs: number;
  leadMs: number;
  tailMs: number;
  idealMs: number;
  throttled: number;
  retries: number;
  failures: number;
  requests: number;
  runs: number;
}

export function summarizeBulk(runs: BulkRun[], options: BenchOptions): BulkSummary[] {
  const out: BulkSummary[] = [];
  for (const n of options.bulkNs) {
    for (const phase of ["up", "destroy"] as const) {
      const phases = runs.filter((r) => r.n === n).map((r) => r[phase]);
      if (phases.length === 0) continue;
      out.push({
        n,
        phase,
        wallMs: median(phases.map((p) => p.wallMs)),
        armWindowMs: median(phases.map((p) => p.armWindowMs)),
        leadMs: median(phases.map((p) => p.leadMs)),
        tailMs: median(phases.map((p) => p.tailMs)),
        idealMs: (n / options.bucket.refillPerSecond) * 1000,
        throttled: median(phases.map((p) => p.throttled)),
        retries: median(phases.map((p) => p.retries)),
        failures: Math.max(...phases.map((p) => p.failures)),
        requests: median(phases.map((p) => p.requests)),
        runs: phases.length,
      });
    }
  }
  return out;
}

/**
 * The wall time's target, × the ideal: a small `up` carries the engine's start (CLI, program,
 * provider host), a fixed cost that weighs more the smaller N is.
 */
export function bulkTarget(s: Pick<BulkSummary, "n" | "phase">): number {
  return s.phase === "up" && s.n <= 50 ? 1.2 : 1.15;
}

export function bulkVerdict(s: BulkSummary): Verdict {
  const misses: string[] = [];
  if (s.failures > 0) misses.push(`${s.failures} failed`);
  if (s.wallMs > bulkTarget(s) * s.idealMs) misses.push("wall time");
  return { pass: misses.length === 0, misses };
}

export function bulkTable(summaries: BulkSummary[]): string {
  return table(
    [
      "N",
      "phase",
      "wall",
      "ideal N/refill",
      "wall/ideal",
      "ARM window (first→last request)",
      "engine before / after it",
      "requests",
      "429s",
      "retries",
      "failures",
      "target",
      "result",
    ],
    summaries.map((s) => [
      String(s.n),
      s.phase === "up" ? "up (approve)" : "destroy",
      formatMs(s.wallMs),
      formatMs(s.idealMs),
      `${(s.wallMs / s.idealMs).toFixed(2)}×`,
      `${formatMs(s.armWindowMs)} (${(s.armWindowMs / s.idealMs).toFixed(2)}×)`,
      `${formatMs(s.leadMs)} / ${formatMs(s.tailMs)}`,
      String(s.requests),
      String(s.throttled),
      String(s.retries),
      String(s.failures),
      `≤ ${bulkTarget(s).toFixed(2)}×, 0 failures`,
      verdictText(bulkVerdict(s)),
    ]),
  );
}

export function bulkWhy(s: BulkSummary, runs: BulkRun[], host: HostResult | undefined): string[] {
  const v = bulkVerdict(s);
  if (v.pass) return [];
  const why: string[] = [];
  if (v.misses.includes("wall time")) {
    const windowRatio = s.armWindowMs / s.idealMs;
    if (windowRatio <= bulkTarget(s)) {
      const perResource =
        host?.program !== undefined
          ? (host.program.packageClassMs - host.program.sharedProviderMs) / host.program.resources
          : undefined;
      const serialization =
        s.phase === "up" && perResource !== undefined && perResource > 1
          ? prose.serializationPerResource(s.n, perResource)
          : "";
      why.push(prose.engineOutsideWindow({ ...s, windowRatio }) + serialization);
    } else {
      why.push(prose.armWindowSlow(windowRatio, s.armWindowMs, s.throttled, s.n));
    }
  }
  if (s.failures > 0) {
    const errors = runs
      .filter((r) => r.n === s.n)
      .flatMap((r) => r[s.phase].errors)
      .slice(0, 3);
    why.push(prose.resourcesFailed(s.failures, errors));
  }
  return [`- bulk N=${s.n} ${s.phase}: ${why.join("; ")}.`];
}

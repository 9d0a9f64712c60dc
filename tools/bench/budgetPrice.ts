import { newArmBudget } from "../../provider/arm/armBudget";
import { DEFAULT_READ_BUDGET } from "../../provider/arm/readBudget";
import { RECORDED_RANGES } from "../../provider/arm/pollSchedule";
import { simulateWaits, type SimulatedWait } from "./simulatedWaits";

/**
 * Section 0c: what the shared read budget costs a bulk wait, and what a bigger one would buy.
 * The provider's own waits (deleteWait.ts, lro.ts, pollSchedule.ts, readBudget.ts) on a
 * virtual clock, so the engine, the network and the machine take no part: N operations sent
 * at once, their ends spread evenly over the recorded range (the emulator's realistic
 * profile), 50 ms round trips.
 */
export const BUDGET_RATES = [10, DEFAULT_READ_BUDGET.perSecond, 20, 25] as const;

export interface BudgetPriceRow {
  kind: "delete" | "put";
  n: number;
  /** undefined: no budget, every wait on its own grid. */
  readsPerSecond?: number;
  longestMs: number;
  endMs: number;
  reads: number;
  busiestSecondReads: number;
}

/** N operations whose ends spread evenly over the range (golden-ratio order, so not sorted). */
function spread(kind: "delete" | "put", n: number): SimulatedWait[] {
  const { fromMs, toMs } =
    kind === "delete" ? { fromMs: 10_000, toMs: 30_000 } : RECORDED_RANGES.put;
  return Array.from({ length: n }, (_, i) => ({
    kind,
    durationMs: fromMs + (toMs - fromMs) * ((i * 0.618034) % 1),
    roundTripMs: 50,
  }));
}

function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

export async function budgetPrice(n: number): Promise<BudgetPriceRow[]> {
  const rows: BudgetPriceRow[] = [];
  for (const kind of ["delete", "put"] as const) {
    const waits = spread(kind, n);
    const longestMs = Math.max(...waits.map((w) => w.durationMs));
    for (const readsPerSecond of [...BUDGET_RATES, undefined]) {
      const burst = Math.round(
        (DEFAULT_READ_BUDGET.burst * (readsPerSecond ?? 0)) / DEFAULT_READ_BUDGET.perSecond,
      );
      const run = await simulateWaits(
        waits,
        readsPerSecond === undefined
          ? undefined
          : (clock) => newArmBudget({ perSecond: readsPerSecond, burst }, clock),
      );
      rows.push({
        kind,
        n,
        readsPerSecond,
        longestMs,
        endMs: run.endMs,
        reads: run.readTimes.length,
        busiestSecondReads: busiestSecond(run.readTimes),
      });
    }
  }
  return rows;
}

export function budgetPriceSection(rows: BudgetPriceRow[]): string[] {
  if (rows.length === 0) return [];
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    "## 0c. What the read budget costs many waits (the provider's code on a virtual clock)",
    "",
    `${rows[0].n} operations sent at once, their ends spread evenly over the realistic profile's ` +
      "ranges (DELETE 10-30 s, PUT 16-65 s), waited for by the provider's own deleteWait.ts, lro.ts, " +
      "pollSchedule.ts and readBudget.ts on a virtual clock with 50 ms round trips: no engine, " +
      "network or machine, so this is the schedule's share alone. A deleted connection costs " +
      "one read once its DELETE has ended (the GET that answers 404), but nobody knows when " +
      "that is; the budget decides how soon the last are found. ARM refills 25 reads/s; " +
      `the default is ${DEFAULT_READ_BUDGET.perSecond}.`,
    "",
    "| operation | reads/s budget | last one found | × the longest | reads | busiest second |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.kind === "delete" ? "DELETE" : "PUT"} | ${r.readsPerSecond === undefined ? "none (each on its own grid)" : `${r.readsPerSecond}${r.readsPerSecond === DEFAULT_READ_BUDGET.perSecond ? " (default)" : ""}`} | ` +
        `${s(r.endMs)} | ${(r.endMs / r.longestMs).toFixed(2)}× | ${r.reads} | ${r.busiestSecondReads} |`,
    ),
    "",
  ];
}

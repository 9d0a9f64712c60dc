import { FAST_TIMINGS, REALISTIC_TIMINGS } from "../../emulator";
import { FIXED_POLL_VARIABLE } from "../../provider/arm/readBudget";
import { bulkRun, type BulkContext, type BulkPhase } from "./bulk";

/**
 * Section 0b: N connections approved and destroyed through the real engine on Azure's recorded
 * timings, in real time, with the emulator's read, write and delete buckets at ARM's documented
 * sizes ("Understand how Azure Resource Manager throttles requests": reads 250 / 25 per s,
 * writes and deletes 200 / 10 per s, per subscription). Ours (the shared read budget) against
 * the same program with the provider polling every 2 s on its own clock, as a 2-s poller would.
 */
export const ARM_BUCKETS = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
} as const;

export type BulkVariant = "ours" | "2-s poller";

export interface RealisticBulkRun {
  n: number;
  variant: BulkVariant;
  up: BulkPhase;
  destroy: BulkPhase;
  /** max(N / the bucket's refill, the longest recorded operation), seconds. */
  idealUpS: number;
  idealDestroyS: number;
}

export async function realisticBulkRuns(ctx: BulkContext, n: number): Promise<RealisticBulkRun[]> {
  const runs: RealisticBulkRun[] = [];
  const variants: [BulkVariant, Record<string, string>][] = [
    ["ours", {}],
    ["2-s poller", { [FIXED_POLL_VARIABLE]: "2" }],
  ];
  try {
    for (const [variant, commandEnv] of variants) {
      runs.push(await realisticBulkRun(ctx, n, variant, commandEnv));
    }
  } finally {
    // Back to what the other sections expect: setBehavior merges, and would keep the ranges.
    ctx.emulator.control.setBehavior(FAST_TIMINGS);
  }
  return runs;
}

async function realisticBulkRun(
  ctx: BulkContext,
  n: number,
  variant: BulkVariant,
  commandEnv: Record<string, string>,
): Promise<RealisticBulkRun> {
  ctx.progress(`realistic bulk N=${n}, ${variant}`);
  const run = await bulkRun(
    {
      ...ctx,
      behavior: {
        ...REALISTIC_TIMINGS,
        putOutcome: "Succeeded",
        deleteMode: "async",
        deleteOutcome: "Succeeded",
        deleteFinalStatus: 204,
        throttle: {
          reads: { ...ARM_BUCKETS.reads },
          writes: { ...ARM_BUCKETS.writes },
          deletes: { ...ARM_BUCKETS.deletes },
        },
      },
      commandEnv,
      // All N at once, as the ideal assumes: the engine's default (4 × CPUs) would run the
      // 16-65 s operations a few at a time and measure the engine, not the waits.
      commandArgs: ["--parallel", String(n)],
    },
    n,
    variant === "ours" ? 101 : 102,
  );
  return {
    n,
    variant,
    up: run.up,
    destroy: run.destroy,
    idealUpS: Math.max(
      n / ARM_BUCKETS.writes.refillPerSecond,
      (REALISTIC_TIMINGS.putDurationMaxMs ?? 0) / 1000,
    ),
    idealDestroyS: Math.max(
      n / ARM_BUCKETS.deletes.refillPerSecond,
      (REALISTIC_TIMINGS.deleteDurationMaxMs ?? 0) / 1000,
    ),
  };
}

const WALL_TARGET = 1.1;

export function realisticBulkSection(runs: RealisticBulkRun[], misses: string[]): string[] {
  if (runs.length === 0) return [];
  const lines = [
    "## 0b. Many at once through the engine, on Azure's recorded timings and buckets",
    "",
    "`pulumi up --parallel N` then `pulumi destroy --parallel N` of examples/many in real time (no time scale: the buckets " +
      "refill in real seconds), realistic profile, the emulator's buckets at ARM's documented " +
      "sizes: reads 250 / 25 per s, writes and deletes 200 / 10 per s. Ours: the provider as " +
      "shipped (one read budget per host, default 15 reads/s). 2-s poller: the same program " +
      `with \`${FIXED_POLL_VARIABLE}=2\` (each wait polls every 2 s on its own clock, no budget). ` +
      "Ideal: N / the write (up) or delete (destroy) bucket's refill, or the longest recorded " +
      "operation (PUT 65 s, DELETE 30 s), whichever is larger.",
    "",
    "| N | phase | client | wall | ideal | wall/ideal | ARM window (first→last request) | requests | read 429s | all 429s | failures | target (ours) | result |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const run of runs) {
    for (const phase of ["up", "destroy"] as const) {
      const p = run[phase];
      const ideal = phase === "up" ? run.idealUpS : run.idealDestroyS;
      const ratio = p.wallMs / 1000 / ideal;
      const problems: string[] = [];
      if (p.throttledReads > 0) problems.push(`${p.throttledReads} read 429s`);
      if (ratio > WALL_TARGET) problems.push(`wall ${ratio.toFixed(2)}× the ideal`);
      if (p.failures > 0) problems.push(`${p.failures} failures`);
      const ours = run.variant === "ours";
      if (ours && problems.length > 0)
        misses.push(`N=${run.n} ${phase}, ours: ${problems.join("; ")}`);
      lines.push(
        `| ${run.n} | ${phase} | ${run.variant} | ${(p.wallMs / 1000).toFixed(1)} s | ${ideal.toFixed(0)} s | ` +
          `${ratio.toFixed(2)}× | ${(p.armWindowMs / 1000).toFixed(1)} s | ${p.requests} | ${p.throttledReads} | ` +
          `${p.throttled} | ${p.failures} | ${ours ? `0 read 429s, ≤ ${WALL_TARGET}×, 0 failures` : "(comparison)"} | ` +
          `${ours ? (problems.length === 0 ? "pass" : `**miss** (${problems.join("; ")})`) : "—"} |`,
      );
    }
  }
  lines.push(
    "",
    "What bounds a destroy: every connection needs two reads after its DELETE ends (the poll " +
      "that sees it done, the GET that confirms it gone), and nobody can know when that is. At " +
      "the default budget of 15 reads/s, 200 deletes ending between 10 and 30 s need at least " +
      "400 / 15 ≈ 27 s of reads from the first end on: about 37 s (1.2× the ideal) even for a " +
      "scheduler that knew every end time. The 2-s poller is not bounded so, and pays in 429s " +
      "wherever ARM's read bucket runs dry. `MHSM_PEC_POLL_READS_PER_SECOND` trades one for the other.",
    "",
  );
  return lines;
}

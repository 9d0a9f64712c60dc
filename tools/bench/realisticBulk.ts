import { FAST_TIMINGS, REALISTIC_TIMINGS } from "../../emulator";
import { FIXED_POLL_VARIABLE, READS_PER_SECOND_VARIABLE } from "../../provider/arm/readBudget";
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

export type BulkVariant = "ours" | "ours, no checkpoints" | "2-s poller";

/**
 * The engine's own switch that skips the state file writes around each step (experimental; a
 * crash then leaves no state behind): with it the writes leave the engine at once, so the row
 * shows what the engine's pace costs the same provider.
 */
const SKIP_CHECKPOINTS = "PULUMI_SKIP_CHECKPOINTS";

export interface RealisticBulkRun {
  n: number;
  variant: BulkVariant;
  up: BulkPhase;
  destroy: BulkPhase;
  /** max(N / the bucket's refill, the longest recorded operation), seconds. */
  idealUpS: number;
  idealDestroyS: number;
}

const VARIANTS: readonly (readonly [BulkVariant, Record<string, string>])[] = [
  ["ours", {}],
  ["ours, no checkpoints", { [SKIP_CHECKPOINTS]: "true" }],
  ["2-s poller", { [FIXED_POLL_VARIABLE]: "2" }],
];

export async function realisticBulkRuns(ctx: BulkContext, n: number): Promise<RealisticBulkRun[]> {
  const runs: RealisticBulkRun[] = [];
  try {
    for (const [variant, commandEnv] of VARIANTS) {
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
    101 + VARIANTS.findIndex(([name]) => name === variant),
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

/** × the ideal: a destroy's checkpoints (the engine's, one state write at a time) cost more. */
const WALL_TARGET = { up: 1.1, destroy: 1.15 } as const;

export function realisticBulkSection(runs: RealisticBulkRun[], misses: string[]): string[] {
  if (runs.length === 0) return [];
  const lines = [
    "## 0b. Many at once through the engine, on Azure's recorded timings and buckets",
    "",
    "`pulumi up --parallel N` then `pulumi destroy --parallel N` of examples/many in real time (no time scale: the buckets " +
      "refill in real seconds), realistic profile, the emulator's buckets at ARM's documented " +
      "sizes: reads 250 / 25 per s, writes and deletes 200 / 10 per s. Ours: the provider as " +
      "shipped (one read budget per host, default 15 reads/s). Ours, no checkpoints: the same " +
      `with the engine's \`${SKIP_CHECKPOINTS}=true\`, which stops it writing the state file ` +
      "around every step (a comparison: a crash then leaves no state). 2-s poller: the same program " +
      `with \`${FIXED_POLL_VARIABLE}=2\` (each wait polls every 2 s on its own clock, no budget). ` +
      "Ideal: N / the write (up) or delete (destroy) bucket's refill, or the longest recorded " +
      "operation (PUT 65 s, DELETE 30 s), whichever is larger. Last write: when the engine sent " +
      "the last PUT or DELETE; ARM done: when the emulator finished the last operation (its " +
      "write's time + that connection's duration), both from the command's start. No client " +
      "can end before ARM done; the wall time after it is the client noticing, then the " +
      "engine's last steps.",
    "",
    "| N | phase | client | wall | ideal | wall/ideal | last write | ARM done | after ARM done | requests | read 429s | all 429s | failures | target (ours) | result |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const run of runs) {
    for (const phase of ["up", "destroy"] as const) {
      lines.push(phaseRow(run, phase, misses));
    }
  }
  lines.push("", ...whereTheTimeGoes(runs), "");
  return lines;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function phaseRow(run: RealisticBulkRun, phase: "up" | "destroy", misses: string[]): string {
  const p = run[phase];
  const ideal = phase === "up" ? run.idealUpS : run.idealDestroyS;
  const ratio = p.wallMs / 1000 / ideal;
  const problems: string[] = [];
  if (p.throttledReads > 0) problems.push(`${p.throttledReads} read 429s`);
  if (ratio > WALL_TARGET[phase]) problems.push(`wall ${ratio.toFixed(2)}× the ideal`);
  if (p.failures > 0) problems.push(`${p.failures} failures`);
  const ours = run.variant === "ours";
  if (ours && problems.length > 0) {
    misses.push(
      `N=${run.n} ${phase}, ours: ${problems.join("; ")}${armAlreadyLate(p, phase, ideal)}`,
    );
  }
  const result = problems.length === 0 ? "pass" : `**miss** (${problems.join("; ")})`;
  return (
    `| ${run.n} | ${phase} | ${run.variant} | ${seconds(p.wallMs)} | ${ideal.toFixed(0)} s | ` +
    `${ratio.toFixed(2)}× | ${seconds(p.lastWriteMs)} | ${seconds(p.operationsDoneMs)} | ` +
    `${seconds(p.wallMs - p.operationsDoneMs)} | ${p.requests} | ${p.throttledReads} | ` +
    `${p.throttled} | ${p.failures} | ${ours ? `0 read 429s, ≤ ${WALL_TARGET[phase]}×, 0 failures` : "(comparison)"} | ` +
    `${ours ? result : "—"} |`
  );
}

/** When ARM itself finished past the target, no client could have met it: says so. */
function armAlreadyLate(p: BulkPhase, phase: "up" | "destroy", idealS: number): string {
  const armDone = p.operationsDoneMs / 1000 / idealS;
  if (!(armDone > WALL_TARGET[phase])) return "";
  return (
    `; ARM itself finished the last operation at ${armDone.toFixed(2)}× the ideal (the engine ` +
    `sent its last ${phase === "up" ? "PUT" : "DELETE"} ${seconds(p.lastWriteMs)} in), and ours ` +
    `ended ${seconds(p.wallMs - p.operationsDoneMs)} after that`
  );
}

/** What bounds each phase, in this run's numbers. */
function whereTheTimeGoes(runs: RealisticBulkRun[]): string[] {
  const ours = runs.find((r) => r.variant === "ours");
  if (!ours) return [];
  const { up, destroy } = ours;
  const unpaced = runs.find((r) => r.variant === "ours, no checkpoints")?.destroy;
  const ratio = (ms: number, idealS: number) => `${(ms / 1000 / idealS).toFixed(2)}×`;
  return [
    `Where the time goes (ours). The engine started (CLI, the program through ts-node, the ` +
      `provider host) for ${seconds(up.leadMs)} (up) and ${seconds(destroy.leadMs)} (destroy) ` +
      "before the first ARM request. It sent its last PUT " +
      `${seconds(up.lastWriteMs)} and its last DELETE ${seconds(destroy.lastWriteMs)} after the ` +
      "command started: with the local backend it writes the state file around every step, one " +
      "write at a time, so N writes leave over seconds however many `--parallel` allows. An " +
      `operation that leaves late ends late: ARM finished the last PUT ${seconds(up.operationsDoneMs)} ` +
      `into the up (${ratio(up.operationsDoneMs, ours.idealUpS)} the ideal before any client ` +
      `could notice) and the last DELETE ${seconds(destroy.operationsDoneMs)} into the destroy ` +
      `(${ratio(destroy.operationsDoneMs, ours.idealDestroyS)}). After that, ours took ` +
      `${seconds(up.wallMs - up.operationsDoneMs)} (up) and ` +
      `${seconds(destroy.wallMs - destroy.operationsDoneMs)} (destroy) to notice and let the ` +
      "engine finish." +
      (unpaced
        ? ` Without the checkpoints the last DELETE left ${seconds(unpaced.lastWriteMs)} in and ` +
          `the destroy took ${seconds(unpaced.wallMs)} (${ratio(unpaced.wallMs, ours.idealDestroyS)}).`
        : ""),
    "",
    "What the read budget costs is in section 0c: the same waits on a virtual clock, without " +
      `the engine. \`${READS_PER_SECOND_VARIABLE}\` trades time for reads; the default keeps ` +
      "40 % of ARM's read refill for the engine's refreshes and the subscription's other tools. " +
      "The 2-s poller has no such bound, and pays in 429s wherever ARM's read bucket runs dry; " +
      "after a failed `up`, its `destroy` failures count the connections that `up` never took " +
      "into the state, which `destroy` then leaves.",
  ];
}

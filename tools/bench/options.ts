import * as path from "node:path";
import { REPO_ROOT } from "../lib/repoRoot";

/**
 * What `npm run bench` runs, from flags (first) and BENCH_* variables. The defaults are the
 * full run (about 10 minutes on 2 cores); --quick is a smoke run of a minute or two.
 */
export type Section = "realistic" | "delete" | "approve" | "bulk" | "host" | "policy" | "services";
export const SECTIONS: readonly Section[] = [
  "realistic",
  "delete",
  "approve",
  "bulk",
  "host",
  "policy",
  "services",
];

export interface TokenBucketSettings {
  capacity: number;
  refillPerSecond: number;
}

export interface BenchOptions {
  quick: boolean;
  /** Runs per comparison row (ours and the baseline each), medians reported. */
  reps: number;
  /** LRO durations of the delete comparison, in seconds. */
  deleteDurationsS: number[];
  /** Retry-After of the DELETE 202 and its running polls, in seconds. */
  deleteRetryAfterS: number[];
  /** Updating durations of the approve comparison, in seconds. */
  approveDurationsS: number[];
  /** Retry-After on the PUT answer, in seconds. */
  approveRetryAfterS: number;
  /** Polling interval of the hand-written SDK approve baseline. */
  baselineApprovePollMs: number;
  bulkNs: number[];
  bulkReps: number;
  /** The write (PUT) and delete (DELETE) buckets of the bulk runs. */
  bucket: TokenBucketSettings;
  /** Updating / Deleting durations in the bulk runs, in ms. */
  bulkOperationMs: number;
  coldStarts: number;
  /** Pending connections the approval policy decides (section 5). */
  policyN: number;
  sections: Set<Section>;
  /** The realistic section's time scale (emulator durations, our clock, baseline intervals). */
  timeScale: number;
  /** Operations per kind in the realistic section, spread over the recorded range. */
  realisticCount: number;
  /** Connections in the realistic section's engine runs (0: none). */
  realisticBulkN: number;
  /** Where the report goes; undefined: not written. */
  out: string | undefined;
}

export const USAGE = `usage: npm run bench -- [flags]   (or node dist/tools/bench.js [flags])

  --quick                    a short smoke run (2 reps, durations 0 and 2 s, N=20 once, 2 cold starts);
                             does not write docs/bench.md unless --out is given
  --reps N                   runs per comparison row, ours and baseline each      (BENCH_REPS, default 5)
  --delete-durations a,b     delete LRO durations in s                            (default 0,2,10)
  --retry-after a,b          delete Retry-After values in s                       (default 1,2)
  --approve-durations a,b    approve Updating durations in s                      (default 0,2,10)
  --approve-retry-after s    Retry-After on the PUT in s                          (default 1)
  --bulk-n a,b               connections per bulk run                             (BENCH_BULK_N, default 50,200)
  --bulk-reps N              runs per bulk size                                   (BENCH_BULK_REPS, default 2)
  --refill R                 write and delete bucket refill per second            (BENCH_REFILL, default 5)
  --capacity C               write and delete bucket capacity                     (BENCH_CAPACITY, default 5)
  --time-scale S             realistic section: Azure's timings × S               (BENCH_TIME_SCALE, default 0.25)
  --realistic-n N            realistic section: durations per operation kind      (default 24; --quick 6)
  --realistic-bulk-n N       realistic section: connections through the engine    (default 200; --quick 20; 0: none)
  --cold-starts N            provider host cold starts                            (BENCH_COLD_STARTS, default 5)
  --policy-n N               connections of the approval policy run (and of the  (BENCH_POLICY_N, default 200)
                             services section, over its parents)
  --only a,b                 sections to run: ${SECTIONS.join(",")}       (BENCH_ONLY, default all)
  --out FILE                 report file                                          (default docs/bench.md)
  --no-write                 print only
  --help`;

/** What a plain `npm run bench` runs, as the report states it. */
export const DEFAULTS_TEXT =
  "defaults: 5 runs per comparison row; delete 0, 2, 10 s × Retry-After 1, 2 s; approve 0, 2, 10 s " +
  "with Retry-After 1 s; bulk N = 50, 200, 2 runs each, buckets capacity 5 refill 5/s; 5 cold " +
  "starts; approval policy N = 200. `npm run bench -- --help` lists the flags (and BENCH_* variables); `--quick` is a " +
  "short smoke run";

class UsageError extends Error {}

function numberList(flag: string, value: string | undefined): number[] {
  const items = (value ?? "")
    .split(",")
    .filter((s) => s.trim() !== "")
    .map(Number);
  if (items.length === 0 || items.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new UsageError(`${flag} takes a comma-separated list of numbers >= 0 (got '${value}')`);
  }
  return items;
}

function positive(flag: string, value: string | undefined, integer = true): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `${flag} takes a ${integer ? "positive integer" : "number > 0"} (got '${value}')`,
    );
  }
  return n;
}

export function parseOptions(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions | "help" {
  const flags = new Map<string, string | undefined>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      throw new UsageError(`unexpected argument '${arg}'\n${USAGE}`);
    }
    const [name, inline] = arg.slice(2).split("=", 2);
    const takesValue = !["quick", "no-write", "help"].includes(name);
    flags.set(name, takesValue ? (inline ?? argv[++i]) : undefined);
  }
  if (flags.has("help")) return "help";
  const known = [
    "quick",
    "reps",
    "delete-durations",
    "retry-after",
    "approve-durations",
    "approve-retry-after",
    "bulk-n",
    "bulk-reps",
    "refill",
    "capacity",
    "cold-starts",
    "policy-n",
    "time-scale",
    "realistic-n",
    "realistic-bulk-n",
    "only",
    "out",
    "no-write",
  ];
  for (const name of flags.keys()) {
    if (!known.includes(name)) throw new UsageError(`unknown flag --${name}\n${USAGE}`);
  }
  const get = (flag: string, variable?: string) =>
    flags.get(flag) ?? (variable ? env[variable] || undefined : undefined);
  const quick = flags.has("quick") || env.BENCH_QUICK === "1";

  const only = get("only", "BENCH_ONLY");
  const sections = new Set<Section>(
    only ? (only.split(",").map((s) => s.trim()) as Section[]) : SECTIONS,
  );
  for (const s of sections) {
    if (!SECTIONS.includes(s)) {
      throw new UsageError(`--only takes some of ${SECTIONS.join(",")} (got '${s}')`);
    }
  }
  const out = flags.has("no-write")
    ? undefined
    : (get("out") ?? (quick ? undefined : path.join(REPO_ROOT, "docs", "bench.md")));

  const opt = <T>(flag: string, variable: string | undefined, parse: (v: string) => T, def: T) => {
    const value = get(flag, variable);
    return value === undefined ? def : parse(value);
  };
  return {
    quick,
    reps: opt("reps", "BENCH_REPS", (v) => positive("--reps", v), quick ? 2 : 5),
    deleteDurationsS: opt(
      "delete-durations",
      undefined,
      (v) => numberList("--delete-durations", v),
      quick ? [0, 2] : [0, 2, 10],
    ),
    deleteRetryAfterS: opt(
      "retry-after",
      undefined,
      (v) => numberList("--retry-after", v).map((n) => positive("--retry-after", String(n))),
      [1, 2],
    ),
    approveDurationsS: opt(
      "approve-durations",
      undefined,
      (v) => numberList("--approve-durations", v),
      quick ? [0, 2] : [0, 2, 10],
    ),
    approveRetryAfterS: opt(
      "approve-retry-after",
      undefined,
      (v) => positive("--approve-retry-after", v),
      1,
    ),
    baselineApprovePollMs: 2000,
    bulkNs: opt(
      "bulk-n",
      "BENCH_BULK_N",
      (v) => numberList("--bulk-n", v).map((n) => positive("--bulk-n", String(n))),
      quick ? [20] : [50, 200],
    ),
    bulkReps: opt("bulk-reps", "BENCH_BULK_REPS", (v) => positive("--bulk-reps", v), quick ? 1 : 2),
    bucket: {
      capacity: opt("capacity", "BENCH_CAPACITY", (v) => positive("--capacity", v), 5),
      refillPerSecond: opt("refill", "BENCH_REFILL", (v) => positive("--refill", v, false), 5),
    },
    bulkOperationMs: 500,
    coldStarts: opt(
      "cold-starts",
      "BENCH_COLD_STARTS",
      (v) => positive("--cold-starts", v),
      quick ? 2 : 5,
    ),
    policyN: opt("policy-n", "BENCH_POLICY_N", (v) => positive("--policy-n", v), quick ? 20 : 200),
    sections,
    timeScale: opt(
      "time-scale",
      "BENCH_TIME_SCALE",
      (v) => positive("--time-scale", v, false),
      0.25,
    ),
    realisticCount: opt(
      "realistic-n",
      undefined,
      (v) => positive("--realistic-n", v),
      quick ? 6 : 24,
    ),
    realisticBulkN: opt(
      "realistic-bulk-n",
      undefined,
      (v) => (v === "0" ? 0 : positive("--realistic-bulk-n", v)),
      quick ? 20 : 200,
    ),
    out,
  };
}

export function isUsageError(error: unknown): error is Error {
  return error instanceof UsageError;
}

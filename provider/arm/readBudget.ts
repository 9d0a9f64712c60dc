/**
 * The host's pacing of ARM requests, from its settings: the read budget's rate
 * (MHSM_PEC_POLL_READS_PER_SECOND), or, for comparisons, a fixed poll interval and no budget.
 * The budget itself is armBudget.ts. ARM refills 25 reads/s; a bulk destroy needs a read per
 * connection after its DELETE ends (the GET that answers 404, deleteWait.ts), so N deletes
 * take at least N / the rate seconds of reads.
 */

import { DEFAULT_BUDGETS, armBudgetFor } from "./armBudget";
import type { Pacing } from "./lro";
import type { BudgetSettings } from "./requestBudget";

export const DEFAULT_READ_BUDGET: Readonly<BudgetSettings> = DEFAULT_BUDGETS.reads;

export const READS_PER_SECOND_VARIABLE = "MHSM_PEC_POLL_READS_PER_SECOND";

/**
 * The read budget's settings from the environment: MHSM_PEC_POLL_READS_PER_SECOND, a number
 * > 0; the burst scales with it.
 */
export function readBudgetSettings(env: Record<string, string | undefined>): BudgetSettings {
  const raw = env[READS_PER_SECOND_VARIABLE];
  if (raw === undefined || raw.trim() === "") {
    return { ...DEFAULT_READ_BUDGET };
  }
  const perSecond = Number(raw);
  if (!Number.isFinite(perSecond) || perSecond <= 0) {
    throw new Error(
      `${READS_PER_SECOND_VARIABLE} must be a number of reads per second > 0 (got '${raw}')`,
    );
  }
  const burst = Math.max(
    1,
    Math.round((DEFAULT_READ_BUDGET.burst * perSecond) / DEFAULT_READ_BUDGET.perSecond),
  );
  return { perSecond, burst, beforeFirstAnswer: DEFAULT_READ_BUDGET.beforeFirstAnswer };
}

export const FIXED_POLL_VARIABLE = "MHSM_PEC_FIXED_POLL_SECONDS";

/**
 * The host's pacing: the process's budget of each subscription and principal; or, with
 * MHSM_PEC_FIXED_POLL_SECONDS (for comparisons: the bench runs the same program as a 2-s
 * poller would), a fixed interval and no budget.
 */
export function hostPacing(env: Record<string, string | undefined>): Pacing {
  const fixed = env[FIXED_POLL_VARIABLE];
  if (fixed === undefined || fixed.trim() === "") {
    const reads = readBudgetSettings(env);
    return { budget: (principal) => armBudgetFor(principal, reads) };
  }
  const seconds = Number(fixed);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`${FIXED_POLL_VARIABLE} must be a number of seconds > 0 (got '${fixed}')`);
  }
  return { fixedIntervalMs: seconds * 1000 };
}

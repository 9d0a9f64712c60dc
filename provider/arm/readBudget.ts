/**
 * One read budget for every wait in this provider host (a bulk `up` or `destroy` runs them all
 * in one process). ARM throttles reads per subscription with a token bucket of 250 that refills
 * at 25 per second ("Understand how Azure Resource Manager throttles requests", Microsoft
 * Learn). 200 waits polling every 2.5 s on their own clocks would ask 80 reads a second and
 * be throttled within seconds; through this budget they ask at most `readsPerSecond`, well
 * under ARM's refill so that the user's other tools and the engine's own reads keep room.
 *
 * Only waits go through it. The GET before a write is one per resource, sent as the engine
 * sends the write after it, which ARM's write bucket paces.
 *
 * When reads are short, the next one goes to the wait whose operation is most likely to have
 * finished since it last looked (pollSchedule.ts: the recording's ranges as a prior), so the
 * budget is spent where it ends an operation rather than where it only confirms one is running.
 */

import { realClock, type Clock } from "./clock";
import { chanceFinishedSince, type RecordedRange } from "./pollSchedule";

/** The budget's pace, and how much of it a quiet spell saves up. */
export interface ReadBudgetSettings {
  readsPerSecond: number;
  /** Reads that may go at once after a quiet spell. */
  burst: number;
}

/**
 * 60 % of ARM's read refill and a fifth of its bucket: the rest (10 reads/s, 200 tokens) stays
 * for the engine's other reads, refreshes and the user's other tools on the subscription. A
 * bulk destroy needs a read per connection after its DELETE ends (the GET that answers 404,
 * deleteWait.ts), so N deletes take at least N / 15 seconds of reads.
 */
export const DEFAULT_READ_BUDGET: Readonly<ReadBudgetSettings> = { readsPerSecond: 15, burst: 50 };

export const READS_PER_SECOND_VARIABLE = "MHSM_PEC_POLL_READS_PER_SECOND";

/** One wait's claim on the next read, timed on the wait's own clock. */
export interface ReadClaim {
  range: RecordedRange;
  /** Since the operation started, now. */
  elapsedMs(): number;
  /** Since the operation started, when the wait last saw it running. */
  lastLookMs: number;
  /** True once the wait's deadline has passed: a claim still queued then is let go. */
  outOfTime?: () => boolean;
}

interface Queued {
  claim: ReadClaim;
  settle: (granted: boolean) => void;
}

export class ReadBudget {
  private tokens: number;
  private refilledAt: number;
  private readonly queue: Queued[] = [];
  private pumping = false;

  constructor(
    readonly settings: ReadBudgetSettings,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = settings.burst;
    this.refilledAt = clock.now();
  }

  /**
   * Resolves true when the claimant may send one read; false, within a token's interval, if
   * its deadline passes while it waits in line (the caller then says it ran out of time).
   */
  take(claim: ReadClaim): Promise<boolean> {
    this.refill();
    if (this.queue.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve(true);
    }
    return new Promise((settle) => {
      this.queue.push({ claim, settle });
      void this.pump();
    });
  }

  /** How many claims wait for a read now. */
  get waiting(): number {
    return this.queue.length;
  }

  private refill(): void {
    const now = this.clock.now();
    const earned = ((now - this.refilledAt) / 1000) * this.settings.readsPerSecond;
    // The epsilon absorbs float error: 1/12 s of refill must make exactly one token.
    this.tokens = Math.min(this.settings.burst, this.tokens + earned + 1e-9);
    this.refilledAt = now;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        this.letGoOutOfTime();
        if (this.queue.length === 0) break;
        this.refill();
        if (this.tokens < 1) {
          // At least a millisecond, so that rounding never spins on a token just short of 1.
          const untilOne = ((1 - this.tokens) / this.settings.readsPerSecond) * 1000;
          await this.clock.sleep(Math.max(1, Math.ceil(untilOne)));
          continue;
        }
        this.tokens -= 1;
        this.queue.splice(this.mostLikelyFinished(), 1)[0].settle(true);
      }
    } finally {
      this.pumping = false;
    }
  }

  private letGoOutOfTime(): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].claim.outOfTime?.()) {
        this.queue.splice(i, 1)[0].settle(false);
      }
    }
  }

  private mostLikelyFinished(): number {
    const chance = ({ claim }: Queued) =>
      chanceFinishedSince(claim.range, claim.lastLookMs, claim.elapsedMs());
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      if (chance(this.queue[i]) > chance(this.queue[best])) best = i;
    }
    return best;
  }
}

/**
 * The budget settings from the environment: MHSM_PEC_POLL_READS_PER_SECOND, a number > 0;
 * the burst scales with it.
 */
export function readBudgetSettings(env: Record<string, string | undefined>): ReadBudgetSettings {
  const raw = env[READS_PER_SECOND_VARIABLE];
  if (raw === undefined || raw.trim() === "") {
    return { ...DEFAULT_READ_BUDGET };
  }
  const readsPerSecond = Number(raw);
  if (!Number.isFinite(readsPerSecond) || readsPerSecond <= 0) {
    throw new Error(
      `${READS_PER_SECOND_VARIABLE} must be a number of reads per second > 0 (got '${raw}')`,
    );
  }
  const burst = Math.max(
    1,
    Math.round((DEFAULT_READ_BUDGET.burst * readsPerSecond) / DEFAULT_READ_BUDGET.readsPerSecond),
  );
  return { readsPerSecond, burst };
}

export const FIXED_POLL_VARIABLE = "MHSM_PEC_FIXED_POLL_SECONDS";

let shared: ReadBudget | undefined;

/** The host's one budget, made on first use from the environment of that moment. */
export function sharedReadBudget(env: Record<string, string | undefined>): ReadBudget {
  shared ??= new ReadBudget(readBudgetSettings(env));
  return shared;
}

/**
 * The host's pacing: the shared budget; or, with MHSM_PEC_FIXED_POLL_SECONDS (for comparisons:
 * the bench runs the same program as a 2-s poller would), a fixed interval and no budget.
 */
export function hostPacing(env: Record<string, string | undefined>): {
  reads?: ReadBudget;
  fixedIntervalMs?: number;
} {
  const fixed = env[FIXED_POLL_VARIABLE];
  if (fixed === undefined || fixed.trim() === "") {
    return { reads: sharedReadBudget(env) };
  }
  const seconds = Number(fixed);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`${FIXED_POLL_VARIABLE} must be a number of seconds > 0 (got '${fixed}')`);
  }
  return { fixedIntervalMs: seconds * 1000 };
}

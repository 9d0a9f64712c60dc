/**
 * When to look again at an ARM operation that sent no Retry-After.
 *
 * Real ARM sends none for these operations. The az CLI recording of a Managed HSM private
 * endpoint connection (test_hsm_private_endpoint_connection.yaml, `date` headers) shows a DELETE
 * done within 30 s and PUTs Updating for 16-48 s and 34-65 s. The trade-off: polling every p
 * seconds costs D/p requests for a D-second operation and overshoots its end by up to p seconds
 * (p/2 on average). A 2-s poller (the SDK's default interval, and what a user's loop does)
 * overshoots by ~1 s and sends D/2 requests; azure-native's 30 s by up to 30 s.
 *
 * So: a fixed grid of 2.5 s from the operation's start, while the operation is inside the
 * recorded range (up to 65 s) and a margin: median overshoot 1.25 s, at most 2.5 s plus a round
 * trip, with a fifth fewer polls than a 2-s poller, which leaves room for the adopting GET
 * before a PUT (a DELETE without Retry-After needs no confirming GET: deleteWait.ts watches
 * the connection itself). Neither longer nor shorter buys anything:
 * at 3 s a poll landing just after a round trip would miss the 3 s maximum overshoot; at 2 s
 * the polls plus the extra GET would be more requests than a 2-s poller sends.
 * Past the recorded range the operation is unusual, and each wait is a tenth of the time
 * elapsed (capped at 30 s): a five-minute operation overshoots by at most ~10 %, and a
 * stuck one costs a request every 30 s until the deadline.
 *
 * On a grid fixed to the start, time spent in requests and retries does not push later polls
 * back, so the schedule does not drift.
 */

/** The grid's period, counted from the operation's start. */
export const GRID_PERIOD_MS = 2500;
/** The longest recorded operation (65 s) plus four grid periods. */
export const GRID_UNTIL_MS = 75_000;
export const LATE_WAIT_FRACTION = 0.1;
export const MAX_WAIT_MS = 30_000;
/** Never two polls closer than this, e.g. when a slow answer arrives just before a grid point. */
export const MIN_WAIT_MS = 500;

/** How long to wait, `elapsedMs` after the operation started, before looking again. */
export function unhintedWaitMs(elapsedMs: number): number {
  if (elapsedMs + MIN_WAIT_MS < GRID_UNTIL_MS) {
    const next = (Math.floor((elapsedMs + MIN_WAIT_MS) / GRID_PERIOD_MS) + 1) * GRID_PERIOD_MS;
    return next - elapsedMs;
  }
  return Math.min(Math.max(elapsedMs * LATE_WAIT_FRACTION, MIN_WAIT_MS), MAX_WAIT_MS);
}

/**
 * What the recording says about how long each kind of operation takes, for ranking many
 * waits that share one read budget (readBudget.ts): seconds after the request.
 */
export interface RecordedRange {
  fromMs: number;
  toMs: number;
}

/** DELETE: done within 30 s, no lower bound recorded. PUT: Updating 16-65 s. */
export const RECORDED_RANGES: Readonly<Record<"delete" | "put", RecordedRange>> = {
  delete: { fromMs: 0, toMs: 30_000 },
  put: { fromMs: 16_000, toMs: 65_000 },
};

/**
 * The chance that an operation not finished `lastMs` after it started is still running at
 * `nowMs`: a prior that puts 85 % of operations uniformly inside the recorded range, 5 %
 * uniformly before it, and 10 % after, falling off as 1/t (ARM operations have long tails).
 */
export function survival(range: RecordedRange, tMs: number): number {
  const { fromMs, toMs } = range;
  if (tMs <= 0) return 1;
  if (tMs < fromMs) return 1 - (0.05 * tMs) / fromMs;
  if (tMs <= toMs) return 0.95 - (0.85 * (tMs - fromMs)) / Math.max(1, toMs - fromMs);
  return (0.1 * toMs) / tMs;
}

/** P(finished in (lastMs, nowMs] | running at lastMs): where a read is best spent. */
export function chanceFinishedSince(range: RecordedRange, lastMs: number, nowMs: number): number {
  const before = survival(range, lastMs);
  return before <= 0 ? 1 : 1 - survival(range, nowMs) / before;
}

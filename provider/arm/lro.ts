/**
 * Waiting on ARM: how long to wait before looking again, one look through the host's read
 * budget, and the provisioningState of a PUT (which the spec does not mark long-running but
 * which completes asynchronously). The DELETE's wait is in deleteWait.ts.
 */

import type { ConnectionsApi } from "./connectionsApi";
import type { ConnectionState } from "./connectionState";
import type { Deadline } from "./clock";
import { ArmOperationError } from "./errors";
import { formatConnectionId, type ConnectionRef } from "./ids";
import { RECORDED_RANGES, unhintedWaitMs, type RecordedRange } from "./pollSchedule";
import { BudgetOutOfTimeError, withClaim, type ArmBudget } from "./armBudget";
import { settled } from "./serviceWire";

/** Where a wait's progress lines go. */
export type Report = (message: string) => void;

export const MIN_POLL_INTERVAL_MS = 500;
export const MAX_POLL_INTERVAL_MS = 30_000;
const FIRST_UNHINTED_POLL_MS = 1000;
const UNHINTED_POLL_GROWTH = 1.5;
const MAX_UNHINTED_POLL_MS = 10_000;

/**
 * Retry-After when ARM gives one (bounded), else a gently growing interval: for waits with no
 * recorded timeline (a connection appearing). Operations use operationWaitMs.
 */
export function pollDelayMs(retryAfterMs: number | undefined, unhintedPolls: number): number {
  if (retryAfterMs !== undefined) {
    return Math.min(Math.max(retryAfterMs, MIN_POLL_INTERVAL_MS), MAX_POLL_INTERVAL_MS);
  }
  return Math.min(
    FIRST_UNHINTED_POLL_MS * UNHINTED_POLL_GROWTH ** unhintedPolls,
    MAX_UNHINTED_POLL_MS,
  );
}

/**
 * How ARM requests are paced: the process's budget of a subscription and principal (named as
 * the caller names them; armBudget.ts), or (for comparisons, e.g. the bench's 2-s poller) none
 * and a fixed interval in place of the schedule when ARM sends no Retry-After.
 */
export interface Pacing {
  budget?: (principal: string) => ArmBudget;
  fixedIntervalMs?: number;
}

/** Retry-After when ARM gives one (bounded), else the recorded-range schedule (pollSchedule.ts). */
export function operationWaitMs(
  retryAfterMs: number | undefined,
  elapsedMs: number,
  pacing: Pacing = {},
): number {
  if (retryAfterMs !== undefined) {
    return Math.min(Math.max(retryAfterMs, MIN_POLL_INTERVAL_MS), MAX_POLL_INTERVAL_MS);
  }
  return pacing.fixedIntervalMs ?? unhintedWaitMs(elapsedMs);
}

/**
 * One look at a running operation: its reads claim their turn in the budget (when the client
 * has one) ranked by how likely the operation is to have finished since `lastLookMs`. A wait
 * whose deadline passes while it is in line for a read gets `outOfTime()` thrown, as it would
 * at the top of its loop, rather than a read it no longer has time for.
 */
export async function look<T>(
  range: RecordedRange,
  deadline: Deadline,
  lastLookMs: number,
  send: () => Promise<T>,
  outOfTime: () => Error,
): Promise<T> {
  const claim = {
    range,
    elapsedMs: () => deadline.elapsedMs(),
    lastLookMs,
    outOfTime: () => deadline.expired(),
  };
  try {
    return await withClaim(claim, send);
  } catch (error) {
    throw error instanceof BudgetOutOfTimeError ? outOfTime() : error;
  }
}

export class DeadlineExceededError extends Error {
  override name = "DeadlineExceededError";
}

export function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

/**
 * Polls GET until provisioningState is terminal. Succeeded returns the state; Failed is an
 * error; running out of time says so and that re-running is safe. A connection that is gone
 * meanwhile fails: the update this waits for was ours.
 */
export async function waitUntilProvisioned(
  api: ConnectionsApi,
  ref: ConnectionRef,
  firstDelayMs: number | undefined,
  deadline: Deadline,
  report: Report,
  pacing: Pacing = {},
): Promise<ConnectionState> {
  const state = await waitUntilSettled(api, ref, firstDelayMs, deadline, report, pacing);
  if (state === undefined) {
    throw new ArmOperationError(`PUT ${formatConnectionId(ref)}`, {
      statusCode: 404,
      armMessage: "the connection disappeared while its update was in progress",
    });
  }
  return state;
}

/**
 * waitUntilProvisioned for a change someone else started (an update, or a delete showing
 * Deleting), before deciding whether to write: undefined when it ended with the connection
 * gone, which needs no write.
 */
export async function waitUntilSettled(
  api: ConnectionsApi,
  ref: ConnectionRef,
  firstDelayMs: number | undefined,
  deadline: Deadline,
  report: Report,
  pacing: Pacing = {},
): Promise<ConnectionState | undefined> {
  const operation = `PUT ${formatConnectionId(ref)}`;
  const stillUpdating = () =>
    new DeadlineExceededError(
      `${operation} is still Updating in ARM after ${seconds(deadline.elapsedMs())}, past the timeout ` +
        `of ${seconds(deadline.budgetMs)}. Re-running is safe: the next 'pulumi up' checks the ` +
        `connection again and only writes if it is not yet in the declared state.`,
    );
  let lastLookMs = deadline.elapsedMs();
  let delay = operationWaitMs(firstDelayMs, lastLookMs, pacing);
  for (;;) {
    if (deadline.remainingMs() <= 0) {
      throw stillUpdating();
    }
    report(
      `waiting for ${ref.connectionName} to finish updating: ${seconds(deadline.elapsedMs())} elapsed, next check in ${(delay / 1000).toFixed(1)}s`,
    );
    await deadline.sleep(delay);
    const state = await look(
      RECORDED_RANGES.put,
      deadline,
      lastLookMs,
      () => api.get(ref),
      stillUpdating,
    );
    lastLookMs = deadline.elapsedMs();
    if (state === undefined) {
      return undefined;
    }
    if (state.provisioningState === "Failed") {
      throw new ArmOperationError(operation, {
        code: "ProvisioningFailed",
        armMessage: `ARM reports provisioningState Failed for the connection (status ${state.status ?? "unknown"})`,
      });
    }
    if (settled(ref.profile, state)) {
      return state;
    }
    // GET carries no Retry-After; keep the PUT's hint as the cadence when there was one.
    delay = operationWaitMs(firstDelayMs, lastLookMs, pacing);
  }
}

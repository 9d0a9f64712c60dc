/**
 * Waiting on a long-running operation ARM named (Azure-AsyncOperation, or Location), with
 * lro.ts's pacing and the host's read budget: where a service names one, its status decides,
 * since Cosmos DB, PostgreSQL and App Configuration go on showing the old status for a while
 * after an accepted PUT, and a GET alone would end the wait too early.
 */

import type { Deadline } from "./clock";
import type { PollAnswer } from "./connectionsApi";
import { ArmOperationError } from "./errors";
import { DeadlineExceededError, look, operationWaitMs, seconds, type Pacing } from "./lro";
import type { OperationUrl } from "./operationAnswers";
import { RECORDED_RANGES } from "./pollSchedule";

/** What the wait needs of the door. */
export interface OperationReads {
  poll(url: string): Promise<PollAnswer>;
}

/** What one look found: still running, or done (with the operation's failure, if it failed). */
type Progress = { done: false } | { done: true; failure?: string };

const FAILED = ["failed", "canceled", "cancelled"];

/** An operation's answer: Azure-AsyncOperation by its body's status, Location by 202. */
export function progressOf(style: OperationUrl["style"], answer: PollAnswer): Progress {
  // 404: the operation's record is gone; the GET that follows says what became of the connection.
  if (answer.statusCode === 404) return { done: true };
  if (style === "location" && answer.statusCode === 202) return { done: false };
  const body = (answer.body ?? {}) as {
    status?: unknown;
    error?: { message?: unknown };
    properties?: { provisioningState?: unknown };
  };
  // Key Vault's Azure-AsyncOperation answers the connection itself (as recorded), whose
  // provisioningState says what an operation's status would.
  const said = body.status ?? body.properties?.provisioningState;
  const status = typeof said === "string" ? said.toLowerCase() : "";
  if (status === "succeeded") return { done: true };
  if (FAILED.includes(status)) {
    const message = typeof body.error?.message === "string" ? `: ${body.error.message}` : "";
    return { done: true, failure: `the operation ended ${String(said)}${message}` };
  }
  // A Location that stopped answering 202 is done, whatever its body (often none).
  return { done: style === "location" };
}

/**
 * Polls the operation ARM named for `operation` (e.g. "PUT {id}") until it ends; fails with
 * what it said when it failed, or at the deadline, saying that re-running is safe.
 */
export async function waitForOperation(
  api: OperationReads,
  operation: string,
  started: OperationUrl,
  retryAfterMs: number | undefined,
  deadline: Deadline,
  pacing: Pacing = {},
): Promise<void> {
  const outOfTime = () =>
    new DeadlineExceededError(
      `${operation} is still running in ARM after ${seconds(deadline.elapsedMs())} ` +
        `(operation: ${started.pollUrl}), past the timeout of ${seconds(deadline.budgetMs)}. ` +
        `Re-running is safe: the next 'pulumi up' reads the connection again and writes only ` +
        `if it is not yet as declared.`,
    );
  const pace = { deadline, pacing, outOfTime, lastLookMs: deadline.elapsedMs() };
  await untilOperationDone(api, operation, started, retryAfterMs, pace);
}

interface Pace {
  deadline: Deadline;
  pacing: Pacing;
  outOfTime: () => Error;
  lastLookMs: number;
}

/** Sleeps as lro.ts paces an operation, then one read, claimed in the client's budget. */
async function paceLook<T>(
  pace: Pace,
  send: () => Promise<T>,
  retryAfterMs: number | undefined,
): Promise<T> {
  if (pace.deadline.remainingMs() <= 0) throw pace.outOfTime();
  await pace.deadline.sleep(operationWaitMs(retryAfterMs, pace.lastLookMs, pace.pacing));
  const range = RECORDED_RANGES.put;
  const result = await look(range, pace.deadline, pace.lastLookMs, send, pace.outOfTime);
  pace.lastLookMs = pace.deadline.elapsedMs();
  return result;
}

async function untilOperationDone(
  api: OperationReads,
  operation: string,
  started: OperationUrl,
  firstRetryAfterMs: number | undefined,
  pace: Pace,
): Promise<void> {
  let url = started.pollUrl;
  let retryAfterMs = firstRetryAfterMs;
  for (;;) {
    const answer = await paceLook(pace, () => api.poll(url), retryAfterMs);
    const progress = progressOf(started.style, answer);
    if (progress.done) {
      if (progress.failure) {
        throw new ArmOperationError(operation, { operationUrl: url, armMessage: progress.failure });
      }
      return;
    }
    // A Location on an Azure-AsyncOperation's answer is where the result will be read, not a
    // new status URL (the SQL family and Cosmos DB send both): only the status says the outcome.
    if (started.style === "location") url = answer.nextPollUrl ?? url;
    retryAfterMs = answer.retryAfterMs ?? firstRetryAfterMs;
  }
}

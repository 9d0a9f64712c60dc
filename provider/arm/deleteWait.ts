/**
 * Waiting on ARM's DELETE long-running operation until a GET says the connection is gone.
 */

import type { ConnectionsApi, DeleteStart, PollAnswer } from "./connectionsApi";
import type { Deadline } from "./clock";
import { ArmOperationError, armErrorOfBody } from "./errors";
import { formatConnectionId, type ConnectionRef } from "./ids";
import {
  DeadlineExceededError,
  look,
  operationWaitMs,
  seconds,
  type Pacing,
  type Report,
} from "./lro";
import { RECORDED_RANGES } from "./pollSchedule";
import type { ConnectionState } from "./connectionState";
import { stillWorking } from "./serviceWire";

interface OperationStatusBody {
  status?: unknown;
  properties?: { provisioningState?: unknown };
}

const FAILED_STATES = ["failed", "canceled", "cancelled"];

/** The failure an LRO answer reports in its body, in either ARM polling style. */
function failureInBody(body: unknown): { code?: string; message?: string } | undefined {
  if (typeof body !== "object" || body === null) {
    return undefined;
  }
  const b = body as OperationStatusBody;
  const status = typeof b.status === "string" ? b.status : undefined;
  const provisioning =
    typeof b.properties?.provisioningState === "string"
      ? b.properties.provisioningState
      : undefined;
  const failed = [status, provisioning].find(
    (s) => s !== undefined && FAILED_STATES.includes(s.toLowerCase()),
  );
  if (failed !== undefined) {
    const error = armErrorOfBody(body);
    return {
      code: error.code ?? `Operation${failed}`,
      message: error.message ?? `ARM reported the operation as ${failed}`,
    };
  }
  return undefined;
}

/**
 * Azure-AsyncOperation answers 200 while running, with the status in the body: anything but a
 * terminal status (NotStarted, InProgress, Pending, …) means running, as in ARM's contract.
 */
function stillRunning(answer: PollAnswer): boolean {
  if (answer.statusCode === 202 || answer.statusCode === 201) {
    return true;
  }
  const status = (answer.body as OperationStatusBody | null)?.status;
  return (
    typeof status === "string" && !["succeeded", ...FAILED_STATES].includes(status.toLowerCase())
  );
}

/** Where to look next at a DELETE still running: its operation URL and ARM's hint. */
interface RunningDelete {
  url: string;
  retryAfterMs?: number;
}

/**
 * Waits until ARM says the connection is deleted: only a GET answering 404 (or the vault's 204)
 * counts as gone, so an operation that ends 200 with a Failed body, or says Succeeded while the
 * connection is still there, is never taken for success.
 *
 * With a Retry-After, ARM paces its operation: follow the operation URL, then confirm with a
 * GET. Without one (what ARM sends for these deletes), watch the connection itself
 * (watchConnection): its 404 says both "finished" and "gone" in one read.
 */
export async function waitUntilDeleted(
  api: ConnectionsApi,
  ref: ConnectionRef,
  start: DeleteStart,
  deadline: Deadline,
  report: Report,
  pacing: Pacing = {},
): Promise<void> {
  const operation = `DELETE ${formatConnectionId(ref)}`;
  const stillRunningHint = (url?: string) =>
    `The delete is still running in ARM after ${seconds(deadline.elapsedMs())}` +
    (url ? ` (operation: ${url})` : "") +
    `; it was not confirmed within the delete timeout of ${seconds(deadline.budgetMs)}. ` +
    `Re-running is safe: the next 'pulumi destroy' or 'pulumi up' deletes it again or finds it gone.`;
  const waiting: DeleteWaiting = {
    api,
    ref,
    operation,
    deadline,
    report,
    pacing,
    stillRunningHint,
  };

  if (start.kind === "completed") {
    throwIfFailed(operation, start.body, undefined);
  }
  if (start.kind === "accepted") {
    let running: RunningDelete | "done" = { url: start.pollUrl, retryAfterMs: start.retryAfterMs };
    if (start.retryAfterMs === undefined) {
      const watched = await watchConnection(waiting, start.pollUrl);
      if (watched === "gone") {
        return;
      }
      running = watched;
    }
    if (running !== "done") {
      await followOperation(waiting, running);
    }
  }
  await confirmGone(waiting);
}

/** What every stage of a delete's wait shares. */
interface DeleteWaiting {
  api: ConnectionsApi;
  ref: ConnectionRef;
  operation: string;
  deadline: Deadline;
  report: Report;
  pacing: Pacing;
  stillRunningHint: (url?: string) => string;
}

/**
 * One read during a delete's wait: ranked on the delete's recorded range, and out of time
 * with the delete's own message (naming the operation URL when there is one).
 */
function lookDuringDelete<T>(
  w: DeleteWaiting,
  lastLookMs: number,
  send: () => Promise<T>,
  url?: string,
): Promise<T> {
  const outOfTime = () => new DeadlineExceededError(w.stillRunningHint(url));
  return look(RECORDED_RANGES.delete, w.deadline, lastLookMs, send, outOfTime);
}

/** Sleeps `delayMs` unless the deadline has passed (then says the delete still runs). */
async function waitBeforeLooking(w: DeleteWaiting, delayMs: number, url: string): Promise<void> {
  if (w.deadline.remainingMs() <= 0) {
    throw new DeadlineExceededError(w.stillRunningHint(url));
  }
  w.report(
    `deleting ${w.ref.connectionName}: ${seconds(w.deadline.elapsedMs())} elapsed, next check in ${(delayMs / 1000).toFixed(1)}s`,
  );
  await w.deadline.sleep(delayMs);
}

/**
 * Without Retry-After, the connection is the cheaper witness: following the operation costs a
 * poll that sees it done and then a GET that confirms it gone, where the connection's GET
 * answers 404 when both are true. At the end of a bulk destroy those reads are what the host's
 * budget runs short of (readBudget.ts), so one instead of two ends it sooner. The operation is
 * asked only when the connection stops showing Deleting: to say why the delete failed, or,
 * for a service whose GET does not show Deleting, to be followed from then on.
 */
async function watchConnection(
  w: DeleteWaiting,
  url: string,
): Promise<"gone" | "done" | RunningDelete> {
  let lastLookMs = w.deadline.elapsedMs();
  for (;;) {
    await waitBeforeLooking(w, operationWaitMs(undefined, lastLookMs, w.pacing), url);
    const state = await lookDuringDelete(w, lastLookMs, () => w.api.get(w.ref), url);
    lastLookMs = w.deadline.elapsedMs();
    if (state === undefined) {
      return "gone";
    }
    if (!deleting(w.ref, state)) {
      // Ranked first (no look since the start): the wait cannot go on without this answer.
      const answer = await lookDuringDelete(w, 0, () => w.api.poll(url), url);
      return settle(w.operation, url, answer);
    }
  }
}

/** Polls the operation URL until it ends, honouring each answer's Retry-After. */
async function followOperation(w: DeleteWaiting, first: RunningDelete): Promise<void> {
  let running = first;
  let lastLookMs = w.deadline.elapsedMs();
  for (;;) {
    const { url } = running;
    await waitBeforeLooking(w, operationWaitMs(running.retryAfterMs, lastLookMs, w.pacing), url);
    const answer = await lookDuringDelete(w, lastLookMs, () => w.api.poll(url), url);
    lastLookMs = w.deadline.elapsedMs();
    const next = settle(w.operation, url, answer);
    if (next === "done") {
      return;
    }
    running = next;
  }
}

/**
 * One answer of the operation URL: a failure throws with ARM's words; "done" when it ended
 * (or its record is gone: 404), so the GET that follows says whether the connection is.
 */
function settle(operation: string, url: string, answer: PollAnswer): "done" | RunningDelete {
  if (answer.statusCode === 404) {
    return "done";
  }
  throwIfFailed(operation, answer.body, url);
  if (!stillRunning(answer)) {
    return "done";
  }
  return { url: answer.nextPollUrl ?? url, retryAfterMs: answer.retryAfterMs };
}

function throwIfFailed(operation: string, body: unknown, operationUrl: string | undefined): void {
  const failure = failureInBody(body);
  if (failure) {
    throw new ArmOperationError(operation, {
      code: failure.code,
      armMessage: failure.message,
      operationUrl,
    });
  }
}

/** Deleting, or another sign the service is still at it (App Service's Disconnecting). */
function deleting(ref: ConnectionRef, state: ConnectionState): boolean {
  return state.provisioningState === "Deleting" || stillWorking(ref.profile, state);
}

async function confirmGone(w: DeleteWaiting): Promise<void> {
  const { api, ref, deadline, report, pacing } = w;
  // The operation just said done: this GET is the likeliest read of all to end the wait.
  let lastLookMs = 0;
  for (;;) {
    const state = await lookDuringDelete(w, lastLookMs, () => api.get(ref));
    lastLookMs = deadline.elapsedMs();
    if (state === undefined) {
      return;
    }
    if (!deleting(ref, state)) {
      throw new ArmOperationError(w.operation, {
        armMessage:
          `ARM reported the delete as finished, but the connection still exists ` +
          `(status ${state.status ?? "unknown"}, provisioningState ${state.provisioningState ?? "unknown"})`,
      });
    }
    if (deadline.remainingMs() <= 0) {
      throw new DeadlineExceededError(w.stillRunningHint());
    }
    const delay = operationWaitMs(undefined, lastLookMs, pacing);
    report(
      `deleting ${ref.connectionName}: ARM still shows it Deleting; checking again in ${seconds(delay)}`,
    );
    await deadline.sleep(delay);
  }
}

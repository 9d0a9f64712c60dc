/**
 * Waiting on a PUT or DELETE of any service, with lro.ts's pacing and the host's read budget. Where the
 * service names an operation (Azure-AsyncOperation, or Location), its status decides: Cosmos
 * DB, PostgreSQL and App Configuration go on showing the old status for a while after an
 * accepted PUT, so a GET alone would end the wait too early. Without one, GETs until the
 * profile says the service is done (no busy provisioningState, no interim status).
 */

import type { Deadline } from "./clock";
import type { ConnectionState } from "./connectionState";
import type { DeleteStart, PollAnswer } from "./connectionsApi";
import { ArmOperationError } from "./errors";
import { DeadlineExceededError, look, operationWaitMs, seconds, type Pacing } from "./lro";
import { formatParentResourceId, type ParentResource } from "./parentResourceId";
import { RECORDED_RANGES } from "./pollSchedule";
import type { OperationUrl, ServicePutAnswer } from "./serviceConnectionsApi";
import { stillWorking } from "./serviceWire";

/** What the wait needs of the door. */
export interface ServiceReads {
  get(parent: ParentResource, name: string): Promise<ConnectionState | undefined>;
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

/** The connection once the service has applied the PUT; fails as ARM says, or at the deadline. */
export async function waitForServicePut(
  api: ServiceReads,
  parent: ParentResource,
  name: string,
  answer: ServicePutAnswer,
  deadline: Deadline,
  pacing: Pacing = {},
): Promise<ConnectionState> {
  const operation = `PUT ${formatParentResourceId(parent)}/${parent.profile.collection}/${name}`;
  const outOfTime = () =>
    new DeadlineExceededError(
      `${operation} is still running in ARM after ${seconds(deadline.elapsedMs())}, past the ` +
        `timeout of ${seconds(deadline.budgetMs)}. Re-running is safe: the next 'pulumi up' ` +
        `reads the connection again and writes only if it is not yet as declared.`,
    );
  const pace = { deadline, pacing, outOfTime, lastLookMs: deadline.elapsedMs() };
  if (answer.operation) {
    await untilOperationDone(api, operation, answer.operation, answer.retryAfterMs, pace);
  } else if (answer.state && !stillWorking(parent.profile, answer.state)) {
    return answer.state;
  }
  for (;;) {
    const state = await paceLook(pace, () => api.get(parent, name), answer.retryAfterMs);
    if (state === undefined) {
      throw new ArmOperationError(operation, {
        statusCode: 404,
        armMessage: "the connection disappeared while its update was in progress",
      });
    }
    if (state.provisioningState === "Failed") {
      throw new ArmOperationError(operation, {
        code: "ProvisioningFailed",
        armMessage: `ARM reports provisioningState Failed (status ${state.status ?? "unknown"})`,
      });
    }
    if (!stillWorking(parent.profile, state)) return state;
  }
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
  api: ServiceReads,
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
    url = answer.nextPollUrl ?? url;
    retryAfterMs = answer.retryAfterMs ?? firstRetryAfterMs;
  }
}

/**
 * Waits until a GET says the connection is gone (404, or the 204 of a service whose absent is
 * 204): the operation first, when the service gave one, then the connection, which may go on
 * showing Deleting or App Service's Disconnecting for a while. A connection that stays, settled,
 * after the operation said done is an error: the delete did not happen.
 */
export async function waitForServiceDelete(
  api: ServiceReads,
  parent: ParentResource,
  name: string,
  start: DeleteStart,
  deadline: Deadline,
  pacing: Pacing = {},
): Promise<void> {
  if (start.kind === "gone") return;
  const operation = `DELETE ${formatParentResourceId(parent)}/${parent.profile.collection}/${name}`;
  const outOfTime = () =>
    new DeadlineExceededError(
      `${operation} is still running in ARM after ${seconds(deadline.elapsedMs())}, past the ` +
        `timeout of ${seconds(deadline.budgetMs)}. Re-running is safe: the next 'pulumi destroy' ` +
        `deletes it again or finds it gone.`,
    );
  const pace = { deadline, pacing, outOfTime, lastLookMs: deadline.elapsedMs() };
  if (start.kind === "accepted") {
    const started = { pollUrl: start.pollUrl, style: start.style };
    await untilOperationDone(api, operation, started, start.retryAfterMs, pace);
  }
  for (let looks = 0; ; looks++) {
    // The first look follows a finished operation or a 200: no wait before it.
    const read = () => api.get(parent, name);
    const state = looks === 0 ? await read() : await paceLook(pace, read, undefined);
    if (state === undefined) return;
    const deleting = state.provisioningState === "Deleting" || stillWorking(parent.profile, state);
    if (!deleting) {
      throw new ArmOperationError(operation, {
        armMessage:
          `ARM reported the delete as finished, but the connection still exists (status ` +
          `${state.status ?? "unknown"}, provisioningState ${state.provisioningState ?? "unknown"})`,
      });
    }
  }
}

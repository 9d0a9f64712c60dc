/**
 * The one retry policy for every ARM request. The SDK's own retries are turned off (see
 * client.ts) because they do not cover what ARM actually sends: a 429 without Retry-After,
 * 409 AnotherOperationInProgress, or a request that hangs. Here all transient answers are
 * retried with capped exponential backoff within the deadline. A Retry-After is ARM's contract
 * and is honoured whole (maxDelayMs caps only our own backoff): sending again sooner only earns
 * another 429. A 429 is tried again for as long as the deadline allows, however many times:
 * ARM's guidance for throttling, and a bucket shared with the subscription's other clients can
 * stay empty longer than a few tries. Other transient answers keep the bound of maxAttempts.
 */

import { Clock, Deadline, realClock } from "./clock";
import { BudgetOutOfTimeError, withClaim } from "./armBudget";
import { ArmOperationError, toArmOperationError } from "./errors";

/** How often a request is tried (a 429: until the deadline), and the backoff between tries. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
};

export interface RetryContext {
  deadline: Deadline;
  policy?: RetryPolicy;
  clock?: Clock;
  /** Told about each retry, so a long wait is never silent. */
  onRetry?: (message: string) => void;
}

export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) {
    return retryAfterMs;
  }
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  // Full jitter on the upper half spreads many resources retrying against one subscription.
  const capped = Math.min(exponential, policy.maxDelayMs);
  return capped / 2 + Math.random() * (capped / 2);
}

export async function withRetry<T>(
  operation: string,
  context: RetryContext,
  send: () => Promise<T>,
): Promise<T> {
  const policy = context.policy ?? DEFAULT_RETRY_POLICY;
  const clock = context.clock ?? realClock;
  let lastFailure: ArmOperationError | undefined;
  for (let attempt = 1; ; attempt++) {
    let failure: ArmOperationError;
    try {
      // A try still in line for the budget when the deadline passes is let go there.
      return await withClaim({ outOfTime: () => context.deadline.expired() }, send);
    } catch (error) {
      // The deadline passed in line for the budget: this try never reached ARM, so what ARM
      // last said (a 429) is the answer, if it said anything.
      if (error instanceof BudgetOutOfTimeError) throw lastFailure ?? error;
      failure = toArmOperationError(operation, error);
      lastFailure = failure;
    }
    const retryAfterMs = failure.details.retryAfterMs;
    const delay = backoffDelayMs(policy, attempt, retryAfterMs);
    const remainingMs = context.deadline.remainingMs();
    const throttled = failure.details.statusCode === 429;
    if (!failure.details.transient || (!throttled && attempt >= policy.maxAttempts)) {
      throw failure;
    }
    if (remainingMs <= delay) {
      throw retryAfterMs === undefined
        ? failure
        : beyondDeadline(failure, retryAfterMs, remainingMs);
    }
    const of = throttled ? "until the deadline" : `of ${policy.maxAttempts}`;
    context.onRetry?.(
      `${failure.message}; retrying in ${(delay / 1000).toFixed(1)}s (attempt ${attempt + 1} ${of})`,
    );
    await clock.sleep(delay);
  }
}

/** ARM asked for a longer wait than the deadline leaves: say so now rather than sleep to fail. */
function beyondDeadline(
  failure: ArmOperationError,
  retryAfterMs: number,
  remainingMs: number,
): ArmOperationError {
  const seconds = (ms: number) => `${Math.ceil(ms / 1000)}s`;
  return new ArmOperationError(
    failure.operation,
    { ...failure.details, transient: false },
    `ARM asked to wait ${seconds(retryAfterMs)} (Retry-After) before trying again, more than the ` +
      `${seconds(remainingMs)} left of this operation's deadline; run it again after that time, ` +
      `or give it a longer timeout`,
  );
}

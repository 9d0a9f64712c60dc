/**
 * The one retry policy for every ARM request. The SDK's own retries are turned off (see
 * client.ts) because they do not cover what ARM actually sends: a 429 without Retry-After,
 * 409 AnotherOperationInProgress, or a request that hangs. Here all transient answers are
 * retried with capped exponential backoff, honouring Retry-After, within the deadline.
 */

import { Clock, Deadline, realClock } from "./clock";
import { ArmOperationError, toArmOperationError } from "./errors";

/** How often a request is tried, and the bounds of the backoff between tries. */
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
    return Math.min(retryAfterMs, policy.maxDelayMs);
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
  for (let attempt = 1; ; attempt++) {
    let failure: ArmOperationError;
    try {
      return await send();
    } catch (error) {
      failure = toArmOperationError(operation, error);
    }
    const delay = backoffDelayMs(policy, attempt, failure.details.retryAfterMs);
    const outOfTime = context.deadline.remainingMs() <= delay;
    if (!failure.details.transient || attempt >= policy.maxAttempts || outOfTime) {
      throw failure;
    }
    context.onRetry?.(
      `${failure.message}; retrying in ${(delay / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${policy.maxAttempts})`,
    );
    await clock.sleep(delay);
  }
}

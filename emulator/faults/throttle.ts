import type { RequestClass } from "../errors";
import type { EmulatorBehavior, TokenBucket } from "../types";

/**
 * ARM's subscription throttling, as token buckets per request class (reads, writes,
 * deletes). One set of buckets for the whole emulator: tests use one subscription.
 */

/** What x-ms-ratelimit-remaining-subscription-* says when a class is not throttled. */
const UNTHROTTLED_REMAINING: Readonly<Record<RequestClass, number>> = {
  read: 11999,
  write: 1199,
  delete: 14999,
};

/** When a bucket never refills, the longest Retry-After worth saying. */
const MAX_RETRY_AFTER_SECONDS = 3600;

class Bucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly config: TokenBucket,
    now: number,
  ) {
    this.tokens = config.capacity;
    this.refilledAt = now;
  }

  private refill(now: number): void {
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(
      this.config.capacity,
      this.tokens + elapsedSeconds * this.config.refillPerSecond,
    );
    this.refilledAt = now;
  }

  take(now: number): ThrottleDecision {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true, remaining: Math.floor(this.tokens) };
    }
    const secondsToNextToken =
      this.config.refillPerSecond > 0
        ? Math.ceil((1 - this.tokens) / this.config.refillPerSecond)
        : MAX_RETRY_AFTER_SECONDS;
    return {
      allowed: false,
      retryAfterSeconds: Math.min(Math.max(1, secondsToNextToken), MAX_RETRY_AFTER_SECONDS),
    };
  }
}

export type ThrottleDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

const BEHAVIOR_KEYS: Readonly<Record<RequestClass, "reads" | "writes" | "deletes">> = {
  read: "reads",
  write: "writes",
  delete: "deletes",
};

export class Throttle {
  private buckets = new Map<RequestClass, Bucket>();

  constructor(private readonly clock: () => number) {}

  /** Starts every configured bucket full. */
  configure(config: EmulatorBehavior["throttle"]): void {
    this.buckets = new Map();
    for (const requestClass of Object.keys(BEHAVIOR_KEYS) as RequestClass[]) {
      const bucket = config?.[BEHAVIOR_KEYS[requestClass]];
      if (bucket) {
        this.buckets.set(requestClass, new Bucket(bucket, this.clock()));
      }
    }
  }

  take(requestClass: RequestClass): ThrottleDecision {
    const bucket = this.buckets.get(requestClass);
    return bucket
      ? bucket.take(this.clock())
      : { allowed: true, remaining: UNTHROTTLED_REMAINING[requestClass] };
  }
}

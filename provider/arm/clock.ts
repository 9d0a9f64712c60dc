/** Time, injectable so that waiting logic is tested without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** An operation's time budget; the dynamic-provider protocol passes no customTimeouts. */
export class Deadline {
  private readonly startedAt: number;

  constructor(
    readonly budgetMs: number,
    private readonly clock: Clock = realClock,
  ) {
    this.startedAt = clock.now();
  }

  elapsedMs(): number {
    return this.clock.now() - this.startedAt;
  }

  remainingMs(): number {
    return Math.max(0, this.budgetMs - this.elapsedMs());
  }

  expired(): boolean {
    return this.remainingMs() <= 0;
  }

  /** Sleeps for `ms`, but never past the deadline. */
  sleep(ms: number): Promise<void> {
    return this.clock.sleep(Math.min(ms, this.remainingMs()));
  }
}

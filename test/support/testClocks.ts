import { strict as assert } from "node:assert";
import type { Clock } from "../../provider/arm/clock";

/**
 * Clocks for a provider under test (ProviderOptions.clock), so that no assertion depends on how
 * fast the machine is: the provider's deadlines and waits run on virtual time, while its requests
 * still go to the emulator over HTTPS.
 */

/** Time moves only when the provider sleeps: every wait ends at once, by the amount it asked. */
export class SteppingClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(public time = Date.UTC(2025, 0, 1)) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += Math.max(0, ms);
  }

  /** Time passing without a wait of the provider's (a test's "meanwhile"). */
  advance(ms: number): void {
    this.time += ms;
  }

  /** Virtual milliseconds the provider has waited in all. */
  get slept(): number {
    return this.sleeps.reduce((a, b) => a + b, 0);
  }
}

/**
 * Time moves only when the test wakes the provider: each sleep waits until `wake()`, then the
 * clock moves by what it asked. The test decides when a wait ends, and what ARM looks like then.
 */
export class GatedClock implements Clock {
  readonly sleeps: number[] = [];
  private readonly asleep: (() => void)[] = [];

  constructor(public time = Date.UTC(2025, 0, 1)) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      this.asleep.push(() => {
        this.time += Math.max(0, ms);
        resolve();
      });
    });
  }

  /** How many sleeps are waiting for `wake()`. */
  get sleeping(): number {
    return this.asleep.length;
  }

  /** Ends the oldest waiting sleep. */
  wake(): void {
    const next = this.asleep.shift();
    assert.ok(next, "wake() with no sleep waiting");
    next();
  }
}

/**
 * Waits until `happened()` is true, checking every few milliseconds. The overall limit is
 * generous and only fails the test when the event never comes; it is no speed assertion.
 */
export async function waitFor(
  happened: () => boolean,
  what: string,
  limitMs = 20_000,
): Promise<void> {
  const giveUpAt = Date.now() + limitMs;
  while (!happened()) {
    if (Date.now() > giveUpAt) {
      assert.fail(`never happened: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

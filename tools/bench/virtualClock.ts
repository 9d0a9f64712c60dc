import type { Clock } from "../../provider/arm/clock";

/**
 * Virtual time for many concurrent waits: sleeps resolve in time order, and time jumps to the
 * next one only once every promise chain that can run has run. The unit tests' FakeClock
 * advances at each sleep, which is right for one wait and wrong for several.
 */
export class VirtualClock implements Clock {
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;

  constructor(public time = 0) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) =>
      this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve }),
    );
  }

  /** Fires timers in order until `work` settles; fails if nothing is scheduled and it has not. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return work;
      const next = this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq).shift();
      if (!next) throw new Error("nothing scheduled, and the work has not settled");
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
  }
}

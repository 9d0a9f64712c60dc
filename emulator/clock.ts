import { badRequest } from "./errors";

/**
 * The emulator's one clock: operations, tokens, throttling and the consumer's delayed removals
 * all read it. A test that must not race the machine's speed starts the emulator with
 * `virtualClock: true`, so that time stands still between its requests, and moves it with
 * `control.advanceClock(ms)`; on the wall clock, advanceClock skips ahead the same way.
 */
export interface EmulatorClock {
  now(): number;
  advance(ms: number): void;
}

export function emulatorClock(virtual: boolean): EmulatorClock {
  const frozenAt = Date.now();
  let offset = 0;
  return {
    now: () => (virtual ? frozenAt : Date.now()) + offset,
    advance(ms: number): void {
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
        throw badRequest(`ms must be a number of milliseconds >= 0 (got ${JSON.stringify(ms)})`);
      }
      offset += ms;
    },
  };
}

import { createHash } from "node:crypto";
import type { EmulatorBehavior } from "./types";

/**
 * How long an operation takes, and the named timing profiles.
 *
 * Source: the az CLI recording of a Managed HSM private endpoint connection
 * (test_hsm_private_endpoint_connection.yaml, `date` headers, 2022-05-26):
 * - DELETE 08:32:05 answered 202 + Location, no Retry-After; the first poll, 08:32:35, got 204:
 *   the delete took at most 30 s.
 * - PUT 08:30:00 answered 200 Updating + Azure-AsyncOperation, no Retry-After; GET still
 *   Updating at 08:30:16, Succeeded at 08:30:48 (16-48 s). PUT 08:30:52: Updating at 08:31:26,
 *   Succeeded at 08:31:57 (34-65 s). So a PUT stays Updating somewhere in 16-65 s.
 */

/**
 * Where an operation falls inside [min, max]: a hash of its kind and connection, so a run is
 * reproducible, one connection's PUT and DELETE are independent, and many connections spread
 * uniformly over the range (the recording gives bounds only, so no shape inside them is
 * more justified than uniform).
 */
function spreadFraction(kind: string, connectionKey: string): number {
  const digest = createHash("sha256").update(`${kind}\n${connectionKey}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** The operation's duration in the emulator's time: the profile's, times timeScale. */
export function operationDurationMs(
  kind: "put" | "delete",
  connectionKey: string,
  behavior: EmulatorBehavior,
): number {
  const min = kind === "put" ? behavior.putDurationMs : behavior.deleteDurationMs;
  const max = kind === "put" ? behavior.putDurationMaxMs : behavior.deleteDurationMaxMs;
  const spread = max === null || max <= min ? 0 : (max - min) * spreadFraction(kind, connectionKey);
  return Math.round((min + spread) * behavior.timeScale);
}

/**
 * Azure's timings as recorded (the emulator's default): no Retry-After on the DELETE, its polls
 * or the PUT; a PUT Updating for 16-65 s; a DELETE running 10-30 s. The recording bounds the
 * delete only from above (30 s); 10 s as its lower end is ours: the same service's PUTs were
 * still Updating after 16 s and 34 s, so a delete much quicker than 10 s would be faster than
 * anything recorded. With timeScale < 1 the same shapes run faster (0.1: a 65 s PUT in 6.5 s).
 */
export const REALISTIC_TIMINGS: Readonly<Partial<EmulatorBehavior>> = Object.freeze({
  putDurationMs: 16_000,
  putDurationMaxMs: 65_000,
  putRetryAfterSeconds: null,
  deleteDurationMs: 10_000,
  deleteDurationMaxMs: 30_000,
  deleteRetryAfterSeconds: null,
  timeScale: 1,
});

/**
 * Short waits for tests, demos and tools that are not about timing: every harness selects
 * this by name, so the defaults can stay realistic without slowing any suite. 150 ms still
 * shows every intermediate state (Updating, Deleting, a 202 poll) to a client that looks;
 * Retry-After 1 s is what the emulator answered by default before it followed the recording,
 * kept here so that tests written against it wait as they did. Kinder than Azure on purpose:
 * a test about waiting on Azure's timings uses REALISTIC_TIMINGS with a timeScale instead.
 */
export const FAST_TIMINGS: Readonly<Partial<EmulatorBehavior>> = Object.freeze({
  putDurationMs: 150,
  putDurationMaxMs: null,
  putRetryAfterSeconds: 1,
  deleteDurationMs: 150,
  deleteDurationMaxMs: null,
  deleteRetryAfterSeconds: 1,
  staleReadMs: 150,
  timeScale: 1,
});

export const TIMING_PROFILES = { realistic: REALISTIC_TIMINGS, fast: FAST_TIMINGS } as const;
export type TimingProfileName = keyof typeof TIMING_PROFILES;

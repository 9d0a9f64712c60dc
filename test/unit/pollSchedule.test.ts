import { strict as assert } from "node:assert";
import {
  GRID_PERIOD_MS,
  RECORDED_RANGES,
  chanceFinishedSince,
  unhintedWaitMs,
} from "../../provider/arm/pollSchedule";
import { simulateWaits, type SimulatedWait } from "../../tools/bench/simulatedWaits";
import { median } from "../../tools/bench/stats";

/** Durations every 0.25 s across a range: where a real operation's end falls is unknown. */
function across(kind: "delete" | "put", fromMs: number, toMs: number): SimulatedWait[] {
  const waits: SimulatedWait[] = [];
  for (let d = fromMs; d <= toMs; d += 250) waits.push({ kind, durationMs: d, roundTripMs: 80 });
  return waits;
}

/** Polls a 2-s poller sends for a D-second operation: one at each 2 s until one sees it done. */
function twoSecondPolls(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs / 2000));
}

describe("poll schedule (no Retry-After)", () => {
  it("polls on a 2.5 s grid from the start, without drifting after slow answers", () => {
    let elapsed = 0;
    const polls: number[] = [];
    for (let i = 0; i < 8; i++) {
      elapsed += unhintedWaitMs(elapsed);
      polls.push(elapsed);
      elapsed += 300; // the round trip
    }
    assert.deepEqual(polls, [2500, 5000, 7500, 10_000, 12_500, 15_000, 17_500, 20_000]);
    // An answer arriving just before a grid point skips it rather than poll twice in a row.
    assert.equal(unhintedWaitMs(4800), 2700);
  });

  it("past the recorded range waits a tenth of the elapsed time, at most 30 s", () => {
    assert.equal(unhintedWaitMs(80_000), 8000);
    assert.equal(unhintedWaitMs(200_000), 20_000);
    assert.equal(unhintedWaitMs(1_000_000), 30_000);
  });

  it("DELETE within the recorded 30 s: median overshoot <= 1.5 s, max <= 3 s, no more requests than the SDK's 2-s poller", async () => {
    const waits = across("delete", 1000, RECORDED_RANGES.delete.toMs);
    const { outcomes } = await simulateWaits(waits);
    const overshoots = outcomes.map((o) => o.overshootMs);
    assert.ok(median(overshoots) <= 1500, `median ${median(overshoots)}`);
    assert.ok(Math.max(...overshoots) <= 3000, `max ${Math.max(...overshoots)}`);
    outcomes.forEach((o, i) => {
      // Ours: GETs of the connection until it answers 404. The SDK's poller: a poll right
      // after the 202, then every 2 s (it sends no confirming GET).
      const sdk = 1 + twoSecondPolls(waits[i].durationMs);
      assert.ok(o.reads <= sdk, `${waits[i].durationMs} ms: ${o.reads} reads vs ${sdk}`);
    });
    // From 10 s on, even against a bare 2-s poller that never confirms.
    outcomes.forEach((o, i) => {
      if (waits[i].durationMs >= 10_000) {
        assert.ok(o.reads <= twoSecondPolls(waits[i].durationMs), `${waits[i].durationMs} ms`);
      }
    });
  });

  it("PUT Updating 16-65 s as recorded: median <= 1.5 s, max <= 3 s, adopting GET + polls <= a 2-s GET loop", async () => {
    const waits = across("put", RECORDED_RANGES.put.fromMs, RECORDED_RANGES.put.toMs);
    const { outcomes } = await simulateWaits(waits);
    const overshoots = outcomes.map((o) => o.overshootMs);
    assert.ok(median(overshoots) <= 1500, `median ${median(overshoots)}`);
    assert.ok(Math.max(...overshoots) <= 3000, `max ${Math.max(...overshoots)}`);
    outcomes.forEach((o, i) => {
      const ours = 1 + o.reads; // the GET before the PUT
      const loop = twoSecondPolls(waits[i].durationMs);
      assert.ok(ours <= loop, `${waits[i].durationMs} ms: ${ours} vs ${loop}`);
    });
  });

  it("stays sane far outside the ranges: 2 s and 5 min overshoot <= max(3 s, 10 %)", async () => {
    for (const kind of ["delete", "put"] as const) {
      const waits = [2000, 300_000].map((durationMs) => ({ kind, durationMs, roundTripMs: 80 }));
      const { outcomes } = await simulateWaits(waits);
      outcomes.forEach((o, i) => {
        const allowed = Math.max(3000, waits[i].durationMs / 10);
        assert.ok(o.overshootMs <= allowed, `${kind} ${waits[i].durationMs}: ${o.overshootMs}`);
      });
    }
  });

  it("still honours Retry-After when ARM sends one", async () => {
    const { outcomes } = await simulateWaits([
      { kind: "delete", durationMs: 10_000, retryAfterMs: 5000 },
      { kind: "put", durationMs: 10_000, retryAfterMs: 5000 },
    ]);
    // Polls at 5 and 10 s, then the confirming GET / nothing more.
    assert.deepEqual(
      outcomes.map((o) => o.reads),
      [3, 2],
    );
    assert.ok(GRID_PERIOD_MS < 5000);
  });

  it("ranks an operation inside its recorded range above one that cannot have ended yet", () => {
    const put = RECORDED_RANGES.put;
    const young = chanceFinishedSince(put, 2500, 5000);
    const inRange = chanceFinishedSince(put, 30_000, 32_500);
    assert.ok(inRange > 5 * young, `${inRange} vs ${young}`);
    // A look that just came back knows nothing new; one that never looked is the likeliest.
    assert.equal(chanceFinishedSince(put, 40_000, 40_000), 0);
    assert.ok(chanceFinishedSince(RECORDED_RANGES.delete, 0, 20_000) > 0.5);
    // Past the range the chance never reaches zero, so a long operation is never starved.
    assert.ok(chanceFinishedSince(put, 600_000, 660_000) > 0.05);
  });
});

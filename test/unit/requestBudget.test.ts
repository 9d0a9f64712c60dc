import { strict as assert } from "node:assert";
import { GRID_PERIOD_MS, RECORDED_RANGES } from "../../provider/arm/pollSchedule";
import { newArmBudget, takeTurn } from "../../provider/arm/armBudget";
import {
  DEFAULT_READ_BUDGET,
  FIXED_POLL_VARIABLE,
  READS_PER_SECOND_VARIABLE,
  hostPacing,
  readBudgetSettings,
} from "../../provider/arm/readBudget";
import { RequestBudget } from "../../provider/arm/requestBudget";
import { simulateWaits, type SimulatedWait } from "../../tools/bench/simulatedWaits";
import { VirtualClock } from "../../tools/bench/virtualClock";
import { Deadline } from "../../provider/arm/clock";
import type { ConnectionsApi } from "../../provider/arm/connectionsApi";
import { waitUntilDeleted } from "../../provider/arm/deleteWait";
import { DeadlineExceededError, operationWaitMs } from "../../provider/arm/lro";
import { REF, connection } from "./support/fakes";

/** The most reads inside any window of `windowMs`. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** N operations whose ends spread evenly over [fromMs, toMs] (golden-ratio order). */
function bulk(kind: "delete" | "put", n: number, fromMs: number, toMs: number): SimulatedWait[] {
  return Array.from({ length: n }, (_, i) => ({
    kind,
    durationMs: fromMs + (toMs - fromMs) * ((i * 0.618034) % 1),
    roundTripMs: 50,
  }));
}

describe("request budget", () => {
  it("grants at once while it has reads, then at its refill rate", async () => {
    const clock = new VirtualClock();
    const budget = new RequestBudget({ perSecond: 4, burst: 2 }, clock);
    const granted: number[] = [];
    const claim = { range: RECORDED_RANGES.delete, elapsedMs: () => clock.now(), lastLookMs: 0 };
    await clock.run(
      Promise.all(
        Array.from({ length: 6 }, () => budget.take(claim).then(() => granted.push(clock.now()))),
      ),
    );
    assert.deepEqual(granted, [0, 0, 250, 500, 750, 1000]);
    assert.equal(budget.waiting, 0);
  });

  it("lets a claim go (false) within a token's interval once its deadline passes in line", async () => {
    const clock = new VirtualClock();
    const budget = new RequestBudget({ perSecond: 1, burst: 1 }, clock);
    const claim = (deadlineMs: number) => ({
      range: RECORDED_RANGES.delete,
      elapsedMs: () => clock.now(),
      lastLookMs: 0,
      outOfTime: () => clock.now() >= deadlineMs,
    });
    const outcomes: string[] = [];
    const ask = (name: string, deadlineMs: number) =>
      budget
        .take(claim(deadlineMs))
        .then((granted) => outcomes.push(`${name} ${granted} at ${clock.now()}`));
    await clock.run(Promise.all([ask("first", 10_000), ask("short", 500), ask("long", 10_000)]));
    assert.deepEqual(outcomes, ["first true at 0", "short false at 1000", "long true at 1000"]);
    assert.equal(budget.waiting, 0);
  });

  it("waits whose deadline passes in line for a read fail with their own message by then, not when a read frees up", async () => {
    const clock = new VirtualClock();
    const budget = newArmBudget({ perSecond: 1, burst: 1 }, clock);
    const api = {
      get: async () => {
        (await takeTurn(budget, "reads", "GET")).answered({ status: 200 });
        return connection({ provisioningState: "Deleting" });
      },
      poll: async () => {
        throw new Error("the operation URL is not asked while the connection shows Deleting");
      },
    } as unknown as ConnectionsApi;
    const ended: number[] = [];
    const wait = (i: number) =>
      waitUntilDeleted(
        api,
        { ...REF, connectionName: `conn-${i}` },
        { kind: "accepted", pollUrl: `op/${i}`, style: "location" },
        new Deadline(10_000, clock),
        () => undefined,
      ).finally(() => ended.push(clock.now()));
    const outcomes = await clock.run(
      Promise.allSettled(Array.from({ length: 30 }, (_, i) => wait(i))),
    );
    outcomes.forEach((o, i) => {
      assert.equal(o.status, "rejected");
      const error = (o as PromiseRejectedResult).reason as Error;
      assert.ok(error instanceof DeadlineExceededError, String(error));
      assert.ok(error.message.includes(`(operation: op/${i})`), error.message);
    });
    // In line at 10 s, let go within one token's interval (1 s here), not when a read frees up.
    assert.ok(Math.max(...ended) <= 11_000, `the last ended at ${Math.max(...ended)} ms`);
  });

  it("gives a short read to the wait most likely to have finished, not the first in line", async () => {
    const clock = new VirtualClock(30_000);
    const budget = new RequestBudget({ perSecond: 1, burst: 1 }, clock);
    await budget.take({ range: RECORDED_RANGES.put, elapsedMs: () => 0, lastLookMs: 0 });
    const order: string[] = [];
    const ask = (name: string, elapsedMs: number, lastLookMs: number) =>
      budget
        .take({ range: RECORDED_RANGES.put, elapsedMs: () => elapsedMs, lastLookMs })
        .then(() => order.push(name));
    await clock.run(
      Promise.all([
        ask("PUT 5 s old, looked at 2.5 s", 5000, 2500),
        ask("PUT 40 s old, looked at 30 s", 40_000, 30_000),
        ask("PUT 70 s old, looked at 67.5 s", 70_000, 67_500),
      ]),
    );
    assert.deepEqual(order, [
      "PUT 40 s old, looked at 30 s",
      "PUT 70 s old, looked at 67.5 s",
      "PUT 5 s old, looked at 2.5 s",
    ]);
  });

  it("200 DELETEs and 200 PUTs through the real waits never read faster than the budget, and all finish", async () => {
    const settings = DEFAULT_READ_BUDGET;
    for (const waits of [
      bulk("delete", 200, 1000, RECORDED_RANGES.delete.toMs),
      bulk("put", 200, RECORDED_RANGES.put.fromMs, RECORDED_RANGES.put.toMs),
    ]) {
      const { outcomes, readTimes, endMs } = await simulateWaits(waits, (clock) =>
        newArmBudget(settings, clock),
      );
      assert.ok(busiestWindow(readTimes, 1000) <= settings.burst + settings.perSecond);
      assert.ok(busiestWindow(readTimes, 10_000) <= settings.burst + 10 * settings.perSecond);
      assert.ok(outcomes.every((o) => o.overshootMs >= 0));
      const longest = Math.max(...waits.map((w) => w.durationMs));
      // Everything done; the reads it takes bound how soon (see readBudget.ts).
      const readBound = (readTimes.length - settings.burst) / settings.perSecond;
      assert.ok(endMs >= longest && endMs / 1000 >= readBound - 1, `${endMs} ms`);
      // Without the budget the same waits read far faster than ARM's refill of 25/s.
      const unbudgeted = await simulateWaits(waits);
      assert.ok(busiestWindow(unbudgeted.readTimes, 1000) > 25);
    }
  });

  it("a PUT bulk ends within a round of the longest operation: reads go where operations end", async () => {
    const waits = bulk("put", 200, RECORDED_RANGES.put.fromMs, RECORDED_RANGES.put.toMs);
    const { endMs } = await simulateWaits(waits, (clock) =>
      newArmBudget(DEFAULT_READ_BUDGET, clock),
    );
    const longest = Math.max(...waits.map((w) => w.durationMs));
    assert.ok(endMs <= longest * 1.1, `${endMs} vs ${longest}`);
  });

  it("a DELETE bulk costs one read per connection after its end, so the last is found within 1.15× of the longest", async () => {
    const waits = bulk("delete", 200, 10_000, RECORDED_RANGES.delete.toMs);
    const { endMs, outcomes } = await simulateWaits(waits, (clock) =>
      newArmBudget(DEFAULT_READ_BUDGET, clock),
    );
    const longest = Math.max(...waits.map((w) => w.durationMs));
    assert.ok(endMs <= longest * 1.15, `${endMs} vs ${longest}`);
    // Each wait's reads: the GETs that saw it Deleting, one every grid period at most, and the 404.
    outcomes.forEach((o, i) => {
      const lookedWhileRunning = Math.floor(waits[i].durationMs / GRID_PERIOD_MS);
      assert.ok(
        o.reads <= lookedWhileRunning + 1,
        `${o.reads} reads for ${waits[i].durationMs} ms`,
      );
    });
  });

  it(`reads ${READS_PER_SECOND_VARIABLE}, scaling the burst with it, and refuses a bad value by name`, () => {
    assert.deepEqual(readBudgetSettings({}), DEFAULT_READ_BUDGET);
    assert.deepEqual(readBudgetSettings({ [READS_PER_SECOND_VARIABLE]: "6" }), {
      perSecond: 6,
      burst: 80,
      beforeFirstAnswer: 1,
    });
    for (const bad of ["0", "-1", "fast"]) {
      assert.throws(
        () => readBudgetSettings({ [READS_PER_SECOND_VARIABLE]: bad }),
        new RegExp(
          `${READS_PER_SECOND_VARIABLE} must be a number of reads per second > 0 \\(got '${bad}'\\)`,
        ),
      );
    }
  });

  it("one budget per subscription and principal; a fixed interval (for comparisons) replaces the schedule and the budget", () => {
    const first = hostPacing({}).budget?.("https://arm sub-a client-a");
    assert.ok(first?.reads instanceof RequestBudget);
    assert.equal(hostPacing({}).budget?.("https://arm SUB-A client-a"), first);
    assert.notEqual(hostPacing({}).budget?.("https://arm sub-a client-b"), first);
    assert.notEqual(hostPacing({}).budget?.("https://arm sub-b client-a"), first);
    const fixed = hostPacing({ [FIXED_POLL_VARIABLE]: "2" });
    assert.deepEqual(fixed, { fixedIntervalMs: 2000 });
    assert.equal(operationWaitMs(undefined, 10_000, fixed), 2000);
    assert.equal(operationWaitMs(5000, 10_000, fixed), 5000, "Retry-After still wins");
    assert.equal(operationWaitMs(undefined, 10_000), 2500);
    assert.throws(
      () => hostPacing({ [FIXED_POLL_VARIABLE]: "soon" }),
      new RegExp(`${FIXED_POLL_VARIABLE} must be a number of seconds > 0 \\(got 'soon'\\)`),
    );
  });
});

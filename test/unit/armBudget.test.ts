import { strict as assert } from "node:assert";
import type { PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { Throttle } from "../../emulator/faults/throttle";
import {
  BudgetOutOfTimeError,
  DEFAULT_BUDGETS,
  newArmBudget,
  requestClassOf,
  takeTurn,
  withClaim,
  type ArmBudget,
} from "../../provider/arm/armBudget";
import { budgetPolicy } from "../../provider/arm/budgetPolicy";
import { Deadline } from "../../provider/arm/clock";
import { RECORDED_RANGES } from "../../provider/arm/pollSchedule";
import { FIRST_ANSWER_WAIT_MS, RequestBudget, type Claim } from "../../provider/arm/requestBudget";
import { withRetry } from "../../provider/arm/retry";
import { VirtualClock } from "../../tools/bench/virtualClock";
import { restError } from "./support/fakes";

const ROUND_TRIP_MS = 40;

/**
 * `n` writes through the budget against the emulator's own token bucket (capacity, refill), at
 * most `concurrency` at a time, each retried after a 429 by withRetry as the provider does.
 */
async function writesAgainstBucket(
  n: number,
  concurrency: number,
  bucket: { capacity: number; refillPerSecond: number },
  roundTripMs: (i: number) => number = () => ROUND_TRIP_MS,
) {
  const clock = new VirtualClock();
  const budget = newArmBudget(DEFAULT_BUDGETS.reads, clock);
  const throttle = new Throttle(() => clock.now());
  throttle.configure({ writes: bucket });
  let throttled = 0;
  let sent = 0;
  let asked = 0;
  const put = async () => {
    const turn = await takeTurn(budget, "writes", "PUT x");
    const roundTrip = roundTripMs(asked++);
    await clock.sleep(roundTrip / 2);
    const decision = throttle.take("write");
    sent += 1;
    await clock.sleep(roundTrip / 2);
    if (decision.allowed) {
      turn.answered({ status: 200, remaining: decision.remaining });
      return;
    }
    throttled += 1;
    turn.answered({ status: 429, retryAfterMs: decision.retryAfterSeconds * 1000 });
    throw restError(429, { headers: { "retry-after": String(decision.retryAfterSeconds) } });
  };
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next += 1;
      const deadline = new Deadline(600_000, clock);
      await withRetry("PUT x", { deadline, clock }, put);
    }
  };
  await clock.run(Promise.all(Array.from({ length: concurrency }, worker)));
  return { wallMs: clock.now(), throttled, sent, perSecond: budget.writes.perSecond };
}

describe("ARM budget: one per subscription and principal, every request through it", () => {
  it("counts GET and HEAD as reads, DELETE as deletes, every other method as writes", () => {
    assert.equal(requestClassOf("get"), "reads");
    assert.equal(requestClassOf("HEAD"), "reads");
    assert.equal(requestClassOf("DELETE"), "deletes");
    assert.equal(requestClassOf("PUT"), "writes");
    assert.equal(requestClassOf("POST"), "writes");
    assert.equal(requestClassOf("PATCH"), "writes");
  });

  it("leaves part of each of ARM's documented buckets and refills below ARM", () => {
    const arm = {
      reads: { capacity: 250, refill: 25 },
      writes: { capacity: 200, refill: 10 },
      deletes: { capacity: 200, refill: 10 },
    };
    for (const [name, bucket] of Object.entries(arm)) {
      const ours = DEFAULT_BUDGETS[name as keyof typeof arm];
      assert.ok(ours.burst <= bucket.capacity * 0.9, `${name} burst ${ours.burst}`);
      assert.ok(ours.perSecond <= bucket.refill * 0.9, `${name} ${ours.perSecond}/s`);
    }
  });

  it("a 429 holds every request of its class until its Retry-After, and only that class", async () => {
    const clock = new VirtualClock();
    const budget = newArmBudget({ perSecond: 10, burst: 10 }, clock);
    const first = await takeTurn(budget, "writes", "PUT a");
    first.answered({ status: 429, retryAfterMs: 3000 });
    const granted: string[] = [];
    const ask = (cls: "reads" | "writes") =>
      takeTurn(budget, cls, cls).then(() => granted.push(`${cls} at ${clock.now()}`));
    await clock.run(Promise.all([ask("writes"), ask("reads"), ask("writes")]));
    // Reads go on; one write tries again at the Retry-After, the next at the budget's pace.
    assert.deepEqual(granted.slice(0, 2), ["reads at 0", "writes at 3000"]);
    assert.match(granted[2], /^writes at 3[1-9]\d\d$/);
  });

  it("never holds more tokens than ARM says it has left, less what is in flight and the reserve", async () => {
    const clock = new VirtualClock();
    const budget = new RequestBudget({ perSecond: 1, burst: 100 }, clock);
    await budget.take();
    await budget.take();
    budget.answered({ status: 200, remaining: 3 });
    // 3 left in ARM, 1 of ours still on its way there, 1 kept back: one more may go now, the
    // next in 1 s.
    const granted: number[] = [];
    await clock.run(
      Promise.all([1, 2].map(() => budget.take().then(() => granted.push(clock.now())))),
    );
    assert.deepEqual(granted, [0, 1000]);
  });

  it("keeps a tenth of ARM's bucket (at least one request) for others", async () => {
    for (const [capacity, reserve] of [
      [250, 25],
      [200, 20],
      [5, 1],
    ]) {
      const clock = new VirtualClock();
      const budget = new RequestBudget({ perSecond: 0.001, burst: 1000 }, clock);
      await budget.take();
      budget.answered({ status: 200, remaining: capacity - 1 });
      let granted = 0;
      const takes = Array.from({ length: capacity }, () => budget.take().then(() => granted++));
      // Virtual time stands still: only what the budget lets go at once is granted.
      await clock.run(Promise.race([Promise.all(takes), clock.sleep(0)]));
      assert.equal(granted, capacity - 1 - reserve, `capacity ${capacity}`);
    }
  });

  it("sends one request of a class until ARM answers it, then as much as ARM has left", async () => {
    const clock = new VirtualClock();
    const budget = newArmBudget(DEFAULT_BUDGETS.reads, clock);
    const throttle = new Throttle(() => clock.now());
    throttle.configure({ writes: { capacity: 5, refillPerSecond: 0.001 } });
    const outcomes: string[] = [];
    const put = async () => {
      const turn = await takeTurn(budget, "writes", "PUT x");
      await clock.sleep(ROUND_TRIP_MS);
      const decision = throttle.take("write");
      outcomes.push(`${decision.allowed ? 200 : 429} at ${clock.now()}`);
      turn.answered(
        decision.allowed
          ? { status: 200, remaining: decision.remaining }
          : { status: 429, retryAfterMs: 1000 },
      );
    };
    // Eight at once, as the approval policy starts them; the budget's burst is 180.
    // Until the budget's own refill (9/s) would let the next go.
    await clock.run(Promise.race([Promise.all(Array.from({ length: 8 }, put)), clock.sleep(100)]));
    // The first alone; then the 4 ARM had left, less the one kept back; none answered 429.
    assert.deepEqual(outcomes, ["200 at 40", "200 at 80", "200 at 80", "200 at 80"]);
  });

  it("serves a request that is not a wait's look before the waits in line", async () => {
    const clock = new VirtualClock(30_000);
    const budget = new RequestBudget({ perSecond: 1, burst: 1 }, clock);
    await budget.take();
    const order: string[] = [];
    const poll = { range: RECORDED_RANGES.put, elapsedMs: () => 40_000, lastLookMs: 30_000 };
    await clock.run(
      Promise.all([
        budget.take(poll).then(() => order.push("poll")),
        budget.take({}).then(() => order.push("adopting GET")),
        budget.take(poll).then(() => order.push("poll")),
      ]),
    );
    assert.deepEqual(order, ["adopting GET", "poll", "poll"]);
  });

  it("a request whose deadline passes in line is not sent, and says so", async () => {
    const clock = new VirtualClock();
    const budget = newArmBudget({ perSecond: 0.5, burst: 1 }, clock);
    await takeTurn(budget, "reads", "GET first");
    const deadline = new Deadline(1500, clock);
    const failure = await clock.run(
      withClaim({ outOfTime: () => deadline.expired() }, () =>
        takeTurn(budget, "reads", "GET /connections/a").then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );
    assert.ok(failure instanceof BudgetOutOfTimeError);
    assert.match(failure.message, /GET \/connections\/a was not sent: its timeout passed/);
    assert.ok(clock.now() <= 2500, `let go at ${clock.now()} ms`);
  });

  it("200 first reads against ARM's read bucket (250, 25/s) all leave within two round trips, none answered 429", async () => {
    const clock = new VirtualClock();
    const budget = newArmBudget(DEFAULT_BUDGETS.reads, clock);
    const throttle = new Throttle(() => clock.now());
    throttle.configure({ reads: { capacity: 250, refillPerSecond: 25 } });
    const sentAt: number[] = [];
    let throttled = 0;
    const get = async () => {
      const turn = await takeTurn(budget, "reads", "GET");
      sentAt.push(clock.now());
      await clock.sleep(ROUND_TRIP_MS);
      const decision = throttle.take("read");
      if (!decision.allowed) throttled += 1;
      turn.answered(
        decision.allowed
          ? { status: 200, remaining: decision.remaining }
          : { status: 429, retryAfterMs: 1000 },
      );
    };
    // The parent check's read first (alone), then the creates' 200 reads at once.
    await clock.run(get());
    await clock.run(Promise.all(Array.from({ length: 200 }, get)));
    assert.equal(throttled, 0);
    assert.ok(Math.max(...sentAt) <= 2 * ROUND_TRIP_MS, `last read left at ${Math.max(...sentAt)}`);
  });

  it("creates the engine sends over seconds get their reads at once, though the first ones' polls have begun", async () => {
    const clock = new VirtualClock();
    const budget = newArmBudget(DEFAULT_BUDGETS.reads, clock);
    const read = async (claim: Claim) => {
      const turn = await withClaim(claim, () => takeTurn(budget, "reads", "GET"));
      turn.answered({ status: 200 });
    };
    const startDelays: number[] = [];
    // 200 creates, one every 25 ms (the engine's pace with checkpoints); each reads, then
    // polls its PUT on the 2.5-s grid for 15 s.
    const create = async (i: number) => {
      await clock.sleep(i * 25);
      const arrived = clock.now();
      await read({});
      startDelays.push(clock.now() - arrived);
      const started = clock.now();
      for (let look = 1; look <= 6; look++) {
        await clock.sleep(started + look * 2500 - clock.now());
        const lastLookMs = (look - 1) * 2500;
        await read({
          range: RECORDED_RANGES.put,
          elapsedMs: () => clock.now() - started,
          lastLookMs,
        });
      }
    };
    await clock.run(Promise.all(Array.from({ length: 200 }, (_, i) => create(i))));
    assert.ok(
      Math.max(...startDelays) <= 1,
      `a create's read waited ${Math.max(...startDelays)} ms`,
    );
  });

  it("a first request that ARM does not answer holds the rest no longer than FIRST_ANSWER_WAIT_MS", async () => {
    const clock = new VirtualClock();
    const budget = newArmBudget(DEFAULT_BUDGETS.reads, clock);
    await takeTurn(budget, "deletes", "DELETE unanswered");
    const granted: number[] = [];
    await clock.run(
      Promise.all(
        [1, 2, 3].map(() =>
          takeTurn(budget, "deletes", "DELETE").then(() => granted.push(clock.now())),
        ),
      ),
    );
    assert.deepEqual(granted, [FIRST_ANSWER_WAIT_MS, FIRST_ANSWER_WAIT_MS, FIRST_ANSWER_WAIT_MS]);
  });

  it("paces 200 writes to a write bucket of 5, refilling 5/s: at most 5 % answered 429, within 1.05x of N / refill", async () => {
    // Round trips of a few ms (a nearby ARM, the emulator) and of 40 ms; 8 at a time (the
    // approval policy) and one at a time.
    for (const [concurrency, roundTrip] of [
      [8, 40],
      [8, 4],
      [1, 4],
    ]) {
      const { wallMs, throttled, sent } = await writesAgainstBucket(
        200,
        concurrency,
        { capacity: 5, refillPerSecond: 5 },
        () => roundTrip,
      );
      const what = `${concurrency} at a time, ${roundTrip} ms round trips`;
      assert.equal(sent - throttled, 200);
      assert.ok(throttled <= 10, `${what}: ${throttled} of ${sent} writes answered 429`);
      assert.ok(wallMs <= 40_000 * 1.05, `${what}: ${wallMs} ms`);
    }
  });

  it("follows a bucket slower than the settings before ARM answers 429: it slows down at the reserve", async () => {
    const { throttled, perSecond } = await writesAgainstBucket(100, 1, {
      capacity: 50,
      refillPerSecond: 4,
    });
    assert.equal(throttled, 0);
    assert.ok(perSecond < 4.5, `${perSecond}/s`);
  });

  it("200 writes at once against ARM's documented write bucket (200, 10/s) are never throttled", async () => {
    const { throttled, wallMs } = await writesAgainstBucket(200, 200, {
      capacity: 200,
      refillPerSecond: 10,
    });
    assert.equal(throttled, 0);
    // The burst leaves a fifth of ARM's bucket; the rest goes at the budget's pace.
    assert.ok(wallMs <= 10_000, `${wallMs} ms`);
  });

  it("answers of 200 concurrent requests arriving out of ARM's order do not slow the budget", async () => {
    // Round trips from 0 to 3 s: the remaining counts arrive shuffled against the answers.
    const { throttled, perSecond } = await writesAgainstBucket(
      200,
      200,
      { capacity: 200, refillPerSecond: 10 },
      (i) => (i * 7919) % 3000,
    );
    assert.equal(throttled, 0);
    assert.equal(perSecond, DEFAULT_BUDGETS.writes.perSecond);
  });

  it("the pipeline policy takes a turn of the request's class and tells the budget ARM's answer", async () => {
    const clock = new VirtualClock();
    const budget: ArmBudget = newArmBudget({ perSecond: 10, burst: 10 }, clock);
    const policy = budgetPolicy(budget);
    const answer =
      (status: number, headers: Record<string, string>) =>
      async (request: PipelineRequest): Promise<PipelineResponse> => ({
        request,
        status,
        headers: createHttpHeaders(headers),
      });
    const del = createPipelineRequest({ url: "https://arm/x", method: "DELETE" });
    await policy.sendRequest(del, answer(429, { "retry-after": "2" }));
    const get = createPipelineRequest({ url: "https://arm/x", method: "GET" });
    await policy.sendRequest(
      get,
      answer(200, { "x-ms-ratelimit-remaining-subscription-reads": "0" }),
    );
    const granted: string[] = [];
    await clock.run(
      Promise.all([
        takeTurn(budget, "deletes", "DELETE").then(() => granted.push(`delete ${clock.now()}`)),
        takeTurn(budget, "reads", "GET").then(() => granted.push(`read ${clock.now()}`)),
        takeTurn(budget, "writes", "PUT").then(() => granted.push(`write ${clock.now()}`)),
      ]),
    );
    assert.deepEqual(granted.sort(), ["delete 2000", "read 100", "write 0"]);
  });
});

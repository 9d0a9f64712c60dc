import { strict as assert } from "node:assert";
import { Deadline } from "../../provider/arm/clock";
import type { ConnectionsApi } from "../../provider/arm/connectionsApi";
import { ArmOperationError } from "../../provider/arm/errors";
import { Gate } from "../../provider/policy/gate";
import { throttledPut } from "../../provider/policy/throttledPut";
import { Throttle } from "../../emulator/faults/throttle";
import { DEFAULT_BUDGETS, newArmBudget, takeTurn } from "../../provider/arm/armBudget";
import { applyWrites } from "../../provider/policy/applyWrites";
import type { PolicyInputs } from "../../provider/policy/rules";
import { VirtualClock } from "../../tools/bench/virtualClock";
import { FakeClock, REF, connection, fakeApi, harness, rejection } from "./support/fakes";

const throttled = () =>
  new ArmOperationError("PUT x", {
    statusCode: 429,
    code: "TooManyRequests",
    retryAfterMs: 2000,
    transient: true,
  });

describe("policy: writes under throttling", () => {
  const desired = { status: "Approved", description: "" };

  it("a write still throttled after the retry policy's attempts is queued again after Retry-After", async () => {
    const clock = new FakeClock();
    const api = fakeApi();
    api.put
      .onCall(0)
      .rejects(throttled())
      .onCall(1)
      .rejects(throttled())
      .onCall(2)
      .resolves({ state: connection({ status: "Approved" }) });
    const reports: string[] = [];
    const put = await throttledPut(
      api as unknown as ConnectionsApi,
      REF,
      desired,
      new Deadline(60_000, clock),
      (m) => reports.push(m),
    );
    assert.equal(put.state?.status, "Approved");
    assert.equal(api.put.callCount, 3);
    assert.deepEqual(clock.sleeps, [2000, 2000]);
    assert.match(reports[0], /throttling writes; .* waits 2s/);
  });

  it("a write still answered 409 ConflictError (a busy parent) waits for its turn, then succeeds", async () => {
    const clock = new FakeClock();
    const api = fakeApi();
    const busy = new ArmOperationError("PUT x", {
      statusCode: 409,
      code: "ConflictError",
      armMessage: "Please serialize the operations.",
      transient: true,
    });
    api.put
      .onCall(0)
      .rejects(busy)
      .onCall(1)
      .resolves({ state: connection({ status: "Approved" }) });
    const reports: string[] = [];
    const put = await throttledPut(
      api as unknown as ConnectionsApi,
      REF,
      desired,
      new Deadline(60_000, clock),
      (m) => reports.push(m),
    );
    assert.equal(put.state?.status, "Approved");
    assert.equal(api.put.callCount, 2);
    assert.deepEqual(clock.sleeps, [1000]);
    assert.match(reports[0], /busy with another operation; .* waits 1s/);
  });

  it("gives up at the deadline, with ARM's answer", async () => {
    const clock = new FakeClock();
    const api = fakeApi();
    api.put.rejects(throttled());
    const error = await rejection(
      throttledPut(
        api as unknown as ConnectionsApi,
        REF,
        desired,
        new Deadline(5000, clock),
        () => undefined,
      ),
    );
    assert.match(error.message, /HTTP 429: TooManyRequests/);
    assert.equal(api.put.callCount, 3);
  });

  it("any other failure is not retried here", async () => {
    const api = fakeApi();
    api.put.rejects(new ArmOperationError("PUT x", { statusCode: 400, code: "BadRequest" }));
    await rejection(
      throttledPut(
        api as unknown as ConnectionsApi,
        REF,
        desired,
        new Deadline(60_000, new FakeClock()),
        () => undefined,
      ),
    );
    assert.equal(api.put.callCount, 1);
  });

  it("a gate keeps at most its limit in flight, and runs everything", async () => {
    const gate = new Gate(2);
    let active = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        gate.run(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setImmediate(r));
          active--;
          return i;
        }),
      ),
    );
    assert.deepEqual(done, [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(peak, 2);
  });
});

describe("policy: writes paced by the process's write budget", () => {
  it("200 approvals against a write bucket of 5, refilling 5/s: at most 5 % answered 429, within 1.05x of N / refill", async () => {
    const clock = new VirtualClock();
    const budget = newArmBudget(DEFAULT_BUDGETS.reads, clock);
    const throttle = new Throttle(() => clock.now());
    throttle.configure({ writes: { capacity: 5, refillPerSecond: 5 } });
    let throttledPuts = 0;
    const api = fakeApi();
    // A PUT as the SDK client sends it: a turn in the budget, a round trip, ARM's bucket.
    api.put.callsFake(async () => {
      const turn = await takeTurn(budget, "writes", "PUT");
      await clock.sleep(5);
      const decision = throttle.take("write");
      if (!decision.allowed) {
        throttledPuts += 1;
        turn.answered({ status: 429, retryAfterMs: decision.retryAfterSeconds * 1000 });
        throw throttled();
      }
      turn.answered({ status: 200, remaining: decision.remaining });
      return { state: connection({ status: "Approved", provisioningState: "Succeeded" }) };
    });
    const h = harness({ clock: undefined });
    const ctx = { hook: { ...h.ctx, clock }, notice: () => undefined, maxConcurrentWrites: 8 };
    const writes = Array.from({ length: 200 }, (_, i) => ({
      name: `pe-${i}`,
      from: "Pending",
      to: "Approved" as const,
    }));
    const policy = { rules: [] } as unknown as PolicyInputs;
    const done = await clock.run(
      applyWrites(
        ctx,
        api as unknown as ConnectionsApi,
        REF,
        policy,
        writes,
        new Map(),
        new Deadline(600_000, clock),
      ),
    );
    assert.equal([...done.values()].filter((s) => s?.status === "Approved").length, 200);
    assert.ok(throttledPuts <= 10, `${throttledPuts} PUTs answered 429`);
    assert.ok(clock.now() <= 40_000 * 1.05, `${clock.now()} ms`);
  });
});

import { strict as assert } from "node:assert";
import { Deadline, realClock } from "../../provider/arm/clock";
import { FakeClock } from "./support/fakes";

describe("clock: Deadline", () => {
  it("counts elapsed and remaining time on its clock", () => {
    const clock = new FakeClock();
    const deadline = new Deadline(10_000, clock);
    assert.equal(deadline.elapsedMs(), 0);
    assert.equal(deadline.remainingMs(), 10_000);
    assert.equal(deadline.expired(), false);
    clock.advance(9999);
    assert.equal(deadline.remainingMs(), 1);
    clock.advance(1);
    assert.equal(deadline.expired(), true);
    clock.advance(5000);
    assert.equal(deadline.remainingMs(), 0, "never negative");
    assert.equal(deadline.elapsedMs(), 15_000);
  });

  it("never sleeps past the deadline", async () => {
    const clock = new FakeClock();
    const deadline = new Deadline(3000, clock);
    await deadline.sleep(2000);
    await deadline.sleep(2000);
    await deadline.sleep(2000);
    assert.deepEqual(clock.sleeps, [2000, 1000, 0]);
  });

  it("the real clock sleeps (0 ms here) and tells the time", async () => {
    const before = Date.now();
    await realClock.sleep(-5);
    assert.ok(realClock.now() >= before);
  });
});

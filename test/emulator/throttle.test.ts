import { strict as assert } from "node:assert";
import {
  APPROVE,
  connectionPath,
  seed,
  start,
  stopEmulatorsAfterEach,
  withApi,
} from "./support/emulator";
import { arm, armToken, header, json } from "./support/https";

describe("emulator throttling", () => {
  stopEmulatorsAfterEach();

  it("answers 429 SubscriptionRequestsThrottled with Retry-After once the writes bucket is empty", async () => {
    const emulator = await start({
      behavior: { throttle: { writes: { capacity: 2, refillPerSecond: 0.5 } } },
    });
    seed(emulator);
    await armToken(emulator);
    const path = withApi(connectionPath(emulator));
    const remaining: string[] = [];
    for (let i = 0; i < 2; i++) {
      const ok = await arm(emulator, "PUT", path, { body: APPROVE });
      assert.equal(ok.status, 200);
      remaining.push(header(ok, "x-ms-ratelimit-remaining-subscription-writes") ?? "");
    }
    assert.deepEqual(remaining, ["1", "0"]);
    const throttled = await arm(emulator, "PUT", path, { body: APPROVE });
    assert.equal(throttled.status, 429);
    assert.equal(
      json<{ error: { code: string } }>(throttled).error.code,
      "SubscriptionRequestsThrottled",
    );
    assert.equal(header(throttled, "retry-after"), "2", "one token at 0.5/s takes 2 s");
    // Reads have their own bucket, unthrottled here.
    assert.equal((await arm(emulator, "GET", path)).status, 200);
  });

  it("refills the bucket over time", async () => {
    const emulator = await start({
      behavior: { throttle: { deletes: { capacity: 1, refillPerSecond: 10 } } },
    });
    seed(emulator);
    emulator.control.createConnection({
      resourceGroupName: "rg-test",
      parentName: "hsm-test",
      connectionName: "pec-2",
    });
    await armToken(emulator);
    assert.equal((await arm(emulator, "DELETE", withApi(connectionPath(emulator)))).status, 202);
    const throttled = await arm(emulator, "DELETE", withApi(connectionPath(emulator, "pec-2")));
    assert.equal(throttled.status, 429);
    assert.equal(header(throttled, "retry-after"), "1");
    emulator.control.advanceClock(150);
    assert.equal(
      (await arm(emulator, "DELETE", withApi(connectionPath(emulator, "pec-2")))).status,
      202,
    );
  });

  it("throttles reads, and a behavior change refills and replaces the buckets", async () => {
    const emulator = await start();
    seed(emulator);
    await armToken(emulator);
    emulator.control.setBehavior({ throttle: { reads: { capacity: 1, refillPerSecond: 0 } } });
    const path = withApi(connectionPath(emulator));
    assert.equal((await arm(emulator, "GET", path)).status, 200);
    assert.equal((await arm(emulator, "GET", path)).status, 429);
    emulator.control.setBehavior({ throttle: null });
    assert.equal((await arm(emulator, "GET", path)).status, 200);
  });
});

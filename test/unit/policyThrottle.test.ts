import { strict as assert } from "node:assert";
import { Deadline } from "../../provider/arm/clock";
import type { ConnectionsApi } from "../../provider/arm/connectionsApi";
import { ArmOperationError } from "../../provider/arm/errors";
import { Gate } from "../../provider/policy/gate";
import { throttledPut } from "../../provider/policy/throttledPut";
import { FakeClock, REF, connection, fakeApi, rejection } from "./support/fakes";

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

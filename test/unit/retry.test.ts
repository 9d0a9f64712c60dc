import { strict as assert } from "node:assert";
import sinon from "sinon";
import { Deadline, realClock } from "../../provider/arm/clock";
import { ArmOperationError } from "../../provider/arm/errors";
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  withRetry,
  type RetryPolicy,
} from "../../provider/arm/retry";
import { FakeClock, rejection, restError } from "./support/fakes";

const POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 };

function setup(budgetMs = 600_000, policy: RetryPolicy = POLICY) {
  const clock = new FakeClock();
  const deadline = new Deadline(budgetMs, clock);
  const retries: string[] = [];
  return {
    clock,
    retries,
    context: { deadline, policy, clock, onRetry: (m: string) => void retries.push(m) },
  };
}

/** A send() that throws the given errors in turn, then answers "ok". */
function sequence(...errors: Error[]) {
  const send = sinon.stub<[], Promise<string>>();
  errors.forEach((error, i) => send.onCall(i).rejects(error));
  send.resolves("ok");
  return send;
}

describe("retry: withRetry", () => {
  let random: sinon.SinonStub<[], number>;
  beforeEach(() => {
    random = sinon.stub(Math, "random").returns(0.5);
  });
  afterEach(() => {
    random.restore();
  });

  it("answers at once when the first attempt succeeds", async () => {
    const { context, clock, retries } = setup();
    assert.equal(await withRetry("GET x", context, sequence()), "ok");
    assert.deepEqual(clock.sleeps, []);
    assert.deepEqual(retries, []);
  });

  it("retries 429 without Retry-After with capped exponential backoff and jitter", async () => {
    const { context, clock } = setup();
    const send = sequence(restError(429), restError(429), restError(429), restError(429));
    assert.equal(await withRetry("GET x", context, send), "ok");
    assert.equal(send.callCount, 5);
    // capped/2 + 0.5 * capped/2 for capped = 1000, 2000, 4000, 8000
    assert.deepEqual(clock.sleeps, [750, 1500, 3000, 6000]);
  });

  it("keeps the jittered delay within the upper half of the capped backoff", () => {
    for (const r of [0, 0.999999]) {
      random.returns(r);
      for (let attempt = 1; attempt <= 10; attempt++) {
        const capped = Math.min(1000 * 2 ** (attempt - 1), 8000);
        const delay = backoffDelayMs(POLICY, attempt);
        assert.ok(delay >= capped / 2 && delay <= capped, `attempt ${attempt}: ${delay}`);
      }
    }
  });

  it("honours Retry-After in seconds", async () => {
    const { context, clock } = setup();
    const send = sequence(restError(429, { headers: { "retry-after": "7" } }));
    assert.equal(await withRetry("GET x", context, send), "ok");
    assert.deepEqual(clock.sleeps, [7000]);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const timers = sinon.useFakeTimers({ now: Date.UTC(2025, 0, 1, 12, 0, 0), toFake: ["Date"] });
    try {
      const { context, clock } = setup();
      const send = sequence(
        restError(503, { headers: { "retry-after": "Wed, 01 Jan 2025 12:00:04 GMT" } }),
      );
      await withRetry("GET x", context, send);
      assert.deepEqual(clock.sleeps, [4000]);
    } finally {
      timers.restore();
    }
  });

  it("honours a Retry-After longer than the policy's maximum delay, whole", async () => {
    const { context, clock } = setup();
    const send = sequence(
      restError(429, { headers: { "retry-after": "120" } }),
      restError(429, { headers: { "retry-after": "120" } }),
    );
    assert.equal(await withRetry("GET x", context, send), "ok");
    assert.deepEqual(clock.sleeps, [120_000, 120_000]);
  });

  it("fails at once when Retry-After asks for more than the deadline leaves", async () => {
    const { context, clock } = setup(300_000);
    clock.advance(100_000);
    const send = sequence(
      restError(429, {
        code: "SubscriptionRequestsThrottled",
        message: "Number of requests exceeded the limit",
        headers: { "retry-after": "3600", "x-ms-request-id": "req-429" },
      }),
    );
    const error = await rejection(withRetry("GET x", context, send));
    assert.equal(send.callCount, 1);
    assert.deepEqual(clock.sleeps, []);
    assert.ok(error instanceof ArmOperationError);
    assert.equal(error.details.transient, false);
    for (const part of [
      "GET x failed: HTTP 429: SubscriptionRequestsThrottled",
      "Number of requests exceeded the limit",
      "x-ms-request-id: req-429",
      "ARM asked to wait 3600s (Retry-After)",
      "more than the 200s left of this operation's deadline",
    ]) {
      assert.ok(error.message.includes(part), `${part} in ${error.message}`);
    }
  });

  it("retries 409 AnotherOperationInProgress, from the error's code or the body's", async () => {
    const { context } = setup();
    const send = sequence(
      restError(409, { code: "AnotherOperationInProgress" }),
      restError(409, {
        body: { error: { code: "AnotherOperationInProgress", message: "busy" } },
      }),
    );
    assert.equal(await withRetry("PUT x", context, send), "ok");
    assert.equal(send.callCount, 3);
  });

  for (const code of [
    "PrivateEndpointConnectionAlreadyExists",
    "InvalidResourceState",
    undefined,
  ]) {
    it(`does not retry 409 with code ${code}`, async () => {
      const { context, clock } = setup();
      const send = sequence(restError(409, { code }));
      const error = await rejection(withRetry("PUT x", context, send));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(error.details.statusCode, 409);
      assert.equal(send.callCount, 1);
      assert.deepEqual(clock.sleeps, []);
    });
  }

  // ARM answers 409 Conflict while another operation holds the resource (a PUT during a
  // delete, two writers): retried within the bound, like AnotherOperationInProgress.
  it("retries 409 with the generic code Conflict, within the bound", async () => {
    const { context } = setup();
    const send = sequence(
      restError(409, { body: { error: { code: "Conflict", message: "being deleted" } } }),
    );
    assert.equal(await withRetry("PUT x", context, send), "ok");
    assert.equal(send.callCount, 2);
  });

  it("does not retry a 409 with another code", async () => {
    const { context } = setup();
    const send = sequence(
      restError(409, { body: { error: { code: "PrivateEndpointConnectionAlreadyExists" } } }),
    );
    await rejection(withRetry("PUT x", context, send));
    assert.equal(send.callCount, 1);
  });

  for (const status of [408, 500, 502, 503, 504]) {
    it(`retries ${status}`, async () => {
      const { context } = setup();
      const send = sequence(restError(status), restError(status));
      assert.equal(await withRetry("GET x", context, send), "ok");
      assert.equal(send.callCount, 3);
    });
  }

  for (const status of [400, 401, 403, 404, 412]) {
    it(`throws ${status} at once`, async () => {
      const { context, clock, retries } = setup();
      const send = sequence(restError(status, { code: "Nope" }));
      const error = await rejection(withRetry("GET x", context, send));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(error.details.statusCode, status);
      assert.equal(error.details.transient, false);
      assert.equal(error.operation, "GET x");
      assert.equal(send.callCount, 1);
      assert.deepEqual(clock.sleeps, []);
      assert.deepEqual(retries, []);
    });
  }

  it("retries requests that got no answer (connection reset, timeout), not other errors", async () => {
    const noAnswer = [
      restError(undefined, { code: "REQUEST_SEND_ERROR", message: "connect ECONNREFUSED" }),
      Object.assign(new Error("The operation was aborted"), { name: "AbortError" }),
      new Error("read ECONNRESET"),
      new Error("socket hang up"),
      new Error("connect ETIMEDOUT 10.0.0.1:443"),
    ];
    for (const failure of noAnswer) {
      const { context } = setup();
      const send = sequence(failure);
      assert.equal(await withRetry("GET x", context, send), "ok", failure.message);
    }
    const { context } = setup();
    const send = sequence(new TypeError("Cannot read properties of undefined"));
    await rejection(withRetry("GET x", context, send));
    assert.equal(send.callCount, 1);
  });

  it("does not retry credential failures", async () => {
    const { context } = setup();
    const failure = Object.assign(new Error("all credentials failed"), {
      name: "AggregateAuthenticationError",
    });
    const send = sequence(failure);
    const error = await rejection(withRetry("GET x", context, send));
    assert.match(error.message, /DefaultAzureCredential/);
    assert.equal(send.callCount, 1);
  });

  it("respects the transient flag of an ArmOperationError thrown by send", async () => {
    const { context } = setup();
    const transient = new ArmOperationError("GET x", { statusCode: 418, transient: true });
    const permanent = new ArmOperationError("GET x", { statusCode: 503, transient: false });
    assert.equal(await withRetry("GET x", context, sequence(transient)), "ok");
    const send = sequence(permanent);
    assert.equal(await rejection(withRetry("GET x", context, send)), permanent);
    assert.equal(send.callCount, 1);
  });

  it("stops after maxAttempts, throwing the last failure", async () => {
    const { context, clock, retries } = setup();
    const failures = [1, 2, 3, 4, 5, 6].map((n) =>
      restError(503, { headers: { "x-ms-request-id": `req-${n}` } }),
    );
    const send = sequence(...failures);
    const error = await rejection(withRetry("GET x", context, send));
    assert.ok(error instanceof ArmOperationError);
    assert.equal(error.details.requestId, "req-5");
    assert.equal(send.callCount, 5);
    assert.equal(clock.sleeps.length, 4);
    assert.equal(retries.length, 4);
  });

  it("retries a 429 past maxAttempts, honouring each Retry-After, while the deadline allows", async () => {
    const { context, clock } = setup(30_000);
    const throttled = () =>
      restError(429, { code: "SubscriptionRequestsThrottled", headers: { "retry-after": "1" } });
    const send = sequence(...Array.from({ length: 20 }, throttled));
    assert.equal(await withRetry("GET x", context, send), "ok");
    assert.equal(send.callCount, 21);
    assert.deepEqual(
      clock.sleeps,
      Array.from({ length: 20 }, () => 1000),
    );
  });

  it("gives up on 429s only when the next Retry-After no longer fits the deadline", async () => {
    const { context, clock } = setup(10_500);
    const throttled = () => restError(429, { headers: { "retry-after": "1" } });
    const send = sequence(...Array.from({ length: 30 }, throttled));
    const error = await rejection(withRetry("GET x", context, send));
    assert.ok(error instanceof ArmOperationError);
    assert.match(error.message, /Retry-After/);
    assert.equal(send.callCount, 11);
    assert.equal(clock.sleeps.length, 10);
  });

  it("gives up when the deadline cannot fit the next delay, without sleeping", async () => {
    const { context, clock } = setup(5000);
    const send = sequence(restError(429, { headers: { "retry-after": "6" } }));
    const error = await rejection(withRetry("GET x", context, send));
    assert.ok(error instanceof ArmOperationError);
    assert.equal(error.details.statusCode, 429);
    assert.equal(send.callCount, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it("retries while the deadline fits, then gives up", async () => {
    const { context, clock } = setup(10_000);
    const send = sequence(
      restError(503, { headers: { "retry-after": "4" } }),
      restError(503, { headers: { "retry-after": "4" } }),
      restError(503, { headers: { "retry-after": "4" } }),
    );
    await rejection(withRetry("GET x", context, send));
    assert.equal(send.callCount, 3);
    assert.deepEqual(clock.sleeps, [4000, 4000]);
  });

  it("tells onRetry each retry: what failed, the delay and the attempt", async () => {
    const { context, retries } = setup();
    const send = sequence(
      restError(429, { code: "TooManyRequests", headers: { "retry-after": "2" } }),
      restError(409, { code: "AnotherOperationInProgress", headers: { "retry-after": "3" } }),
    );
    await withRetry("PUT /x", context, send);
    assert.equal(retries.length, 2);
    assert.match(retries[0], /^PUT \/x failed: HTTP 429: TooManyRequests/);
    assert.match(retries[0], /retrying in 2\.0s \(attempt 2 until the deadline\)$/);
    assert.match(retries[1], /HTTP 409: AnotherOperationInProgress/);
    assert.match(retries[1], /retrying in 3\.0s \(attempt 3 of 5\)$/);
  });

  it("sleeps on the real clock when given none (Retry-After: 0 here)", async () => {
    const send = sequence(restError(503, { headers: { "retry-after": "0" } }));
    const sleep = sinon.spy(realClock, "sleep");
    try {
      assert.equal(await withRetry("GET x", { deadline: new Deadline(60_000) }, send), "ok");
    } finally {
      sleep.restore();
    }
    assert.equal(send.callCount, 2);
    assert.deepEqual(
      sleep.getCalls().map((call) => call.args[0]),
      [0],
      "one sleep on the real clock, as long as Retry-After says",
    );
  });

  it("defaults to 8 attempts, 1s base and 30s cap", async () => {
    assert.deepEqual(DEFAULT_RETRY_POLICY, {
      maxAttempts: 8,
      baseDelayMs: 1000,
      maxDelayMs: 30_000,
    });
    const clock = new FakeClock();
    const send = sequence(...Array.from({ length: 10 }, () => restError(500)));
    await rejection(withRetry("GET x", { deadline: new Deadline(3_600_000, clock), clock }, send));
    assert.equal(send.callCount, 8);
    assert.deepEqual(clock.sleeps, [750, 1500, 3000, 6000, 12_000, 22_500, 22_500]);
  });
});

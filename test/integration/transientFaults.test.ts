import { strict as assert } from "node:assert";
import type { FaultRule } from "../../emulator";
import {
  armRequests,
  HSM,
  inputsFor,
  RG,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";

interface Case {
  title: string;
  fault: FaultRule["fault"];
  on: NonNullable<FaultRule["match"]["op"]>;
  count?: number;
}

const CASES: Case[] = [
  {
    title: "429 with Retry-After on GET",
    on: "get",
    fault: { kind: "status", status: 429, code: "TooManyRequests", retryAfterSeconds: 1 },
  },
  {
    title: "429 without Retry-After on GET",
    on: "get",
    fault: { kind: "status", status: 429, code: "TooManyRequests" },
  },
  {
    title: "429 without Retry-After on PUT",
    on: "put",
    fault: { kind: "status", status: 429, code: "SubscriptionRequestsThrottled" },
  },
  {
    title: "429 without Retry-After on DELETE",
    on: "delete",
    fault: { kind: "status", status: 429, code: "TooManyRequests" },
  },
  {
    title: "429 without Retry-After on a poll",
    on: "poll",
    fault: { kind: "status", status: 429, code: "TooManyRequests" },
  },
  {
    title: "409 AnotherOperationInProgress on PUT",
    on: "put",
    fault: { kind: "status", status: 409, code: "AnotherOperationInProgress" },
  },
  {
    title: "409 ConflictError on PUT",
    on: "put",
    fault: {
      kind: "status",
      status: 409,
      code: "ConflictError",
      message:
        "There was a conflict while trying to update the resource. Please serialize the operations.",
    },
  },
  {
    title: "500 on GET",
    on: "get",
    fault: { kind: "status", status: 500, code: "InternalServerError" },
    count: 2,
  },
  { title: "502 on PUT", on: "put", fault: { kind: "status", status: 502, code: "BadGateway" } },
  {
    title: "503 on DELETE",
    on: "delete",
    fault: { kind: "status", status: 503, code: "ServiceUnavailable" },
  },
  {
    title: "504 on a poll",
    on: "poll",
    fault: { kind: "status", status: 504, code: "GatewayTimeout" },
  },
  { title: "connection reset on PUT", on: "put", fault: { kind: "reset" } },
  { title: "connection reset on a poll", on: "poll", fault: { kind: "reset" } },
];

describe("integration: transient faults are retried, and the lifecycle still converges", function () {
  this.timeout(60_000);
  let h: Harness;
  let name: string;

  beforeEach(async () => {
    h = await startHarness({ deleteRetryAfterSeconds: null });
    name = seedPendingConnection(h).name;
  });
  afterEach(() => h.stop());

  for (const c of CASES) {
    it(c.title, async () => {
      if (c.on === "poll") {
        // Without Retry-After the provider watches the connection's GET, not the operation URL.
        h.emulator.control.setBehavior({ deleteRetryAfterSeconds: 1 });
      }
      h.emulator.control.injectFault({ match: { op: c.on }, count: c.count ?? 1, fault: c.fault });
      const { id, outs } = await h.provider.create(inputsFor(h, name));
      assert.equal(outs.status, "Approved");
      await h.provider.delete(id, outs);
      assert.equal(
        h.emulator.control.getConnection({
          resourceGroupName: RG,
          parentName: HSM,
          connectionName: name,
        }),
        undefined,
      );
      assert.ok(
        armRequests(h).some((r) => r.op === c.on),
        `the provider sent a ${c.on} for the fault to hit`,
      );
      const fault = c.fault;
      if (fault.kind === "status") {
        const faulted = armRequests(h).filter((r) => r.op === c.on && r.status === fault.status);
        assert.equal(faulted.length, c.count ?? 1, "the fault was served, then retried");
      }
      if (fault.kind === "status" && fault.retryAfterSeconds === undefined) {
        assert.ok(
          h.progress.some((m) => /retrying in/.test(m)),
          "each retry is reported",
        );
      }
    });
  }

  it("a response slower than the per-request timeout is abandoned and retried", async () => {
    const provider = h.providerWith({
      env: { ...process.env, MHSM_PEC_REQUEST_TIMEOUT_SECONDS: "1" },
    });
    // The slow answer would come only after the test has ended (the emulator drops it at stop):
    // a create that returns at all did not wait for it, however slow this machine is.
    h.emulator.control.injectFault({
      match: { op: "get" },
      count: 1,
      fault: { kind: "delay", ms: 600_000 },
    });
    const { outs } = await provider.create(inputsFor(h, name));
    assert.equal(outs.status, "Approved");
    // The log holds answered requests only: the slow GET is not among them.
    assert.ok(
      armRequests(h).filter((r) => r.op === "get").length >= 1,
      "the GET was sent again and answered",
    );
    assert.ok(
      h.progress.some((m) => /retrying in/.test(m)),
      `the retry was reported: ${JSON.stringify(h.progress)}`,
    );
  });

  it("a permanent error (400) is not retried and says what ARM said", async () => {
    h.emulator.control.injectFault({
      match: { op: "put" },
      count: 1,
      fault: {
        kind: "status",
        status: 400,
        code: "BadRequest",
        message: "The request is not valid.",
      },
    });
    await assert.rejects(h.provider.create(inputsFor(h, name)), (e: Error) => {
      assert.match(e.message, /HTTP 400: BadRequest: The request is not valid\./);
      assert.match(e.message, /x-ms-request-id: /);
      return true;
    });
    assert.equal(armRequests(h).filter((r) => r.op === "put").length, 1);
  });

  it("throttling that outlasts the operation's deadline fails with ARM's 429", async () => {
    h.emulator.control.injectFault({
      match: { op: "put" },
      count: 100,
      fault: { kind: "status", status: 429, code: "TooManyRequests" },
    });
    // A 429 is retried for as long as the deadline allows, not a number of times.
    const inputs = { ...inputsFor(h, name), timeouts: { create: 3 } };
    await assert.rejects(h.provider.create(inputs), /HTTP 429: TooManyRequests/);
    assert.ok(h.emulator.control.pendingFaults() < 99, "the PUT was tried more than once");
  });

  it("a Retry-After longer than the deadline fails at once with ARM's words and the wait it asked", async () => {
    h.emulator.control.injectFault({
      match: { op: "put" },
      count: 100,
      fault: {
        kind: "status",
        status: 429,
        code: "SubscriptionRequestsThrottled",
        retryAfterSeconds: 7200,
      },
    });
    await assert.rejects(h.provider.create(inputsFor(h, name)), (e: Error) => {
      assert.match(e.message, /HTTP 429: SubscriptionRequestsThrottled/);
      assert.match(e.message, /x-ms-request-id: /);
      assert.match(e.message, /ARM asked to wait 7200s \(Retry-After\)/);
      assert.match(e.message, /more than the \d+s left of this operation's deadline/);
      return true;
    });
    assert.equal(armRequests(h).filter((r) => r.op === "put").length, 1, "no second PUT");
  });

  it("a write token bucket (ARM-like throttling) is waited out", async () => {
    h.emulator.control.setBehavior({ throttle: { writes: { capacity: 1, refillPerSecond: 1 } } });
    const other = h.emulator.control.createConnection({
      resourceGroupName: RG,
      parentName: HSM,
    }).name;
    await Promise.all([
      h.provider.create(inputsFor(h, name)),
      h.provider.create(inputsFor(h, other)),
    ]);
    assert.ok(
      armRequests(h).some((r) => r.status === 429),
      "the bucket did throttle",
    );
  });
});

import { strict as assert } from "node:assert";
import type { RequestLogEntry } from "../../emulator";
import type { PulumiStack } from "../../tools/lib/pulumiStack";
import {
  E2E_BEHAVIOR,
  connectionsInState,
  useEngineHarness,
  type EngineHarness,
} from "./support/engineHarness";

/**
 * ARM's documented buckets per subscription and principal ("Understand how Azure Resource
 * Manager throttles requests"): the emulator's own token buckets at those sizes.
 */
const ARM_BUCKETS = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
};

const N = 200;
const HSM = "hsm-at-scale";
/** Generous: a loaded 2-core machine runs 200 steps of the engine slowly; nothing is timed. */
const COMMAND_TIMEOUT_MS = 20 * 60_000;

function log(line: string) {
  process.stderr.write(`      [e2e] ${line}\n`);
}

function throttled(requests: RequestLogEntry[]): string[] {
  return requests.filter((r) => r.status === 429).map((r) => `${r.method} ${r.path}`);
}

/**
 * Every ARM request of the provider host goes through one budget per subscription and
 * principal (provider/arm/armBudget.ts): 200 connections approved at once, preview included,
 * then destroyed, never empty one of ARM's buckets, so no request is answered 429 and none
 * fails. Operations are short (E2E_BEHAVIOR); the buckets refill in real seconds, as ARM's.
 */
describe("e2e: 200 connections of one HSM under ARM's documented buckets", function () {
  let h: EngineHarness;
  let stack: PulumiStack;
  let names: string[];
  useEngineHarness((started) => (h = started), log);

  before(async function () {
    this.timeout(5 * 60_000);
    names = h.seedHsm(HSM, N);
    stack = await h.newStack("many", "at-scale", { hsmName: HSM });
    await stack.setConfigList("connections", names);
    h.control.setBehavior({ ...E2E_BEHAVIOR, throttle: ARM_BUCKETS });
  });

  after(() => {
    h.control.setBehavior({ ...E2E_BEHAVIOR, throttle: null });
  });

  it("up (with its preview) approves all 200 at once: no failure, no 429", async function () {
    this.timeout(COMMAND_TIMEOUT_MS + 60_000);
    const up = await stack.run(["up", "--yes", "--parallel", String(N)], {
      timeoutMs: COMMAND_TIMEOUT_MS,
      allowFailure: true,
    });
    assert.equal(up.code, 0, up.stderr + up.stdout.slice(-4000));
    // The stack itself is the one more.
    assert.ok(new RegExp(`\\+ ${N + 1} created`).test(up.stdout), up.stdout.slice(-3000));
    for (const name of names) {
      const state = h.connection(HSM, name)?.properties;
      assert.equal(state?.privateLinkServiceConnectionState.status, "Approved", name);
      assert.equal(state?.provisioningState, "Succeeded", name);
    }
    assert.equal((await connectionsInState(stack)).length, N);
    const requests = h.armRequests();
    assert.deepEqual(throttled(requests), [], "no request answered 429");
    assert.equal(requests.filter((r) => r.method === "PUT").length, N, "one PUT each");
  });

  it("destroy deletes all 200 at once: no failure, no 429, nothing left in ARM or the state", async function () {
    this.timeout(COMMAND_TIMEOUT_MS + 60_000);
    const destroy = await stack.destroy(["--parallel", String(N)], {
      timeoutMs: COMMAND_TIMEOUT_MS,
      allowFailure: true,
    });
    assert.equal(destroy.code, 0, destroy.stderr + destroy.stdout.slice(-4000));
    assert.ok(new RegExp(`- ${N + 1} deleted`).test(destroy.stdout), destroy.stdout.slice(-3000));
    const left = names.filter((name) => h.connection(HSM, name) !== undefined);
    assert.deepEqual(left, [], "every connection deleted in ARM");
    assert.equal((await connectionsInState(stack)).length, 0);
    const requests = h.armRequests();
    assert.deepEqual(throttled(requests), [], "no request answered 429");
    assert.equal(requests.filter((r) => r.method === "DELETE").length, N, "one DELETE each");
  });
});

import type { RunningEmulator } from "../../emulator";
import { MhsmPrivateEndpointConnectionPolicyProvider, type PolicyInputs } from "../../provider";
import { newArmBudget } from "../../provider/arm/armBudget";
import type { BenchOptions } from "./options";
import { formatMs, isArmRequest } from "./stats";

/**
 * Section 5: one approval policy over N Pending connections, under the emulator's write bucket.
 * The provider is called as the engine calls it (create), so the number is the policy's own:
 * one list walk, then every write paced by the bucket, each waited for until it settles.
 * Ideal: N / refill per second (the capacity's head start not subtracted, as in section 3).
 * Minimum requests: the list pages + one PUT and one settle GET per connection (Updating is
 * shorter than the PUT's Retry-After, so one GET at Retry-After finds it settled).
 */
export const POLICY_RG = "bench-policy-rg";
const POLICY_HSM = "bench-policy-hsm";
const CONSUMER_SUBSCRIPTIONS = 5;

export interface PolicyBenchResult {
  n: number;
  wallMs: number;
  idealMs: number;
  requests: number;
  minimumRequests: number;
  listPages: number;
  puts: number;
  settleGets: number;
  throttled: number;
  approved: number;
  error?: string;
}

function consumerEndpoint(i: number): string {
  const sub = `${String(i % CONSUMER_SUBSCRIPTIONS).repeat(8)}-0000-4000-8000-000000000000`;
  return `/subscriptions/${sub}/resourceGroups/rg-consumer/providers/Microsoft.Network/privateEndpoints/pe-${i}`;
}

export async function policyBench(
  emulator: RunningEmulator,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<PolicyBenchResult> {
  const n = options.policyN;
  const control = emulator.control;
  const saved = control.getBehavior();
  control.setBehavior({
    throttle: { writes: options.bucket },
    putDurationMs: options.bulkOperationMs,
    putRetryAfterSeconds: 1,
  });
  control.createParent({ resourceGroupName: POLICY_RG, parentName: POLICY_HSM });
  for (let i = 0; i < n; i++) {
    control.createConnection({
      resourceGroupName: POLICY_RG,
      parentName: POLICY_HSM,
      privateEndpointId: consumerEndpoint(i),
    });
  }
  const provider = new MhsmPrivateEndpointConnectionPolicyProvider({
    report: () => undefined,
    notice: () => undefined,
    // A new process's budget: earlier sections taught this process's their emulator's buckets.
    armBudget: newArmBudget(),
  });
  const inputs: PolicyInputs = {
    subscriptionId: emulator.subscriptionId,
    resourceGroupName: POLICY_RG,
    hsmName: POLICY_HSM,
    rules: [{ name: "all-consumers", action: "Approved", match: { any: true } }],
    otherwise: "leave",
    scope: "pending",
    exclude: [],
    onDelete: "retain",
  };
  control.clearRequestLog();
  progress(`policy: approving ${n} Pending connections with one policy`);
  const started = Date.now();
  let error: string | undefined;
  try {
    await provider.create(inputs);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const wallMs = Date.now() - started;
  const log = control.requestLog().filter(isArmRequest);
  control.setBehavior({
    throttle: saved.throttle,
    putDurationMs: saved.putDurationMs,
    putRetryAfterSeconds: saved.putRetryAfterSeconds,
  });
  const listPages = log.filter((r) => r.op === "list" && r.status === 200).length;
  const approved = control
    .listConnections({ resourceGroupName: POLICY_RG, parentName: POLICY_HSM })
    .filter((c) => c.properties.privateLinkServiceConnectionState.status === "Approved").length;
  progress(`policy: ${approved}/${n} approved in ${formatMs(wallMs)}, ${log.length} requests`);
  return {
    n,
    wallMs,
    idealMs: (n / options.bucket.refillPerSecond) * 1000,
    requests: log.length,
    minimumRequests: listPages + 2 * n,
    listPages,
    puts: log.filter((r) => r.op === "put").length,
    settleGets: log.filter((r) => r.op === "get").length,
    throttled: log.filter((r) => r.status === 429).length,
    approved,
    error,
  };
}

export const POLICY_TARGET_RATIO = 1.05;
/** Writes answered 429, at most this share of all writes sent. */
export const POLICY_TARGET_THROTTLED = 0.05;

/** The section's markdown and its misses, each explained from the numbers. */
export function renderPolicySection(
  r: PolicyBenchResult,
  options: BenchOptions,
): { lines: string[]; misses: string[] } {
  const ratio = r.wallMs / r.idealMs;
  const extra = r.requests - r.minimumRequests;
  const misses: string[] = [];
  if (r.error || r.approved !== r.n) {
    misses.push(
      `- policy N=${r.n}: ${r.approved}/${r.n} approved${r.error ? `; error: ${r.error.split("\n")[0]}` : ""}.`,
    );
  }
  if (ratio > POLICY_TARGET_RATIO) {
    misses.push(
      `- policy N=${r.n}: wall ${formatMs(r.wallMs)} is ${ratio.toFixed(2)}× the bucket's ideal; ` +
        `the last write's settle wait (Retry-After 1 s) and ${r.throttled} answers 429 (each a wait of its Retry-After) are part of it.`,
    );
  }
  const throttledShare = r.puts === 0 ? 0 : r.throttled / r.puts;
  if (throttledShare > POLICY_TARGET_THROTTLED) {
    misses.push(
      `- policy N=${r.n}: ${r.throttled} of ${r.puts} PUTs (${(throttledShare * 100).toFixed(1)} %) answered 429; ` +
        "the write budget sends its first write alone and then follows the bucket ARM's answers show (provider/arm/requestBudget.ts).",
    );
  }
  const verdict = misses.length === 0 ? "pass" : "**miss**";
  const lines = [
    "## 5. Approval policy",
    "",
    `One \`MhsmPrivateEndpointConnectionPolicy\` created over N Pending connections from ${CONSUMER_SUBSCRIPTIONS} consumer subscriptions ` +
      `(provider.create, as the engine calls it; default concurrency and retry policy). Write bucket: capacity ${options.bucket.capacity}, ` +
      `refill ${options.bucket.refillPerSecond}/s; Updating ${options.bulkOperationMs} ms, Retry-After 1 s on each PUT. ` +
      `Ideal: N / ${options.bucket.refillPerSecond} per s. Minimum requests: the list pages + one PUT and one settle GET per connection; ` +
      "requests include the PUTs answered 429 and sent again.",
    "",
    "| N | wall | ideal N/refill | wall/ideal | requests | minimum | list pages | PUT (429) | 429s of PUTs | settle GET | approved | target | result |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    `| ${r.n} | ${formatMs(r.wallMs)} | ${formatMs(r.idealMs)} | ${ratio.toFixed(2)}× | ${r.requests} | ${r.minimumRequests} | ${r.listPages} | ${r.puts} (${r.throttled}) | ${(throttledShare * 100).toFixed(1)} % | ${r.settleGets} | ${r.approved}/${r.n} | ≤ ${POLICY_TARGET_RATIO.toFixed(2)}×, 429s ≤ ${POLICY_TARGET_THROTTLED * 100} %, all approved | ${verdict} |`,
    "",
    `Requests above the minimum: ${extra}: PUTs answered 429 and sent again after Retry-After (${r.throttled}), ` +
      `and settle GETs that found a connection still Updating (${r.settleGets - r.n}). ` +
      "Every write waits for its turn in the process's write budget, which follows ARM's remaining-writes header and the refill it shows (provider/arm/requestBudget.ts).",
    "",
  ];
  return { lines, misses };
}

import * as path from "node:path";
import type { EmulatorBehavior, RequestLogEntry, RunningEmulator } from "../../emulator";
import type { CommandResult } from "../lib/boundedProcess";
import type { PulumiCli } from "../lib/pulumiCli";
import { PulumiStack } from "../lib/pulumiStack";
import type { PulumiWorkspace } from "../lib/pulumiWorkspace";
import { REPO_ROOT } from "../lib/repoRoot";
import type { BenchOptions } from "./options";
import { HostMemorySampler } from "./rss";
import { isArmRequest } from "./stats";

/**
 * Section 3: N connections approved by `pulumi up`, then deleted by `pulumi destroy`, through
 * the real engine (examples/many, unchanged, default --parallel), while the emulator throttles
 * writes and deletes with token buckets. The host's memory is sampled meanwhile (section 4).
 */
export const BULK_RG = "bench-rg";
export const MARKER_VARIABLE = "MHSM_BENCH_RUN";

export interface BulkPhase {
  wallMs: number;
  /** First ARM request of the phase → end of its last answer. */
  armWindowMs: number;
  /** Command start → first ARM request (CLI, language host, program, provider host start). */
  leadMs: number;
  /** End of the last ARM answer → command exit (last steps, checkpoint, exit). */
  tailMs: number;
  /** Command start → the last PUT or DELETE that started an operation (the engine's pace). */
  lastWriteMs: number;
  /**
   * Command start → the emulator finished the last operation: no client can return before
   * this; the wall time after it is the client's waiting and the engine's last steps.
   */
  operationsDoneMs: number;
  requests: number;
  throttled: number;
  /** 429s answered to reads (GETs and polls). */
  throttledReads: number;
  /** Requests answered 429/5xx/reset and then sent again. */
  retries: number;
  failures: number;
  errors: string[];
  exitCode: number | null;
  /** For the picture (chart.ts), in ms from the command's start. */
  timeline: PhaseTimeline;
}

export interface PhaseTimeline {
  /** When each ARM request arrived. */
  requestsMs: number[];
  /** When each request answered 429 arrived. */
  throttledMs: number[];
  /** When ARM finished each operation. */
  endsMs: number[];
}

export interface BulkRun {
  n: number;
  rep: number;
  up: BulkPhase;
  destroy: BulkPhase;
  hostPeakRssBytes?: number;
  hostProcesses: number;
}

export interface BulkContext {
  emulator: RunningEmulator;
  cli: PulumiCli;
  workspace: PulumiWorkspace;
  marker: string;
  options: BenchOptions;
  progress: (line: string) => void;
  /** The program to run; default examples/many. */
  exampleDir?: string;
  /** The emulator's behavior during the commands; default: fast operations, buckets from options. */
  behavior?: Partial<EmulatorBehavior>;
  /** Added to the commands' environment (and so the provider host's). */
  commandEnv?: Record<string, string>;
  /** Extra flags of `pulumi up` and `pulumi destroy`. */
  commandArgs?: string[];
}

/** When each operation a PUT (200 Updating) or DELETE (202) started ends, in epoch ms. */
function operationEnds(
  arm: RequestLogEntry[],
  control: RunningEmulator["control"],
  hsmName: string,
): number[] {
  return arm
    .filter(
      (e) =>
        (e.method === "PUT" && e.status === 200) || (e.method === "DELETE" && e.status === 202),
    )
    .map((e) => {
      const connectionName = decodeURIComponent(e.path.split("?")[0].split("/").pop() ?? "");
      const kind = e.method === "PUT" ? "put" : "delete";
      const ref = { resourceGroupName: BULK_RG, parentName: hsmName, connectionName };
      return Date.parse(e.time) + control.operationDurationMs(kind, ref);
    });
}

const latest = (times: number[]) => (times.length > 0 ? Math.max(...times) : Number.NaN);

function phaseOf(
  startedAt: number,
  result: CommandResult,
  control: RunningEmulator["control"],
  hsmName: string,
  failures: number,
): BulkPhase {
  const needle = `/managedhsms/${hsmName.toLowerCase()}/`;
  const arm = control
    .requestLog()
    .filter((e) => isArmRequest(e) && e.path.toLowerCase().includes(needle));
  const start = Math.min(...arm.map((e) => Date.parse(e.time)));
  const end = Math.max(...arm.map((e) => Date.parse(e.time) + e.durationMs));
  const writes = arm.filter((e) => e.method === "PUT" || e.method === "DELETE");
  const isTransient = (e: RequestLogEntry) => e.status === 429 || e.status >= 500 || e.status === 0;
  let retries = 0;
  arm.forEach((e, i) => {
    if (
      isTransient(e) &&
      arm.slice(i + 1).some((later) => later.method === e.method && later.path === e.path)
    ) {
      retries++;
    }
  });
  const errors = `${result.stdout}\n${result.stderr}`
    .split("\n")
    .filter((line) => /\berror\b/i.test(line))
    .map((line) => line.trim())
    .slice(0, 5);
  return {
    wallMs: result.durationMs,
    armWindowMs: arm.length > 0 ? end - start : Number.NaN,
    leadMs: arm.length > 0 ? start - startedAt : Number.NaN,
    tailMs: arm.length > 0 ? startedAt + result.durationMs - end : Number.NaN,
    lastWriteMs: latest(writes.map((e) => Date.parse(e.time))) - startedAt,
    operationsDoneMs: latest(operationEnds(arm, control, hsmName)) - startedAt,
    requests: arm.length,
    throttled: arm.filter((e) => e.status === 429).length,
    throttledReads: arm.filter((e) => e.status === 429 && e.method === "GET").length,
    retries,
    failures: Math.max(failures, result.code === 0 ? 0 : 1),
    errors: result.code === 0 ? errors : [`exit ${result.code}`, ...errors],
    exitCode: result.code,
    timeline: {
      requestsMs: arm.map((e) => Date.parse(e.time) - startedAt),
      throttledMs: arm.filter((e) => e.status === 429).map((e) => Date.parse(e.time) - startedAt),
      endsMs: operationEnds(arm, control, hsmName).map((t) => t - startedAt),
    },
  };
}

function behavior(options: BenchOptions) {
  return {
    putDurationMs: options.bulkOperationMs,
    putRetryAfterSeconds: 1,
    putOutcome: "Succeeded" as const,
    deleteDurationMs: options.bulkOperationMs,
    deleteRetryAfterSeconds: 1,
    deleteMode: "async" as const,
    deleteOutcome: "Succeeded" as const,
    deleteFinalStatus: 204 as const,
    // Buckets start full at every setBehavior that names them.
    throttle: { writes: { ...options.bucket }, deletes: { ...options.bucket } },
  };
}

export async function bulkRun(ctx: BulkContext, n: number, rep: number): Promise<BulkRun> {
  const { control } = ctx.emulator;
  const hsmName = `bulk-${n}-${rep}-${Date.now().toString(36)}`;
  control.setBehavior({ throttle: null });
  control.createParent({ resourceGroupName: BULK_RG, parentName: hsmName });
  const names = Array.from(
    { length: n },
    (_, i) =>
      control.createConnection({
        resourceGroupName: BULK_RG,
        parentName: hsmName,
        connectionName: `pe-${i + 1}.${hsmName}`,
      }).name,
  );
  const project = ctx.workspace.prepareProject(
    ctx.exampleDir ?? path.join(REPO_ROOT, "examples", "many"),
    {
      name: hsmName,
    },
  );
  const stack = await PulumiStack.init(ctx.workspace, project.dir, `n${n}r${rep}`);
  await stack.setConfig({ resourceGroupName: BULK_RG, hsmName });
  await stack.setConfigList("connections", names);

  const timeoutMs = Math.max(600_000, (n / ctx.options.bucket.refillPerSecond) * 10_000);
  const sampler = new HostMemorySampler({ name: MARKER_VARIABLE, value: ctx.marker });
  sampler.start();
  try {
    control.setBehavior(ctx.behavior ?? behavior(ctx.options));
    control.clearRequestLog();
    ctx.progress(`bulk N=${n} run ${rep}: pulumi up`);
    const upStarted = Date.now();
    const run = { allowFailure: true, timeoutMs, env: ctx.commandEnv };
    const upResult = await stack.up(ctx.commandArgs ?? [], run);
    const notApproved = names.filter((name) => {
      const c = control.getConnection({
        resourceGroupName: BULK_RG,
        parentName: hsmName,
        connectionName: name,
      });
      return (
        c?.properties.privateLinkServiceConnectionState.status !== "Approved" ||
        c.properties.provisioningState !== "Succeeded"
      );
    }).length;
    const up = phaseOf(upStarted, upResult, control, hsmName, notApproved);
    ctx.progress(
      `  up: ${Math.round(up.wallMs)} ms, ARM window ${Math.round(up.armWindowMs)} ms (lead ${Math.round(up.leadMs)} ms, tail ${Math.round(up.tailMs)} ms), ${up.requests} requests, ${up.throttled} 429s, ${up.failures} failures`,
    );

    control.setBehavior(ctx.behavior ?? behavior(ctx.options));
    control.clearRequestLog();
    ctx.progress(`bulk N=${n} run ${rep}: pulumi destroy`);
    const destroyStarted = Date.now();
    const destroyResult = await stack.destroy(ctx.commandArgs ?? [], run);
    const left = control.listConnections({
      resourceGroupName: BULK_RG,
      parentName: hsmName,
    }).length;
    const destroy = phaseOf(destroyStarted, destroyResult, control, hsmName, left);
    ctx.progress(
      `  destroy: ${Math.round(destroy.wallMs)} ms, ARM window ${Math.round(destroy.armWindowMs)} ms (lead ${Math.round(destroy.leadMs)} ms, tail ${Math.round(destroy.tailMs)} ms), ${destroy.requests} requests, ${destroy.throttled} 429s, ${destroy.failures} failures`,
    );
    const memory = sampler.stop();
    return {
      n,
      rep,
      up,
      destroy,
      hostPeakRssBytes: memory.peakHwmBytes,
      hostProcesses: memory.processes,
    };
  } finally {
    sampler.stop();
    control.setBehavior({ throttle: null });
    control.clearRequestLog();
    await stack.remove().catch(() => undefined);
  }
}

export async function bulkRuns(ctx: BulkContext): Promise<BulkRun[]> {
  const runs: BulkRun[] = [];
  for (const n of ctx.options.bulkNs) {
    for (let rep = 1; rep <= ctx.options.bulkReps; rep++) {
      runs.push(await bulkRun(ctx, n, rep));
    }
  }
  return runs;
}

import type { ConnectionJson, RequestLogEntry, RunningEmulator } from "../../emulator";
import {
  MhsmPrivateEndpointConnectionProvider,
  type ConnectionInputs,
  type ConnectionOutputs,
} from "../../provider";
import type { SdkBaseline } from "./baseline";
import type { BenchOptions } from "./options";
import { describeRequests, operationStartOf, requestsFor } from "./stats";

/**
 * Sections 1 and 2: one connection deleted / approved by our provider and, side by side in the
 * same emulator at the same time, by the SDK baseline. Every number comes from the emulator:
 * when it completes the operation (its own schedule), and which requests reached it.
 */
export const RG = "bench-rg";
export const HSM = "bench-hsm";

export type Impl = "ours" | "baseline";

export interface Sample {
  /** Return (or throw) time minus the emulator's completion time. */
  overshootMs: number;
  requests: number;
  breakdown: string;
  failed: boolean;
  error?: string;
}

export interface ComparisonRow {
  kind: "delete" | "approve";
  durationS: number;
  retryAfterS: number;
  impl: Impl;
  samples: Sample[];
  /** The request floor: the write, one poll per Retry-After period, (delete) one confirming GET. */
  minRequests: number;
  /** The earliest a client that honours Retry-After can see completion, after it. */
  floorMs: number;
  /** 5 % of the operation's duration + 250 ms. */
  targetMs: number;
}

export interface LroContext {
  emulator: RunningEmulator;
  baseline: SdkBaseline;
  provider: MhsmPrivateEndpointConnectionProvider;
  options: BenchOptions;
  progress: (line: string) => void;
}

/** Polls a client honouring Retry-After needs at least: it cannot learn of completion sooner. */
function pollsNeeded(durationS: number, retryAfterS: number): number {
  return Math.max(1, Math.ceil(durationS / retryAfterS - 1e-9));
}

function floorMs(durationS: number, retryAfterS: number): number {
  return (pollsNeeded(durationS, retryAfterS) * retryAfterS - durationS) * 1000;
}

function targetMs(durationS: number): number {
  return 0.05 * durationS * 1000 + 250;
}

async function timed(run: () => Promise<unknown>): Promise<{ at: number; error?: string }> {
  try {
    await run();
    return { at: Date.now() };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { at: Date.now(), error: message.split("\n")[0].slice(0, 160) };
  }
}

export function outputsOf(c: ConnectionJson, subscriptionId: string): ConnectionOutputs {
  return {
    subscriptionId,
    resourceGroupName: RG,
    hsmName: HSM,
    privateEndpointConnectionName: c.name,
    status: c.properties.privateLinkServiceConnectionState.status,
    description: c.properties.privateLinkServiceConnectionState.description ?? "",
    connectionId: c.id,
    provisioningState: c.properties.provisioningState,
    actionsRequired: c.properties.privateLinkServiceConnectionState.actionsRequired ?? "",
    privateEndpointId: c.properties.privateEndpoint?.id ?? "",
    etag: c.etag ?? "",
  };
}

let counter = 0;
function newConnection(ctx: LroContext, label: string): ConnectionJson {
  counter++;
  return ctx.emulator.control.createConnection({
    resourceGroupName: RG,
    parentName: HSM,
    connectionName: `${label}-${counter}.bench`,
  });
}

async function checkedInputs(ctx: LroContext, name: string): Promise<ConnectionInputs> {
  const checked = await ctx.provider.check(
    {},
    {
      resourceGroupName: RG,
      hsmName: HSM,
      privateEndpointConnectionName: name,
      status: "Approved",
    },
  );
  if (checked.failures.length > 0) {
    throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  }
  return checked.inputs as unknown as ConnectionInputs;
}

/** Fetches both sides' tokens and warms both code paths; nothing of it is recorded. */
export async function warmUp(ctx: LroContext) {
  ctx.emulator.control.createParent({ resourceGroupName: RG, parentName: HSM });
  ctx.emulator.control.setBehavior({ putDurationMs: 0, putRetryAfterSeconds: 1 });
  const ours = newConnection(ctx, "warmup-ours");
  const base = newConnection(ctx, "warmup-sdk");
  await ctx.baseline.warmUp(RG, HSM, base.name);
  const inputs = await checkedInputs(ctx, ours.name);
  await Promise.all([
    ctx.provider.create(inputs),
    ctx.baseline.approve(RG, HSM, base.name, ctx.options.baselineApprovePollMs),
  ]);
  ctx.emulator.control.clearRequestLog();
}

function sampleOf(
  entries: RequestLogEntry[],
  completedAt: number,
  result: { at: number; error?: string },
  stillWrong: string | undefined,
): Sample {
  return {
    overshootMs: result.at - completedAt,
    requests: entries.length,
    breakdown: describeRequests(entries),
    failed: result.error !== undefined || stillWrong !== undefined,
    error: result.error ?? stillWrong,
  };
}

/** One delete by each side, at the same time, of two connections. */
async function deletePair(ctx: LroContext, durationS: number, retryAfterS: number) {
  const { control } = ctx.emulator;
  control.setBehavior({
    deleteMode: "async",
    deleteOutcome: "Succeeded",
    asyncStyle: "location",
    deleteFinalStatus: 204,
    deleteDurationMs: durationS * 1000,
    deleteRetryAfterSeconds: retryAfterS,
  });
  const ours = newConnection(ctx, `del-ours-${durationS}s-ra${retryAfterS}`);
  const base = newConnection(ctx, `del-sdk-${durationS}s-ra${retryAfterS}`);
  control.clearRequestLog();
  const [ourResult, baseResult] = await Promise.all([
    timed(() => ctx.provider.delete(ours.id, outputsOf(ours, ctx.emulator.subscriptionId))),
    timed(() => ctx.baseline.delete(RG, HSM, base.name)),
  ]);
  const log = control.requestLog();
  const sample = (c: ConnectionJson, result: { at: number; error?: string }) => {
    const entries = requestsFor(log, c.name);
    const del = entries.find((e) => e.method === "DELETE");
    const firstPoll = entries.find((e) => e.op === "poll");
    const started =
      (firstPoll && operationStartOf(firstPoll)) ?? (del ? Date.parse(del.time) : Number.NaN);
    const left = control.getConnection({
      resourceGroupName: RG,
      parentName: HSM,
      connectionName: c.name,
    });
    return sampleOf(
      entries,
      started + durationS * 1000,
      result,
      left ? `connection still exists (${left.properties.provisioningState})` : undefined,
    );
  };
  return { ours: sample(ours, ourResult), baseline: sample(base, baseResult) };
}

/** One approval by each side, at the same time, of two Pending connections. */
async function approvePair(ctx: LroContext, durationS: number, retryAfterS: number) {
  const { control } = ctx.emulator;
  control.setBehavior({
    putOutcome: "Succeeded",
    putDurationMs: durationS * 1000,
    putRetryAfterSeconds: retryAfterS,
  });
  const ours = newConnection(ctx, `apr-ours-${durationS}s`);
  const base = newConnection(ctx, `apr-sdk-${durationS}s`);
  const inputs = await checkedInputs(ctx, ours.name);
  control.clearRequestLog();
  const [ourResult, baseResult] = await Promise.all([
    timed(() => ctx.provider.create(inputs)),
    timed(() => ctx.baseline.approve(RG, HSM, base.name, ctx.options.baselineApprovePollMs)),
  ]);
  const log = control.requestLog();
  const sample = (c: ConnectionJson, result: { at: number; error?: string }) => {
    const entries = requestsFor(log, c.name);
    const put = entries.find((e) => e.method === "PUT");
    // The log's time is when the PUT arrived; the emulator starts the update a moment later,
    // so this errs against the client by that moment (a millisecond or two).
    const started = put ? Date.parse(put.time) : Number.NaN;
    const now = control.getConnection({
      resourceGroupName: RG,
      parentName: HSM,
      connectionName: c.name,
    });
    const state = now?.properties;
    const wrong =
      state?.privateLinkServiceConnectionState.status === "Approved" &&
      state.provisioningState === "Succeeded"
        ? undefined
        : `ARM shows ${state?.privateLinkServiceConnectionState.status}/${state?.provisioningState}`;
    return sampleOf(entries, started + durationS * 1000, result, wrong);
  };
  return { ours: sample(ours, ourResult), baseline: sample(base, baseResult) };
}

function rowsOf(
  kind: ComparisonRow["kind"],
  durationS: number,
  retryAfterS: number,
  samples: { ours: Sample; baseline: Sample }[],
): ComparisonRow[] {
  const polls = pollsNeeded(durationS, retryAfterS);
  return (["ours", "baseline"] as const).map((impl) => ({
    kind,
    durationS,
    retryAfterS,
    impl,
    samples: samples.map((s) => s[impl]),
    minRequests: kind === "delete" ? polls + 2 : polls + 1,
    floorMs: floorMs(durationS, retryAfterS),
    targetMs: targetMs(durationS),
  }));
}

export async function deleteComparison(ctx: LroContext): Promise<ComparisonRow[]> {
  const rows: ComparisonRow[] = [];
  for (const durationS of ctx.options.deleteDurationsS) {
    for (const retryAfterS of ctx.options.deleteRetryAfterS) {
      const samples = [];
      for (let rep = 1; rep <= ctx.options.reps; rep++) {
        const pair = await deletePair(ctx, durationS, retryAfterS);
        ctx.progress(
          `delete ${durationS}s/RA ${retryAfterS}s run ${rep}/${ctx.options.reps}: ` +
            `ours ${Math.round(pair.ours.overshootMs)} ms ${pair.ours.requests} req${pair.ours.failed ? " FAILED" : ""}; ` +
            `sdk ${Math.round(pair.baseline.overshootMs)} ms ${pair.baseline.requests} req${pair.baseline.failed ? " FAILED" : ""}`,
        );
        samples.push(pair);
      }
      rows.push(...rowsOf("delete", durationS, retryAfterS, samples));
    }
  }
  return rows;
}

export async function approveComparison(ctx: LroContext): Promise<ComparisonRow[]> {
  const rows: ComparisonRow[] = [];
  const retryAfterS = ctx.options.approveRetryAfterS;
  for (const durationS of ctx.options.approveDurationsS) {
    const samples = [];
    for (let rep = 1; rep <= ctx.options.reps; rep++) {
      const pair = await approvePair(ctx, durationS, retryAfterS);
      ctx.progress(
        `approve ${durationS}s run ${rep}/${ctx.options.reps}: ` +
          `ours ${Math.round(pair.ours.overshootMs)} ms ${pair.ours.requests} req${pair.ours.failed ? " FAILED" : ""}; ` +
          `sdk ${Math.round(pair.baseline.overshootMs)} ms ${pair.baseline.requests} req${pair.baseline.failed ? " FAILED" : ""}`,
      );
      samples.push(pair);
    }
    rows.push(...rowsOf("approve", durationS, retryAfterS, samples));
  }
  return rows;
}

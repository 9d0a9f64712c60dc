import { REALISTIC_TIMINGS, type ConnectionJson, type RunningEmulator } from "../../emulator";
import { MhsmPrivateEndpointConnectionProvider, type ConnectionInputs } from "../../provider";
import type { Clock } from "../../provider/arm/clock";
import { RECORDED_RANGES } from "../../provider/arm/pollSchedule";
import type { SdkBaseline } from "./baseline";
import { HSM, RG, outputsOf } from "./lroBench";
import { describeRequests, operationStartOf, requestsFor, sleep } from "./stats";

/**
 * Section 0: one operation at a time on Azure's recorded timings (no Retry-After), ours against
 * a 2-s poller and a 30-s poller, over durations spread across the recorded ranges. Everything
 * runs at `timeScale` (the emulator's durations, our clock, the baselines' intervals), so a
 * 65 s PUT takes 65 × scale seconds; reported times are divided by the scale back to Azure's.
 */
export type RealisticClient = "ours" | "2-s poller" | "30-s poller";
export const REALISTIC_CLIENTS: readonly RealisticClient[] = ["ours", "2-s poller", "30-s poller"];

export interface RealisticSample {
  durationS: number;
  /** In Azure's seconds (real overshoot / scale). */
  overshootS: number;
  requests: number;
  /** What a 2-s poller sends for this duration (the comparison for `requests`). */
  twoSecondRequests: number;
  breakdown: string;
  error?: string;
}

export interface RealisticRow {
  kind: "delete" | "approve";
  client: RealisticClient;
  samples: RealisticSample[];
}

export interface RealisticContext {
  emulator: RunningEmulator;
  baseline: SdkBaseline;
  timeScale: number;
  /** Operations per kind, their durations spread evenly over the recorded range. */
  count: number;
  progress: (line: string) => void;
}

/** Our provider's view of time at `scale`: its waits shrink, its elapsed time grows. */
function scaledClock(scale: number): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) / scale,
    sleep: (ms) => sleep(Math.max(0, ms) * scale),
  };
}

/** Durations spread over [from, to] by the golden ratio, so none sits on anyone's poll grid. */
export function spreadDurationsS(fromS: number, toS: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    const f = (0.5 + i * 0.6180339887) % 1;
    return Math.round((fromS + (toS - fromS) * f) * 10) / 10;
  }).sort((a, b) => a - b);
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await sleep(2);
  if (!condition()) throw new Error("the operation's request never reached the emulator");
}

interface Started {
  kind: RealisticRow["kind"];
  client: RealisticClient;
  durationS: number;
  connection: ConnectionJson;
  done: Promise<{ at: number; error?: string }>;
}

function timed(run: () => Promise<unknown>): Promise<{ at: number; error?: string }> {
  return run().then(
    () => ({ at: Date.now() }),
    (error: unknown) => ({
      at: Date.now(),
      error: (error instanceof Error ? `${error.name}: ${error.message}` : String(error))
        .split("\n")[0]
        .slice(0, 120),
    }),
  );
}

/**
 * Starts every operation, each with its own duration: the emulator fixes an operation's
 * duration when its request arrives, so the behavior changes only after that.
 */
async function startAll(ctx: RealisticContext, provider: MhsmPrivateEndpointConnectionProvider) {
  const { control } = ctx.emulator;
  const scale = ctx.timeScale;
  const started: Started[] = [];
  let n = 0;
  const plan: [RealisticRow["kind"], number[]][] = [
    ["delete", spreadDurationsS(10, RECORDED_RANGES.delete.toMs / 1000, ctx.count)],
    [
      "approve",
      spreadDurationsS(
        RECORDED_RANGES.put.fromMs / 1000,
        RECORDED_RANGES.put.toMs / 1000,
        ctx.count,
      ),
    ],
  ];
  for (const [kind, durations] of plan) {
    for (const durationS of durations) {
      for (const client of REALISTIC_CLIENTS) {
        const name = `real-${kind}-${++n}.bench`;
        const connection = control.createConnection({
          resourceGroupName: RG,
          parentName: HSM,
          connectionName: name,
          status: kind === "delete" ? "Approved" : "Pending",
        });
        control.setBehavior({
          ...REALISTIC_TIMINGS,
          timeScale: scale,
          putDurationMs: durationS * 1000,
          putDurationMaxMs: null,
          deleteDurationMs: durationS * 1000,
          deleteDurationMaxMs: null,
        });
        const intervalMs = (client === "30-s poller" ? 30_000 : 2000) * scale;
        let done: Started["done"];
        if (kind === "delete") {
          done = timed(() =>
            client === "ours"
              ? provider.delete(connection.id, outputsOf(connection, ctx.emulator.subscriptionId))
              : ctx.baseline.delete(RG, HSM, name, intervalMs),
          );
        } else {
          const inputs = await inputsFor(provider, name);
          done = timed(() =>
            client === "ours"
              ? provider.create(inputs)
              : ctx.baseline.approve(RG, HSM, name, intervalMs),
          );
        }
        const write = kind === "delete" ? "DELETE" : "PUT";
        await until(() => requestsFor(control.requestLog(), name).some((e) => e.method === write));
        started.push({ kind, client, durationS, connection, done });
      }
    }
  }
  return started;
}

async function inputsFor(provider: MhsmPrivateEndpointConnectionProvider, name: string) {
  const checked = await provider.check(
    {},
    {
      resourceGroupName: RG,
      hsmName: HSM,
      privateEndpointConnectionName: name,
      status: "Approved",
    },
  );
  if (checked.failures.length > 0) throw new Error(JSON.stringify(checked.failures));
  return checked.inputs as unknown as ConnectionInputs;
}

/** Requests a 2-s poller sends: DELETE, a poll right away and every 2 s (the SDK); PUT + GETs. */
function twoSecondRequests(kind: RealisticRow["kind"], durationS: number): number {
  const polls = Math.max(1, Math.ceil(durationS / 2 - 1e-9));
  return kind === "delete" ? 2 + polls : 1 + polls;
}

export async function realisticComparison(ctx: RealisticContext): Promise<RealisticRow[]> {
  const provider = new MhsmPrivateEndpointConnectionProvider({
    clock: scaledClock(ctx.timeScale),
    report: () => undefined,
  });
  ctx.emulator.control.clearRequestLog();
  const started = await startAll(ctx, provider);
  ctx.progress(`realistic: ${started.length} operations started at time scale ${ctx.timeScale}`);
  const results = await Promise.all(started.map((s) => s.done));
  const log = ctx.emulator.control.requestLog();
  const rows: RealisticRow[] = [];
  for (const kind of ["delete", "approve"] as const) {
    for (const client of REALISTIC_CLIENTS) {
      const samples = started
        .map((s, i) => ({ s, result: results[i] }))
        .filter(({ s }) => s.kind === kind && s.client === client)
        .map(({ s, result }) => {
          const entries = requestsFor(log, s.connection.name);
          const write = entries.find((e) => e.method === (kind === "delete" ? "DELETE" : "PUT"));
          const poll = entries.find((e) => e.op === "poll");
          const startedAt =
            (kind === "delete" && poll && operationStartOf(poll)) ||
            (write ? Date.parse(write.time) : Number.NaN);
          const completedAt = startedAt + s.durationS * 1000 * ctx.timeScale;
          return {
            durationS: s.durationS,
            overshootS: (result.at - completedAt) / 1000 / ctx.timeScale,
            requests: entries.length,
            twoSecondRequests: twoSecondRequests(kind, s.durationS),
            breakdown: describeRequests(entries),
            error: result.error,
          };
        });
      rows.push({ kind, client, samples });
    }
  }
  return rows;
}

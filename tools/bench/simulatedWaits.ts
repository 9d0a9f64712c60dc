import { Deadline } from "../../provider/arm/clock";
import { MANAGED_HSM } from "../../provider/arm/parentKinds";
import type { ConnectionState } from "../../provider/arm/connectionState";
import type { ConnectionsApi, PollAnswer } from "../../provider/arm/connectionsApi";
import type { ConnectionRef } from "../../provider/arm/ids";
import { waitUntilDeleted } from "../../provider/arm/deleteWait";
import { waitUntilProvisioned } from "../../provider/arm/lro";
import { takeTurn, type ArmBudget } from "../../provider/arm/armBudget";
import { VirtualClock } from "./virtualClock";

/**
 * Operations that end at known times, waited for by the real deleteWait.ts and lro.ts on a
 * virtual clock: what a poll schedule or a read budget costs (reads) and loses (overshoot),
 * without waiting.
 */
export interface SimulatedWait {
  kind: "delete" | "put";
  durationMs: number;
  /** Round trip of every request. */
  roundTripMs?: number;
  /** Retry-After on the DELETE's 202 and polls, or the PUT's. */
  retryAfterMs?: number;
}

export interface WaitOutcome {
  overshootMs: number;
  /** Reads sent while waiting: polls and GETs (not the DELETE or PUT itself). */
  reads: number;
}

function refOf(i: number): ConnectionRef {
  return {
    subscriptionId: "00000000-0000-0000-0000-000000000000",
    resourceGroupName: "rg",
    profile: MANAGED_HSM.profile,
    parentName: "hsm",
    connectionName: `conn-${i}`,
  };
}

function connection(status: string, provisioningState: string): ConnectionState {
  return { id: "conn", name: "conn", status, provisioningState };
}

class SimulatedArm implements ConnectionsApi {
  readonly readTimes: number[] = [];
  readonly readsOf = new Map<string, number>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly waits: readonly SimulatedWait[],
    private readonly budget?: ArmBudget,
  ) {}

  /** One read, in its turn of the budget as the SDK client's pipeline takes it. */
  private async read(name: string, i: number): Promise<boolean> {
    const turn = this.budget && (await takeTurn(this.budget, "reads", `GET ${name}`));
    await this.clock.sleep(this.waits[i].roundTripMs ?? 0);
    turn?.answered({ status: 200 });
    this.readTimes.push(this.clock.now());
    this.readsOf.set(name, (this.readsOf.get(name) ?? 0) + 1);
    return this.clock.now() >= this.waits[i].durationMs;
  }

  async get(ref: ConnectionRef) {
    const i = Number(ref.connectionName.slice("conn-".length));
    const done = await this.read(ref.connectionName, i);
    if (this.waits[i].kind === "delete") {
      return done ? undefined : connection("Approved", "Deleting");
    }
    return connection("Approved", done ? "Succeeded" : "Updating");
  }

  async poll(url: string): Promise<PollAnswer> {
    const i = Number(url.slice("op/".length));
    const done = await this.read(`conn-${i}`, i);
    return done
      ? { statusCode: 204, body: undefined }
      : { statusCode: 202, body: undefined, retryAfterMs: this.waits[i].retryAfterMs };
  }

  list(): never {
    throw new Error("not simulated");
  }
  put(): never {
    throw new Error("not simulated");
  }
  beginDelete(): never {
    throw new Error("not simulated");
  }
}

/** All waits start at time 0 (their DELETE or PUT just answered) and run together. */
export async function simulateWaits(
  waits: readonly SimulatedWait[],
  makeBudget?: (clock: VirtualClock) => ArmBudget,
): Promise<{ outcomes: WaitOutcome[]; readTimes: number[]; endMs: number }> {
  const clock = new VirtualClock();
  const api = new SimulatedArm(clock, waits, makeBudget?.(clock));
  const ends: number[] = [];
  const all = Promise.all(
    waits.map(async (w, i) => {
      const deadline = new Deadline(3_600_000, clock);
      if (w.kind === "delete") {
        const start = {
          kind: "accepted" as const,
          pollUrl: `op/${i}`,
          style: "location" as const,
          retryAfterMs: w.retryAfterMs,
        };
        await waitUntilDeleted(api, refOf(i), start, deadline, () => undefined);
      } else {
        await waitUntilProvisioned(api, refOf(i), w.retryAfterMs, deadline, () => undefined);
      }
      ends[i] = clock.now();
    }),
  );
  await clock.run(all);
  return {
    outcomes: waits.map((w, i) => ({
      overshootMs: ends[i] - w.durationMs,
      reads: api.readsOf.get(`conn-${i}`) ?? 0,
    })),
    readTimes: api.readTimes,
    endMs: Math.max(...ends),
  };
}

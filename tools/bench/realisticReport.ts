import type { RealisticRow, RealisticSample } from "./realisticWaits";
import { median } from "./stats";

/** Section 0 of docs/bench.md: the rows on Azure's recorded timings. */
const MEDIAN_TARGET_S = 1.5;
const MAX_TARGET_S = 3;

function s(value: number): string {
  return `${value.toFixed(1)} s`;
}

function verdict(row: RealisticRow): { text: string; miss?: string } {
  if (row.client !== "ours") return { text: "—" };
  const over = row.samples.map((x) => x.overshootS);
  const misses: string[] = [];
  if (median(over) > MEDIAN_TARGET_S) misses.push(`median overshoot ${s(median(over))}`);
  if (Math.max(...over) > MAX_TARGET_S) misses.push(`max overshoot ${s(Math.max(...over))}`);
  const more = row.samples.filter((x) => x.requests > x.twoSecondRequests);
  if (more.length > 0)
    misses.push(`${more.length} operations sent more requests than a 2-s poller`);
  const failed = row.samples.filter((x) => x.error);
  if (failed.length > 0) misses.push(`${failed.length} failed`);
  return misses.length === 0
    ? { text: "pass" }
    : {
        text: `**miss** (${misses.join("; ")})`,
        miss: `${row.kind} ${row.client}: ${misses.join("; ")}`,
      };
}

function failures(samples: RealisticSample[]): string {
  const failed = samples.filter((x) => x.error);
  if (failed.length === 0) return "0";
  return `${failed.length}/${samples.length} (${failed[0].error})`;
}

export function realisticTable(rows: RealisticRow[], misses: string[]): string {
  const lines = [
    "| operation | client | overshoot median | overshoot max | requests (sum) | a 2-s poller's (sum) | ops with more than a 2-s poller | typical requests | failures | target (ours) | result |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of rows) {
    const over = row.samples.map((x) => x.overshootS);
    const sum = (f: (x: RealisticSample) => number) => row.samples.reduce((a, x) => a + f(x), 0);
    const more = row.samples.filter((x) => x.requests > x.twoSecondRequests).length;
    const v = verdict(row);
    if (v.miss) misses.push(v.miss);
    const mid = row.samples[Math.floor(row.samples.length / 2)];
    lines.push(
      `| ${row.kind === "delete" ? "DELETE" : "PUT (approve)"} | ${row.client} | ${s(median(over))} | ${s(Math.max(...over))} | ` +
        `${sum((x) => x.requests)} | ${sum((x) => x.twoSecondRequests)} | ${more}/${row.samples.length} | ` +
        `${mid ? `${mid.breakdown} (${mid.durationS} s)` : ""} | ${failures(row.samples)} | ` +
        `${row.client === "ours" ? `median ≤ ${MEDIAN_TARGET_S} s, max ≤ ${MAX_TARGET_S} s, requests ≤ a 2-s poller's` : "(comparison)"} | ${v.text} |`,
    );
  }
  return lines.join("\n");
}

export function realisticSection(
  rows: RealisticRow[],
  timeScale: number,
  misses: string[],
): string[] {
  if (rows.length === 0) return [];
  const durations = (kind: RealisticRow["kind"]) => {
    const d = rows.find((r) => r.kind === kind)?.samples.map((x) => x.durationS) ?? [];
    return `${d.length} durations from ${Math.min(...d)} to ${Math.max(...d)} s`;
  };
  return [
    "## 0. One operation on Azure's recorded timings (no Retry-After)",
    "",
    `The emulator's realistic profile (emulator/README.md, Timing profiles): no Retry-After; DELETE: ` +
      `${durations("delete")}; PUT Updating: ${durations("approve")}; spread evenly over the ` +
      `recorded ranges. All clients run side by side in one run, **at time scale ${timeScale}** ` +
      `(the emulator's durations, our clock and the baselines' intervals all × ${timeScale}), so ` +
      `that the section takes a fraction of the time; times are reported in Azure's ` +
      `seconds (divided by the scale), which also multiplies each round trip by ${1 / timeScale}.`,
    "",
    "Ours: `provider.delete` / `provider.create` (GET, PUT, GETs until Succeeded; DELETE, GETs of the connection until 404). " +
      "2-s poller: DELETE: `client.mhsmPrivateEndpointConnections.delete(...)` with the SDK's " +
      "default interval (2 s; it polls once right after the 202, and throws on the empty 204 ARM " +
      "sends, see section 1); PUT: `put(...)` then `get(...)` every 2 s. 30-s poller: the same at " +
      "30 s, azure-native's cadence. A 2-s poller's requests: DELETE + a poll right away + one " +
      "every 2 s (the SDK); PUT + one GET every 2 s.",
    "",
    realisticTable(rows, misses),
    "",
  ];
}

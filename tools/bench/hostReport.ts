import type { BulkRun } from "./bulk";
import type { HostResult } from "./host";
import type { Verdict } from "./markdownTable";
import * as prose from "./reportProse";
import { formatBytes, formatMs, median, range } from "./stats";

/** Section 4: the provider host's rows (size, cold start, memory) and their verdicts. */

export interface HostRow {
  informative?: boolean;
  metric: string;
  value: string;
  target: string;
  verdict: Verdict;
  why?: string;
}

export function hostRows(host: HostResult | undefined, runs: BulkRun[]): HostRow[] {
  const rows: HostRow[] = [];
  const check = (pass: boolean, miss: string): Verdict => ({ pass, misses: pass ? [] : [miss] });
  if (host?.serializedBytes !== undefined) {
    rows.push({
      metric: prose.HOST_METRIC.serializedProvider,
      value: formatBytes(host.serializedBytes),
      target: "< 4 KB",
      verdict: check(host.serializedBytes < 4096, "size"),
    });
  }
  if (host?.program) {
    const p = host.program;
    rows.push({
      metric: prose.HOST_METRIC.program(p.resources),
      value:
        `${formatMs(p.packageClassMs)} (${(p.packageClassMs / p.resources).toFixed(1)} ms each); ` +
        `${formatMs(p.sharedProviderMs)} with one provider object shared by all`,
      target: "(informative)",
      informative: true,
      verdict: { pass: true, misses: [] },
    });
  }
  if (host && host.coldStarts.length > 0) {
    const ok = host.coldStarts.filter((c) => c.checkMs !== undefined);
    const port = median(ok.map((c) => c.portMs));
    const info = median(ok.map((c) => c.pluginInfoMs));
    const checkMs = median(ok.map((c) => c.checkMs ?? Number.NaN));
    const r = range(ok.map((c) => c.checkMs ?? Number.NaN));
    rows.push({
      metric: prose.HOST_METRIC.port,
      value: formatMs(port),
      target: "(informative)",
      informative: true,
      verdict: { pass: true, misses: [] },
    });
    rows.push({
      metric: prose.HOST_METRIC.pluginInfo,
      value: formatMs(info),
      target: "(informative)",
      informative: true,
      verdict: { pass: true, misses: [] },
    });
    const idle = ok.flatMap((c) =>
      c.rssAfterCheckBytes === undefined ? [] : [c.rssAfterCheckBytes],
    );
    if (idle.length > 0) {
      rows.push({
        metric: prose.HOST_METRIC.idleRss,
        value: formatBytes(median(idle)),
        target: "(informative)",
        informative: true,
        verdict: { pass: true, misses: [] },
      });
    }
    rows.push({
      metric: prose.HOST_METRIC.firstCheck,
      value: `${formatMs(checkMs)} (${formatMs(r.min)}…${formatMs(r.max)}, ${ok.length}/${host.coldStarts.length} answered)`,
      target: "< 1.5 s",
      verdict: check(ok.length === host.coldStarts.length && checkMs < 1500, "cold start"),
      why: prose.coldStartSplit(checkMs, info),
    });
  }
  for (const n of [...new Set(runs.map((r) => r.n))]) {
    const peaks = runs.filter((r) => r.n === n).map((r) => r.hostPeakRssBytes);
    const known = peaks.filter((p): p is number => p !== undefined);
    if (known.length === 0) {
      rows.push({
        metric: prose.HOST_METRIC.peakRssUnknown(n),
        value: prose.PEAK_RSS_UNKNOWN,
        target: "< 200 MB",
        verdict: { pass: false, misses: ["not measured"] },
      });
      continue;
    }
    const peak = Math.max(...known);
    rows.push({
      metric: prose.HOST_METRIC.peakRss(n),
      value: formatBytes(peak),
      target: "< 200 MB",
      verdict: check(peak < 200 * 1024 * 1024, "memory"),
    });
  }
  return rows;
}

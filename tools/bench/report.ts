import type { BulkRun } from "./bulk";
import { budgetPriceSection, type BudgetPriceRow } from "./budgetPrice";
import { bulkTable, bulkWhy, summarizeBulk } from "./bulkReport";
import { comparisonTable, comparisonWhy } from "./comparisonReport";
import type { HostResult } from "./host";
import { hostRows } from "./hostReport";
import type { ComparisonRow } from "./lroBench";
import { table, verdictText } from "./markdownTable";
import type { BenchOptions } from "./options";
import { renderPolicySection, type PolicyBenchResult } from "./policyBench";
import { realisticSection } from "./realisticReport";
import { renderServicesSection, type ServicesBenchRow } from "./servicesBench";
import type { RealisticRow } from "./realisticWaits";
import { realisticBulkSection, type RealisticBulkRun } from "./realisticBulk";
import * as prose from "./reportProse";
import { formatMs } from "./stats";

/**
 * The report (markdown, printed as it is and written to docs/bench.md): its sections in order,
 * each with its table, the verdict of each row against its target, and a diagnosis of every
 * miss from the numbers measured. The sections' tables are in *Report.ts, their words in
 * reportProse.ts.
 */

export interface Environment {
  date: string;
  cpu: string;
  cpus: number;
  node: string;
  platform: string;
  pulumiCli?: string;
}

export interface Results {
  env: Environment;
  options: BenchOptions;
  comparisons: ComparisonRow[];
  realistic: RealisticRow[];
  realisticBulk: RealisticBulkRun[];
  budgetPrice: BudgetPriceRow[];
  bulk: BulkRun[];
  host?: HostResult;
  policy?: PolicyBenchResult;
  services: ServicesBenchRow[];
  /** The picture chart.ts drew, as the report links it (next to it), if any. */
  picture?: string;
  totalMs: number;
  notes: string[];
}

export function renderReport(results: Results): { markdown: string; misses: string[] } {
  const { env, options } = results;
  const lines: string[] = [];
  const misses: string[] = [];
  const realisticMisses: string[] = [];
  lines.push("# Benchmarks", "");
  lines.push(prose.GENERATED_BY, "");
  if (results.picture) {
    const n = `N=${results.realisticBulk[0]?.n ?? options.realisticBulkN}`;
    lines.push(
      `![Section 0: overshoot against each operation's duration, ours and the 2-s and 30-s pollers; section 0b: the ${n} timelines](${results.picture})`,
      "",
      "Top: each operation of section 0 (Azure's recorded timings), its overshoot against its duration, for ours, a 2-s and a 30-s poller. " +
        `Below: section 0b's ${n} \`up\` and \`destroy\` through the engine, ours and the 2-s poller: ARM requests per second (429s in red), ` +
        "the operations ARM had finished, and when the command ended (dashed).",
      "",
    );
  }
  lines.push(
    `- date: ${env.date}`,
    `- CPU: ${env.cpu} × ${env.cpus}`,
    `- Node.js ${env.node} on ${env.platform}${env.pulumiCli ? `; Pulumi CLI ${env.pulumiCli}` : ""}`,
    `- total run time: ${formatMs(results.totalMs)}${options.quick ? " (--quick)" : ""}`,
    ...prose.runSettings(options),
    "",
  );
  lines.push(prose.OVERSHOOT_DEFINED, "");
  lines.push(...realisticSection(results.realistic, options.timeScale, realisticMisses));
  lines.push(...realisticBulkSection(results.realisticBulk, realisticMisses));
  lines.push(...budgetPriceSection(results.budgetPrice));
  if (results.comparisons.length > 0) {
    lines.push(prose.FAST_TIMINGS_FOLLOW, "");
  }
  const deletes = results.comparisons.filter((r) => r.kind === "delete");
  const approves = results.comparisons.filter((r) => r.kind === "approve");
  if (deletes.length > 0) {
    lines.push(
      "## 1. Delete: latency and requests",
      "",
      prose.DELETE_SECTION,
      "",
      comparisonTable(deletes),
      "",
    );
  }
  if (approves.length > 0) {
    lines.push(
      "## 2. Approve: latency and requests",
      "",
      prose.APPROVE_SECTION,
      "",
      comparisonTable(approves),
      "",
    );
  }
  const bulk = summarizeBulk(results.bulk, options);
  if (bulk.length > 0) {
    lines.push(
      "## 3. Bulk through the real engine",
      "",
      prose.bulkSection(options.bucket),
      "",
      bulkTable(bulk),
      "",
    );
  }
  const host = hostRows(results.host, results.bulk);
  if (host.length > 0) {
    lines.push(
      "## 4. Provider host",
      "",
      prose.HOST_SECTION,
      "",
      table(
        ["metric", "value", "target", "result"],
        host.map((r) => [
          r.metric,
          r.value,
          r.target,
          r.informative ? "—" : verdictText(r.verdict),
        ]),
      ),
      "",
    );
  }
  const policy = results.policy ? renderPolicySection(results.policy, options) : undefined;
  lines.push(...(policy?.lines ?? []));
  const services =
    results.services.length > 0 ? renderServicesSection(results.services) : undefined;
  lines.push(...(services?.lines ?? []));
  const why: string[] = [
    ...realisticMisses.map((m) => `- realistic, ${m}.`),
    ...results.comparisons.flatMap((row) => comparisonWhy(row, options)),
    ...bulk.flatMap((s) => bulkWhy(s, results.bulk, results.host)),
    ...host
      .filter((r) => !r.verdict.pass)
      .map((r) => `- ${r.metric}: ${r.value}${r.why ? `; ${r.why}` : ""}.`),
    ...(policy?.misses ?? []),
    ...(services?.misses ?? []),
  ];
  misses.push(...why);
  lines.push("## Why each miss", "");
  lines.push(...(why.length > 0 ? why : [prose.NO_MISS]), "");
  if (results.notes.length > 0) {
    lines.push("## Notes", "", ...results.notes.map((n) => `- ${n}`), "");
  }
  return { markdown: lines.join("\n"), misses };
}

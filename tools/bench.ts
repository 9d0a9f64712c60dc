import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FAST_TIMINGS, startEmulator } from "../emulator";
import { MhsmPrivateEndpointConnectionProvider } from "../provider";
import { relaunchUnlessEmulatorTrusted } from "./lib/emulatorTrust";
import { findOrInstallPulumiCli, type PulumiCli } from "./lib/pulumiCli";
import { PulumiWorkspace } from "./lib/pulumiWorkspace";
import { REPO_ROOT } from "./lib/repoRoot";
import { SdkBaseline } from "./bench/baseline";
import { MARKER_VARIABLE, bulkRuns, type BulkRun } from "./bench/bulk";
import { coldStarts, programCost, serializedProvider, type HostResult } from "./bench/host";
import { approveComparison, deleteComparison, warmUp, type ComparisonRow } from "./bench/lroBench";
import { realisticComparison, type RealisticRow } from "./bench/realisticWaits";
import { realisticBulkRuns, type RealisticBulkRun } from "./bench/realisticBulk";
import { budgetPrice, type BudgetPriceRow } from "./bench/budgetPrice";
import { USAGE, isUsageError, parseOptions, type BenchOptions } from "./bench/options";
import { policyBench, type PolicyBenchResult } from "./bench/policyBench";
import { servicesBench, type ServicesBenchRow } from "./bench/servicesBench";
import { renderChart } from "./bench/chart";
import { renderReport, type Environment } from "./bench/report";
import { HostMemorySampler } from "./bench/rss";
import { formatMs } from "./bench/stats";

/**
 * `npm run bench`: drives the ARM emulator and prints a table of
 *  1. delete latency and requests, ours vs @azure/arm-keyvault's poller,
 *  2. approve latency and requests, ours vs put + get every 2 s,
 *  3. N connections approved and destroyed by the real engine under ARM-like throttling,
 *  4. the provider host: serialized size, cold start, peak memory,
 * each row against its target, and writes it to docs/bench.md with the machine and the date.
 * `--help` lists the flags; `--quick` is a short smoke run.
 */

function log(line: string) {
  process.stderr.write(`bench: ${line}\n`);
}

function machine(cli: PulumiCli | undefined): Environment {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cpus: cpus.length,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    pulumiCli: cli?.version,
  };
}

async function run(options: BenchOptions): Promise<number> {
  const started = Date.now();
  const notes: string[] = [];
  const needsCli =
    options.sections.has("bulk") ||
    options.sections.has("host") ||
    (options.sections.has("realistic") && options.realisticBulkN > 0);
  let cli: PulumiCli | undefined;
  if (needsCli) {
    log("finding the Pulumi CLI (tools/install-pulumi-cli.sh builds it when missing)");
    cli = await findOrInstallPulumiCli({ log: (line) => log(line) });
    log(`Pulumi CLI ${cli.version} in ${cli.binDir}`);
  }

  // The serialized provider first: setMocks is global to this process, and nothing after
  // registers resources.
  const host: HostResult = { coldStarts: [] };
  let provider: string | undefined;
  if (options.sections.has("host")) {
    provider = await serializedProvider();
    host.serializedBytes = Buffer.byteLength(provider, "utf8");
    log(`serialized provider: ${host.serializedBytes} bytes`);
    host.program = await programCost(Math.max(...options.bulkNs));
    log(
      `program: ${host.program.resources} resources registered in ${Math.round(host.program.packageClassMs)} ms ` +
        `(${Math.round(host.program.sharedProviderMs)} ms with one shared provider object)`,
    );
  }

  const emulator = await startEmulator({ behavior: FAST_TIMINGS });
  const saved = { ...process.env };
  Object.assign(process.env, emulator.env());
  const marker = randomUUID();
  const workspace = cli
    ? new PulumiWorkspace({
        cli,
        env: { ...emulator.env(), [MARKER_VARIABLE]: marker },
        timeoutMs: 900_000,
        onOutput: process.env.BENCH_VERBOSE
          ? (line, stream) => log(`[${stream}] ${line}`)
          : undefined,
      })
    : undefined;
  const comparisons: ComparisonRow[] = [];
  const realistic: RealisticRow[] = [];
  const realisticBulk: RealisticBulkRun[] = [];
  const budgetRows: BudgetPriceRow[] = [];
  let bulk: BulkRun[] = [];
  let policy: PolicyBenchResult | undefined;
  let services: ServicesBenchRow[] = [];
  try {
    log(`ARM emulator at ${emulator.url}`);
    const lroSections = ["realistic", "delete", "approve"] as const;
    if (lroSections.some((s) => options.sections.has(s))) {
      const ctx = {
        emulator,
        baseline: new SdkBaseline(emulator.url, emulator.subscriptionId, emulator.url),
        provider: new MhsmPrivateEndpointConnectionProvider({ report: () => undefined }),
        options,
        progress: log,
      };
      await warmUp(ctx);
      if (options.sections.has("realistic")) {
        realistic.push(
          ...(await realisticComparison({
            ...ctx,
            timeScale: options.timeScale,
            count: options.realisticCount,
          })),
        );
        ctx.emulator.control.setBehavior(FAST_TIMINGS);
      }
      if (options.sections.has("delete")) comparisons.push(...(await deleteComparison(ctx)));
      if (options.sections.has("approve")) comparisons.push(...(await approveComparison(ctx)));
    }
    if (cli && workspace && options.sections.has("host") && provider) {
      host.coldStarts = await coldStarts(
        cli,
        workspace,
        path.join(REPO_ROOT, "examples", "many"),
        provider,
        options.coldStarts,
        log,
      );
    }
    if (cli && workspace && options.sections.has("realistic") && options.realisticBulkN > 0) {
      realisticBulk.push(
        ...(await realisticBulkRuns(
          { emulator, cli, workspace, marker, options, progress: log },
          options.realisticBulkN,
        )),
      );
    }
    if (options.sections.has("realistic") && options.realisticBulkN > 0) {
      log(`read budget on a virtual clock, N=${options.realisticBulkN}`);
      budgetRows.push(...(await budgetPrice(options.realisticBulkN)));
    }
    if (cli && workspace && options.sections.has("bulk")) {
      if (!HostMemorySampler.available()) {
        notes.push("no /proc on this machine: the host's peak memory was not measured");
      }
      bulk = await bulkRuns({ emulator, cli, workspace, marker, options, progress: log });
    }
    if (options.sections.has("policy")) {
      policy = await policyBench(emulator, options, log);
    }
    if (options.sections.has("services")) {
      services = await servicesBench(emulator, options, log);
    }
  } finally {
    workspace?.dispose();
    process.env = saved;
    await emulator.stop();
  }

  const totalMs = Date.now() - started;
  const picture =
    options.out && (realistic.length > 0 || realisticBulk.length > 0)
      ? options.out.replace(/\.md$/, "") + ".svg"
      : undefined;
  const { markdown, misses } = renderReport({
    picture: picture && path.basename(picture),
    env: machine(cli),
    options,
    comparisons,
    realistic,
    realisticBulk,
    budgetPrice: budgetRows,
    bulk,
    host: options.sections.has("host") ? host : undefined,
    policy,
    services,
    totalMs,
    notes,
  });
  process.stdout.write(`${markdown}\n`);
  if (options.out) {
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, markdown);
    log(`written to ${path.relative(process.cwd(), options.out) || options.out}`);
    if (picture) {
      fs.writeFileSync(picture, renderChart(realistic, realisticBulk));
      log(`picture written to ${path.relative(process.cwd(), picture)}`);
    }
  }
  log(`${misses.length} row(s) miss their target; total ${formatMs(totalMs)}`);
  return 0;
}

async function main() {
  let options: BenchOptions | "help";
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (isUsageError(error)) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!relaunchUnlessEmulatorTrusted(__filename)) {
    return;
  }
  const code = await run(options);
  // setMocks and the SDK clients may hold handles open; the report is written.
  process.exit(code);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

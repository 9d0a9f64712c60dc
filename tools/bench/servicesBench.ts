import { REALISTIC_TIMINGS, type RunningEmulator } from "../../emulator";
import { AnyPrivateEndpointConnectionPolicyProvider, type PolicyInputs } from "../../provider";
import { newArmBudget } from "../../provider/arm/armBudget";
import { FIXED_POLL_VARIABLE } from "../../provider/arm/readBudget";
import { table, verdictText } from "./markdownTable";
import type { BenchOptions } from "./options";
import { formatMs, isArmRequest } from "./stats";

/**
 * Section 6: approval policies over parents of several private-link services at once, each
 * answering as its service does (synchronous PUTs, operations by Location or
 * Azure-AsyncOperation, stale reads, interim statuses) on Azure's recorded timings, under ARM's
 * read and write buckets at
 * their documented sizes. One policy provider per parent, as the engine makes them, all in one
 * process (so on one budget); then the same with a 2-s poller (MHSM_PEC_FIXED_POLL_SECONDS=2:
 * no budget, each wait polling every 2 s). Ideal: N / the write bucket's refill, or the
 * longest operation, whichever is larger.
 */
const SERVICES = [
  "Microsoft.Storage/storageAccounts",
  "Microsoft.Sql/servers",
  "Microsoft.DocumentDB/databaseAccounts",
  "Microsoft.ContainerRegistry/registries",
  "Microsoft.Web/sites",
  "Microsoft.EventHub/namespaces",
];
const RG = "bench-services-rg";
/** ARM's documented buckets (as section 0b). */
const READS = { capacity: 250, refillPerSecond: 25 };
const WRITES = { capacity: 200, refillPerSecond: 10 };
const BUCKETS = { reads: READS, writes: WRITES, deletes: WRITES };
/** Azure's recorded PUT durations (16-65 s), as section 0 runs them but in real time. */
const LONGEST_PUT_MS = REALISTIC_TIMINGS.putDurationMaxMs ?? 65_000;
const TARGET_RATIO = 1.1;

export interface ServicesBenchRow {
  client: "ours" | "2-s poller";
  n: number;
  wallMs: number;
  idealMs: number;
  requests: number;
  puts: number;
  readThrottled: number;
  writeThrottled: number;
  approved: number;
  errors: string[];
}

function consumerEndpoint(i: number): string {
  return `/subscriptions/0a0a0a0a-0000-4000-8000-00000000000a/resourceGroups/rg-consumer/providers/Microsoft.Network/privateEndpoints/pe-${i}`;
}

async function runOnce(
  emulator: RunningEmulator,
  client: ServicesBenchRow["client"],
  perService: number,
  progress: (line: string) => void,
): Promise<ServicesBenchRow> {
  const control = emulator.control;
  const parents = SERVICES.map((resourceType, s) => {
    const parentName = `bench-${client === "ours" ? "ours" : "poller"}-${s}`;
    control.createParent({ resourceType, resourceGroupName: RG, parentName });
    for (let i = 0; i < perService; i++) {
      const privateEndpointId = consumerEndpoint(s * perService + i);
      control.createConnection({
        resourceType,
        resourceGroupName: RG,
        parentName,
        privateEndpointId,
      });
    }
    const id = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/${resourceType}/${parentName}`;
    return { resourceType, parentName, id };
  });
  const env = { ...process.env, ...(client === "ours" ? {} : { [FIXED_POLL_VARIABLE]: "2" }) };
  // A new process's budget, shared by every policy as the engine's host shares it.
  const armBudget = client === "ours" ? newArmBudget() : undefined;
  const providers = parents.map(
    () =>
      new AnyPrivateEndpointConnectionPolicyProvider({
        report: () => undefined,
        notice: () => undefined,
        env,
        ...(armBudget ? { armBudget } : {}),
      }),
  );
  control.clearRequestLog();
  progress(`services (${client}): ${parents.length} policies over ${perService} connections each`);
  const started = Date.now();
  const outcomes = await Promise.allSettled(
    parents.map((p, i) => providers[i].create(policyOf(p.id))),
  );
  const wallMs = Date.now() - started;
  const log = control.requestLog().filter(isArmRequest);
  const approved = parents
    .flatMap(({ resourceType, parentName }) =>
      control.listConnections({ resourceType, parentName, resourceGroupName: RG }),
    )
    .filter((c) => c.properties.privateLinkServiceConnectionState.status === "Approved").length;
  const n = parents.length * perService;
  return {
    client,
    n,
    wallMs,
    idealMs: Math.max((n / WRITES.refillPerSecond) * 1000, LONGEST_PUT_MS),
    requests: log.length,
    puts: log.filter((r) => r.method === "PUT").length,
    readThrottled: log.filter((r) => r.status === 429 && r.method === "GET").length,
    writeThrottled: log.filter((r) => r.status === 429 && r.method !== "GET").length,
    approved,
    errors: outcomes.flatMap((o) =>
      o.status === "rejected" ? [String(o.reason).split("\n")[0]] : [],
    ),
  };
}

function policyOf(parentResourceId: string): PolicyInputs {
  return {
    parentResourceId,
    rules: [{ name: "all-consumers", action: "Approved", match: { any: true } }],
    otherwise: "leave",
    scope: "pending",
    exclude: [],
    onDelete: "retain",
  };
}

export async function servicesBench(
  emulator: RunningEmulator,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<ServicesBenchRow[]> {
  const control = emulator.control;
  const saved = control.getBehavior();
  control.setBehavior({
    ...REALISTIC_TIMINGS,
    throttle: BUCKETS,
  });
  const perService = Math.max(1, Math.round(options.policyN / SERVICES.length));
  try {
    const rows: ServicesBenchRow[] = [];
    for (const client of ["ours", "2-s poller"] as const) {
      rows.push(await runOnce(emulator, client, perService, progress));
      // Setting the buckets again fills them: the next client starts as the first did.
      control.setBehavior({ throttle: BUCKETS });
    }
    return rows;
  } finally {
    control.setBehavior(saved);
  }
}

/** The section's markdown and the misses of ours. */
export function renderServicesSection(rows: ServicesBenchRow[]): {
  lines: string[];
  misses: string[];
} {
  const misses: string[] = [];
  const body = rows.map((r) => {
    const ratio = r.wallMs / r.idealMs;
    const ours = r.client === "ours";
    const problems = [
      ...(r.approved !== r.n ? [`${r.approved}/${r.n} approved`] : []),
      ...(r.errors.length > 0 ? [`${r.errors.length} failed: ${r.errors[0]}`] : []),
      ...(r.readThrottled > 0 ? [`${r.readThrottled} read 429s`] : []),
      ...(ratio > TARGET_RATIO ? [`wall ${ratio.toFixed(2)}× the ideal`] : []),
    ];
    if (ours && problems.length > 0) misses.push(`- services N=${r.n}: ${problems.join("; ")}.`);
    return [
      String(r.n),
      r.client,
      formatMs(r.wallMs),
      formatMs(r.idealMs),
      `${ratio.toFixed(2)}×`,
      String(r.requests),
      String(r.puts),
      String(r.readThrottled),
      String(r.writeThrottled),
      `${r.approved}/${r.n}`,
      String(r.errors.length),
      ours ? `all approved, 0 read 429s, ≤ ${TARGET_RATIO.toFixed(2)}×` : "(comparison)",
      ours ? verdictText({ pass: problems.length === 0, misses: problems }) : "—",
    ];
  });
  const lines = [
    "## 6. Approval policies over several private-link services",
    "",
    `One approval policy per parent, created at once in one process (one budget), over ${SERVICES.length} parents of ` +
      `different services (${SERVICES.map((s) => s.split("/")[0].replace("Microsoft.", "")).join(", ")}), ` +
      "each answering as its service does in the emulator (synchronous PUTs, operations by Location or " +
      "Azure-AsyncOperation, GETs that show the old status for a while, interim statuses). ARM's buckets at " +
      `their documented sizes: reads ${READS.capacity} / ${READS.refillPerSecond} per s, writes ${WRITES.capacity} / ` +
      `${WRITES.refillPerSecond} per s; Azure's recorded timings in real time (each PUT 16-${LONGEST_PUT_MS / 1000} s; ` +
      "Cosmos DB's GETs show the old status for 30 s after it), no Retry-After (as recorded). 2-s poller: the same policies with `MHSM_PEC_FIXED_POLL_SECONDS=2`. " +
      `Ideal: N / ${WRITES.refillPerSecond} per s, or the longest operation, whichever is larger.`,
    "",
    table(
      [
        "N",
        "client",
        "wall",
        "ideal",
        "wall/ideal",
        "requests",
        "PUTs",
        "read 429s",
        "write 429s",
        "approved",
        "failures",
        "target (ours)",
        "result",
      ],
      body,
    ),
    "",
  ];
  return { lines, misses };
}

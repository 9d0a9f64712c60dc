import { strict as assert } from "node:assert";
import type { BulkRun, BulkPhase } from "../../tools/bench/bulk";
import type { ComparisonRow, Sample } from "../../tools/bench/lroBench";
import { parseOptions, type BenchOptions } from "../../tools/bench/options";
import type { ServicesBenchRow } from "../../tools/bench/servicesBench";
import { renderReport, type Results } from "../../tools/bench/report";
import * as prose from "../../tools/bench/reportProse";

/*
 * docs/bench.md explains every miss with a paragraph of reportProse.ts chosen by report.ts from
 * the numbers (and, for a known SDK failure, from its error text): each case gets its paragraph.
 */

function options(): BenchOptions {
  const parsed = parseOptions([], {});
  assert.notEqual(parsed, "help");
  return { ...(parsed as BenchOptions), bulkNs: [20] };
}

function sample(overshootMs: number, requests: number, breakdown: string, error?: string): Sample {
  return { overshootMs, requests, breakdown, failed: error !== undefined, error };
}

function row(impl: ComparisonRow["impl"], kind: ComparisonRow["kind"], s: Sample): ComparisonRow {
  return {
    kind,
    durationS: 10,
    retryAfterS: 1,
    impl,
    samples: [s],
    minRequests: 11,
    floorMs: 0,
    targetMs: 750,
  };
}

function phase(wallMs: number, armWindowMs: number): BulkPhase {
  return {
    wallMs,
    armWindowMs,
    leadMs: 3000,
    tailMs: 1000,
    lastWriteMs: 3500,
    operationsDoneMs: wallMs - 1500,
    requests: 40,
    throttled: 0,
    throttledReads: 0,
    retries: 0,
    failures: 0,
    errors: [],
    exitCode: 0,
    timeline: { requestsMs: [0, 500, 1500], throttledMs: [500], endsMs: [wallMs - 1500] },
  };
}

function report(partial: Partial<Results>) {
  return renderReport({
    env: { date: "d", cpu: "c", cpus: 2, node: "v20", platform: "linux" },
    options: options(),
    comparisons: [],
    realistic: [],
    realisticBulk: [],
    budgetPrice: [],
    bulk: [],
    services: [],
    totalMs: 1,
    notes: [],
    ...partial,
  });
}

describe("bench report: why each miss", () => {
  it("says every target is met when none is missed", () => {
    const { markdown, misses } = report({});
    assert.deepEqual(misses, []);
    assert.match(markdown, new RegExp(prose.NO_MISS.replace(".", "\\.")));
  });

  it("explains the SDK's throw on the empty 204 from its error text", () => {
    const error = "TypeError: Cannot read properties of undefined (reading 'id')";
    const { misses } = report({
      comparisons: [row("baseline", "delete", sample(10, 11, "DELETE + 9 poll", error))],
    });
    assert.equal(misses.length, 1);
    assert.ok(misses[0].includes(prose.KNOWN_FAILURES[0].explain(error)), misses[0]);
  });

  it("quotes an unknown failure as it is", () => {
    const { misses } = report({
      comparisons: [row("ours", "delete", sample(10, 11, "DELETE + 9 poll + 1 GET", "boom"))],
    });
    assert.ok(misses[0].includes(prose.failedWith(["boom"])), misses[0]);
  });

  it("names the read-before-write when ours sends more requests on approve", () => {
    const { misses } = report({
      comparisons: [row("ours", "approve", sample(100, 13, "1 GET + 1 PUT + 11 GET"))],
    });
    assert.ok(misses[0].endsWith(`${prose.READ_BEFORE_WRITE}.`), misses[0]);
  });

  it("puts a slow bulk up on the engine outside the ARM window, and on serialization", () => {
    const bulk: BulkRun = {
      n: 20,
      rep: 1,
      up: phase(9000, 4200),
      destroy: phase(4100, 4000),
      hostProcesses: 1,
    };
    const { misses } = report({
      bulk: [bulk],
      host: {
        coldStarts: [],
        program: { resources: 20, packageClassMs: 200, sharedProviderMs: 40 },
      },
    });
    assert.equal(misses.length, 2, misses.join("\n"));
    assert.ok(misses[0].startsWith("- bulk N=20 up: the ARM traffic itself took"), misses[0]);
    assert.ok(misses[0].includes(prose.serializationPerResource(20, 8)), misses[0]);
    assert.match(misses[1], /host peak RSS during bulk N=20: n\/a/);
  });

  it("a realistic bulk row that misses because ARM itself finished late says so, with the engine's last write", () => {
    const late = { ...phase(38_600, 37_500), lastWriteMs: 8800, operationsDoneMs: 37_700 };
    const { misses, markdown } = report({
      realisticBulk: [
        {
          n: 200,
          variant: "ours",
          up: { ...phase(70_800, 68_000), lastWriteMs: 5600, operationsDoneMs: 70_000 },
          destroy: late,
          idealUpS: 65,
          idealDestroyS: 30,
        },
        {
          n: 200,
          variant: "ours, no checkpoints",
          up: { ...phase(70_000, 68_000), lastWriteMs: 400, operationsDoneMs: 69_000 },
          destroy: { ...phase(35_000, 34_000), lastWriteMs: 400, operationsDoneMs: 30_400 },
          idealUpS: 65,
          idealDestroyS: 30,
        },
      ],
    });
    assert.equal(misses.length, 1, "the comparison rows have no target: " + misses.join("\n"));
    assert.match(misses[0], /N=200 destroy, ours: wall 1\.29× the ideal/);
    assert.match(
      markdown,
      /Without the checkpoints the last DELETE left 0\.4 s in and the destroy took 35\.0 s \(1\.17×\)\./,
    );
    assert.match(
      markdown,
      /The engine started \(CLI, the program through ts-node, the provider host\) for \d+\.\d s \(up\) and \d+\.\d s \(destroy\) before the first ARM request/,
    );
    assert.match(misses[0], /ARM itself finished the last operation at 1\.26× the ideal/);
    assert.match(misses[0], /last DELETE 8\.8 s in\), and ours ended 0\.9 s after that/);
    assert.match(
      markdown,
      /\| 200 \| up \| ours \| 70\.8 s \| 65 s \| 1\.09× \| 5\.6 s \| 70\.0 s \| 0\.8 s \|/,
    );
  });
});

describe("bench report: approval policies over several services", () => {
  const row = (client: "ours" | "2-s poller", overrides: Partial<ServicesBenchRow> = {}) => ({
    client,
    n: 120,
    wallMs: 12_500,
    idealMs: 12_000,
    requests: 400,
    puts: 120,
    readThrottled: 0,
    writeThrottled: 0,
    approved: 120,
    errors: [],
    ...overrides,
  });

  it("passes ours when all are approved within the target, whatever the poller does", () => {
    const { markdown, misses } = report({
      services: [row("ours"), row("2-s poller", { readThrottled: 300, wallMs: 30_000 })],
    });
    assert.deepEqual(misses, []);
    assert.match(markdown, /## 6\. Approval policies over several private-link services/);
    assert.match(markdown, /\| 120 \| 2-s poller \| .* \| 300 \|/);
  });

  it("names each problem of ours: read 429s, failures, the wall", () => {
    const { misses } = report({
      services: [
        row("ours", { readThrottled: 3, errors: ["boom"], wallMs: 20_000, approved: 119 }),
      ],
    });
    assert.equal(misses.length, 1);
    assert.match(
      misses[0],
      /119\/120 approved; 1 failed: boom; 3 read 429s; wall 1\.67× the ideal/,
    );
  });
});

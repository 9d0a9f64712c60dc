import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { serviceProfileOf } from "../../provider/arm/serviceProfiles";

/*
 * The profile table against real ARM traffic: every accepted PUT of a connection in the azure-cli
 * recordings (a verbatim cut of ../shared/azure-spec's digest, checked against it when present).
 * A synchronous service answered 200 with nowhere to poll; a long-running one named an
 * operation at least once.
 */
const REPO = path.resolve(__dirname, "../../..");
const TRIMMED = path.join(REPO, "test/fixtures/services/recordings/pec-puts.txt");
const FULL = path.resolve(
  REPO,
  "../shared/azure-spec/recordings/azure-cli/PEC-INTERACTIONS-DIGEST.txt",
);

interface RecordedPut {
  line: string;
  resourceType: string;
  status: number;
  operation: boolean;
}

function recordedPuts(): RecordedPut[] {
  const lines = fs.readFileSync(TRIMMED, "utf8").split("\n").slice(1).filter(Boolean);
  // Each line verbatim from the digest, whenever the full copy is here to say so.
  const digest = fs.existsSync(FULL)
    ? new Set(fs.readFileSync(FULL, "utf8").split("\n"))
    : undefined;
  for (const line of lines) assert.ok(digest?.has(line) ?? true, `not in the digest: ${line}`);
  return lines.map((line) => {
    const m = /^\[\d+\] PUT ([^/]+\/[^/]+)\/\S+ -> (\d+) /.exec(line);
    assert.ok(m, line);
    const operation = / (location|azure-asyncoperation)=/.test(line);
    return { line, resourceType: m[1], status: Number(m[2]), operation };
  });
}

describe("service profiles against the recorded PUTs", () => {
  it("has a synchronous service answer every PUT 200, with nowhere to poll", () => {
    const puts = recordedPuts().filter(
      (p) => serviceProfileOf(p.resourceType)?.putStyle === "synchronous",
    );
    const types = new Set(puts.map((p) => p.resourceType));
    assert.ok(types.has("Microsoft.Storage/storageAccounts") && types.size >= 4, [...types].join());
    for (const put of puts) assert.ok(put.status === 200 && !put.operation, put.line);
  });

  it("has a long-running service name an operation to follow", () => {
    const profiled = recordedPuts().filter(
      (p) => serviceProfileOf(p.resourceType)?.putStyle === "long-running",
    );
    const types = new Set(profiled.map((p) => p.resourceType));
    assert.ok(types.size >= 8, [...types].join());
    for (const type of types) {
      assert.ok(
        profiled.some((p) => p.resourceType === type && p.operation),
        `${type}: no recorded operation`,
      );
    }
  });
});

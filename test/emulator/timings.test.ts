import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { REALISTIC_TIMINGS, operationDurationMs, type EmulatorBehavior } from "../../emulator";
import { mergeBehavior } from "../../emulator/behavior";
import { DEFAULT_BEHAVIOR } from "../../emulator/defaults";
import {
  APPROVE,
  RG,
  connectionPath,
  seed,
  start,
  stopEmulatorsAfterEach,
  withApi,
  HSM,
} from "./support/emulator";
import { arm, control, header, json } from "./support/https";

const realistic: EmulatorBehavior = { ...DEFAULT_BEHAVIOR, ...REALISTIC_TIMINGS };

function durations(kind: "put" | "delete", behavior: EmulatorBehavior, n = 200): number[] {
  return Array.from({ length: n }, (_, i) =>
    operationDurationMs(kind, `/subscriptions/s/resourcegroups/${RG}/x/conn-${i}`, behavior),
  );
}

describe("emulator timing profiles", () => {
  stopEmulatorsAfterEach();

  it("defaults to the recording: no Retry-After, PUT Updating 16-65 s, DELETE 10-30 s", () => {
    assert.equal(DEFAULT_BEHAVIOR.putRetryAfterSeconds, null);
    assert.equal(DEFAULT_BEHAVIOR.deleteRetryAfterSeconds, null);
    assert.deepEqual(
      [DEFAULT_BEHAVIOR.putDurationMs, DEFAULT_BEHAVIOR.putDurationMaxMs],
      [16_000, 65_000],
    );
    assert.deepEqual(
      [DEFAULT_BEHAVIOR.deleteDurationMs, DEFAULT_BEHAVIOR.deleteDurationMaxMs],
      [10_000, 30_000],
    );
    assert.deepEqual({ ...DEFAULT_BEHAVIOR, ...REALISTIC_TIMINGS }, { ...DEFAULT_BEHAVIOR });
  });

  it("the README's Behavior list states these defaults", () => {
    const readme = fs.readFileSync(
      path.join(__dirname, "..", "..", "..", "emulator", "README.md"),
      "utf8",
    );
    const keys = [
      "putDurationMs",
      "putDurationMaxMs",
      "putRetryAfterSeconds",
      "deleteDurationMs",
      "deleteDurationMaxMs",
      "deleteRetryAfterSeconds",
      "timeScale",
    ] as const;
    for (const key of keys) {
      const row = new RegExp(`^- \\*\\*\`${key}\`\\*\\*\\n {2}- Default: (.+)$`, "m").exec(readme);
      assert.ok(row, `an entry for ${key}`);
      assert.equal(row[1], String(DEFAULT_BEHAVIOR[key]), key);
    }
  });

  it("spreads many operations evenly over the range, the same way every run", () => {
    for (const [kind, min, max] of [
      ["put", 16_000, 65_000],
      ["delete", 10_000, 30_000],
    ] as const) {
      const spread = durations(kind, realistic);
      assert.deepEqual(spread, durations(kind, realistic));
      assert.ok(spread.every((d) => d >= min && d <= max));
      // Each fifth of the range holds 40 of 200 give or take sampling noise.
      const fifths = [0, 1, 2, 3, 4].map(
        (f) =>
          spread.filter(
            (d) => d >= min + (f * (max - min)) / 5 && d < min + ((f + 1) * (max - min)) / 5,
          ).length,
      );
      assert.ok(
        fifths.every((n) => n >= 20 && n <= 60),
        `${kind}: ${fifths.join(", ")}`,
      );
    }
    // A connection's PUT and DELETE fall independently.
    assert.notDeepEqual(
      durations("put", { ...realistic, putDurationMs: 0, putDurationMaxMs: 1000 }),
      durations("delete", { ...realistic, deleteDurationMs: 0, deleteDurationMaxMs: 1000 }),
    );
  });

  it("timeScale runs the same shapes faster; without a max every operation takes the minimum", () => {
    const tenth = durations("put", { ...realistic, timeScale: 0.1 });
    durations("put", realistic).forEach((d, i) => assert.ok(Math.abs(tenth[i] - d / 10) <= 1));
    assert.deepEqual(
      new Set(durations("delete", { ...realistic, deleteDurationMaxMs: null })),
      new Set([10_000]),
    );
  });

  it("checks the new keys", () => {
    assert.throws(
      () => mergeBehavior(DEFAULT_BEHAVIOR, { timeScale: 0 }),
      /behavior.timeScale must be a number > 0 and <= 1 \(got 0\)/,
    );
    assert.throws(
      () => mergeBehavior(DEFAULT_BEHAVIOR, { putDurationMaxMs: -1 }),
      /behavior.putDurationMaxMs must be a number >= 0/,
    );
    assert.equal(
      mergeBehavior(DEFAULT_BEHAVIOR, { deleteDurationMaxMs: null }).deleteDurationMaxMs,
      null,
    );
  });

  it("over HTTPS at timeScale 0.01: no Retry-After anywhere, and the DELETE ends inside 100-300 ms", async () => {
    const emulator = await start({ behavior: { ...REALISTIC_TIMINGS, timeScale: 0.01 } });
    seed(emulator);
    const path = withApi(connectionPath(emulator));
    const put = await arm(emulator, "PUT", path, { body: APPROVE });
    assert.equal(put.status, 200);
    assert.equal(header(put, "retry-after"), undefined);
    emulator.control.advanceClock(700); // past 65 s × 0.01
    const settled = json<{ properties: { provisioningState: string } }>(
      await arm(emulator, "GET", path),
    );
    assert.equal(settled.properties.provisioningState, "Succeeded");

    const accepted = await arm(emulator, "DELETE", path);
    assert.equal(accepted.status, 202);
    assert.equal(header(accepted, "retry-after"), undefined);
    const poll = header(accepted, "location") ?? "";
    const running = await arm(emulator, "GET", poll);
    assert.equal(running.status, 202, "still running before 10 s × 0.01");
    assert.equal(header(running, "retry-after"), undefined);
    emulator.control.advanceClock(350); // past 30 s × 0.01
    assert.equal((await arm(emulator, "GET", poll)).status, 204);
  });

  it("tells how long a connection's PUT and DELETE run, in-process and over HTTP, as they then do", async () => {
    const emulator = await start({ behavior: { ...REALISTIC_TIMINGS, timeScale: 0.01 } });
    seed(emulator);
    const ref = { resourceGroupName: RG, parentName: HSM, connectionName: "pec-1" };
    const putMs = emulator.control.operationDurationMs("put", ref);
    const deleteMs = emulator.control.operationDurationMs("delete", ref);
    assert.ok(putMs >= 160 && putMs <= 650, `PUT ${putMs} ms`);
    assert.ok(deleteMs >= 100 && deleteMs <= 300, `DELETE ${deleteMs} ms`);
    const query = `resourceGroupName=${RG}&parentName=${HSM}&connectionName=pec-1`;
    const overHttp = await control(
      emulator,
      "GET",
      `connections/operation-duration?operation=delete&${query}`,
    );
    assert.deepEqual(json(overHttp), { operation: "delete", durationMs: deleteMs });
    const refused = await control(
      emulator,
      "GET",
      `connections/operation-duration?operation=patch&${query}`,
    );
    assert.equal(refused.status, 400);
    assert.match(refused.text, /operation must be \\"put\\" or \\"delete\\"/);

    const path = withApi(connectionPath(emulator));
    await arm(emulator, "PUT", path, { body: APPROVE });
    emulator.control.advanceClock(putMs - 1);
    const early = json<{ properties: { provisioningState: string } }>(
      await arm(emulator, "GET", path),
    );
    assert.equal(early.properties.provisioningState, "Updating", "still running 1 ms before");
    emulator.control.advanceClock(1);
    const settled = json<{ properties: { provisioningState: string } }>(
      await arm(emulator, "GET", path),
    );
    assert.equal(settled.properties.provisioningState, "Succeeded", "done at its duration");
  });
});

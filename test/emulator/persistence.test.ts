import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ConnectionJson } from "../../emulator";
import {
  APPROVE,
  RG,
  connectionPath,
  seed,
  start,
  stopAll,
  stopEmulatorsAfterEach,
  withApi,
} from "./support/emulator";
import { arm, header, json } from "./support/https";

describe("emulator state file", () => {
  stopEmulatorsAfterEach();
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-emulator-state-"));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps parents, connections and etags across a restart", async () => {
    const stateFile = path.join(dir, "nested", "state.json");
    const first = await start({ stateFile });
    seed(first);
    await arm(first, "PUT", withApi(connectionPath(first)), { body: APPROVE });
    first.control.completeRunningOperations();
    const before = json<ConnectionJson>(await arm(first, "GET", withApi(connectionPath(first))));
    await stopAll();

    assert.ok(fs.existsSync(stateFile));
    assert.deepEqual(
      fs.readdirSync(path.dirname(stateFile)),
      ["state.json"],
      "no temporary files are left behind",
    );
    const second = await start({ stateFile });
    const after = json<ConnectionJson>(await arm(second, "GET", withApi(connectionPath(second))));
    assert.deepEqual(after, before);
    assert.equal(
      second.control.listConnections({
        kind: "vaults",
        resourceGroupName: RG,
        parentName: "kv-test",
      }).length,
      1,
    );
  });

  it("finishes an operation that was running when the emulator stopped", async () => {
    const stateFile = path.join(dir, "state.json");
    // Never: the delete runs until the test ends it, however long the restart takes.
    const first = await start({ stateFile, behavior: { deleteOutcome: "Never" } });
    seed(first);
    const poll =
      header(await arm(first, "DELETE", withApi(connectionPath(first))), "location") ?? "";
    await stopAll();

    const second = await start({ stateFile });
    const url = new URL(poll);
    const samePollOnNewPort = `${url.pathname}${url.search}`;
    assert.equal((await arm(second, "GET", samePollOnNewPort)).status, 202);
    assert.equal(second.control.completeRunningOperations(), 1);
    assert.equal((await arm(second, "GET", samePollOnNewPort)).status, 204);
    assert.equal((await arm(second, "GET", withApi(connectionPath(second)))).status, 404);
  });

  it("saves every change, including the ones the control API makes", async () => {
    const stateFile = path.join(dir, "state.json");
    const emulator = await start({ stateFile });
    emulator.control.createParent({ resourceGroupName: RG, parentName: "h" });
    const saved = JSON.parse(fs.readFileSync(stateFile, "utf8")) as {
      version: number;
      parents: unknown[];
    };
    assert.equal(saved.version, 1);
    assert.equal(saved.parents.length, 1);
    emulator.control.reset();
    const cleared = JSON.parse(fs.readFileSync(stateFile, "utf8")) as { parents: unknown[] };
    assert.deepEqual(cleared.parents, []);
  });

  it("refuses to start from a file that is not an emulator state", async () => {
    const stateFile = path.join(dir, "state.json");
    fs.writeFileSync(stateFile, "{ this is not json");
    await assert.rejects(start({ stateFile }), /is not JSON/);
    fs.writeFileSync(stateFile, JSON.stringify({ version: 2 }));
    await assert.rejects(start({ stateFile }), /not an emulator state/);
  });
});

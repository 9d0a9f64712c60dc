import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import {
  preloadExperimentalBuiltins,
  prefixOnlyBuiltins,
} from "../../provider/experimentalBuiltins";

const MODULE = path.join(__dirname, "..", "..", "provider", "experimentalBuiltins.js");

/** Loads the built-ins as Pulumi's closure serializer does, after `prelude`; its stderr. */
function serializerLoadStderr(prelude: string): string {
  const script = `${prelude}
const { builtinModules } = require("node:module");
for (const name of builtinModules) {
  if (name.startsWith("_") || ["punycode", "sys", "wasi"].includes(name)) continue;
  require(name);
}`;
  const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  return run.stderr;
}

function sqliteWarnsHere(): boolean {
  const run = spawnSync(process.execPath, ["-e", 'require("node:sqlite")'], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return /ExperimentalWarning/.test(run.stderr);
}

describe("experimental built-ins preloaded before Pulumi serializes the provider", () => {
  it("leaves no ExperimentalWarning for the serializer's load of every built-in", () => {
    const quiet = serializerLoadStderr(
      `require(${JSON.stringify(MODULE)}).preloadExperimentalBuiltins();`,
    );
    assert.doesNotMatch(quiet, /ExperimentalWarning/);
    // The control, where this Node still calls SQLite experimental (Node 24.22 no longer
    // does): without the preload, the serializer's load prints the warning.
    if (prefixOnlyBuiltins().includes("node:sqlite") && sqliteWarnsHere()) {
      assert.match(serializerLoadStderr(""), /ExperimentalWarning: SQLite/);
    }
  });

  it("lets other warnings through and restores process.emitWarning", () => {
    const stderr = serializerLoadStderr(
      `const emit = process.emitWarning;
require(${JSON.stringify(MODULE)}).preloadExperimentalBuiltins();
if (process.emitWarning !== emit) throw new Error("process.emitWarning not restored");
process.emitWarning("the program's own warning", "UserWarning");`,
    );
    assert.match(stderr, /UserWarning: the program's own warning/);
  });

  it("runs once per process", () => {
    const emit = process.emitWarning;
    preloadExperimentalBuiltins();
    preloadExperimentalBuiltins();
    assert.equal(process.emitWarning, emit);
  });
});

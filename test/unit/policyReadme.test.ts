import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  MATCH_FIELDS,
  ON_DELETE_VALUES,
  OTHERWISE_VALUES,
  SCOPE_VALUES,
} from "../../provider/policy/rules";

/** The README's "Approval policy" section says what the code does: its table and its values. */
const README = fs.readFileSync(path.join(__dirname, "..", "..", "..", "README.md"), "utf8");
const section = README.split(/^## /m).find((s) => s.startsWith("Approval policy\n")) ?? "";

describe("README: approval policy", () => {
  it("has the section", () => {
    assert.ok(section.length > 0, "README.md has a '## Approval policy' section");
  });

  it("its match table lists exactly the match fields", () => {
    const rows = [...section.matchAll(/^\| `(\w+)`\s+\|/gm)].map((m) => m[1]);
    assert.deepEqual(rows, [...MATCH_FIELDS]);
  });

  it("names every value of otherwise, scope and onDelete", () => {
    for (const value of [...OTHERWISE_VALUES, ...SCOPE_VALUES, ...ON_DELETE_VALUES]) {
      assert.ok(section.includes(`"${value}"`), `README mentions "${value}"`);
    }
  });
});

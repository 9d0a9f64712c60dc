import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  MATCH_FIELDS,
  ON_DELETE_VALUES,
  OTHERWISE_VALUES,
  SCOPE_VALUES,
} from "../../provider/policy/rules";

/** docs/approval-policy.md says what the code does: its match table and its values. */
const section = fs.readFileSync(
  path.join(__dirname, "..", "..", "..", "docs", "approval-policy.md"),
  "utf8",
);

describe("docs/approval-policy.md", () => {
  it("has the rule language", () => {
    assert.ok(section.includes("**The rule language.**"), "it explains the rule language");
  });

  it("its match table lists exactly the match fields", () => {
    const rows = [...section.matchAll(/^\| `(\w+)`\s+\|/gm)].map((m) => m[1]);
    assert.deepEqual(rows, [...MATCH_FIELDS]);
  });

  it("names every value of otherwise, scope and onDelete", () => {
    for (const value of [...OTHERWISE_VALUES, ...SCOPE_VALUES, ...ON_DELETE_VALUES]) {
      assert.ok(section.includes(`"${value}"`), `docs/approval-policy.md mentions "${value}"`);
    }
  });
});
